import { BINARY_OPS, COMPARE_OPS, OPCODES, type OpInfo } from './opcodes.ts';
import { constRepr, type Program } from './program.ts';

/** Width of the opcode-name column (CPython's `dis._OPNAME_WIDTH`). */
const OPNAME_WIDTH = 20;
/** Width of the argument column (CPython's `dis._OPARG_WIDTH`). */
const OPARG_WIDTH = 5;

/**
 * A `dis`-style listing of a program:
 *
 * ```
 * Disassembly of work(n):
 *   # for _ in range(n):
 *            0 RESUME                   0
 *            2 LOAD_GLOBAL              1 (range + NULL)
 *    L1:    10 FOR_ITER                 6 (to L2)
 * ```
 *
 * Columns follow CPython's `dis` (name padded to 20, argument right-aligned in 5, then the
 * argument's meaning in parentheses); jump targets get labels `L1`, `L2`, … in offset order
 * as in CPython 3.13; source lines are `#` comments above their first instruction. The
 * listing is also valid assembler input: `assemble(dis(p))` rebuilds `p`.
 */
export function dis(program: Program): string {
  const code = program.code;
  const count = code.length >> 1;
  const labels = jumpLabels(program);
  const lines = [`Disassembly of ${program.name}(${program.varnames.slice(0, program.argcount).join(', ')}):`];
  let note = 0;
  for (let i = 0; i < count; i++) {
    const here = program.notes.filter((n) => n.at === i);
    if (here.length > 0 && i > 0) lines.push('');
    for (const n of here) lines.push(`  # ${n.text}`);
    note += here.length;
    const label = labels.get(i);
    const head = `${(label === undefined ? '' : `${label}:`).padStart(6)} ${String(2 * i).padStart(4)} `;
    lines.push(head + instructionText(program, i, labels));
  }
  if (note !== program.notes.length) throw new RangeError(`${program.name}: a source note points past the last instruction`);
  return lines.join('\n') + '\n';
}

/** One instruction as `dis` prints it, without offset or label. */
export function instructionText(program: Program, index: number, labels: ReadonlyMap<number, string> = jumpLabels(program)): string {
  const op = program.code[2 * index] as number;
  const arg = program.code[2 * index + 1] as number;
  const info = OPCODES[op];
  if (info === undefined) throw new RangeError(`${program.name}: unknown opcode ${op} at offset ${2 * index}`);
  if (info.arg === 'none') return info.name;
  const meaning = argMeaning(program, info, index, arg, labels);
  const fields = [info.name.padEnd(OPNAME_WIDTH), String(arg).padStart(OPARG_WIDTH)];
  if (meaning !== '') fields.push(`(${meaning})`);
  return fields.join(' ').trimEnd();
}

/** Instruction index a jump at `index` goes to. */
export function jumpTarget(info: OpInfo, index: number, arg: number): number {
  return info.arg === 'forward' ? index + 1 + arg : index + 1 - arg;
}

/** Labels `L1`, `L2`, … for every jump target, in instruction order. */
export function jumpLabels(program: Program): Map<number, string> {
  const targets = new Set<number>();
  const count = program.code.length >> 1;
  for (let i = 0; i < count; i++) {
    const info = OPCODES[program.code[2 * i] as number];
    if (info !== undefined && (info.arg === 'forward' || info.arg === 'backward')) {
      targets.add(jumpTarget(info, i, program.code[2 * i + 1] as number));
    }
  }
  const labels = new Map<number, string>();
  for (const t of [...targets].sort((a, b) => a - b)) labels.set(t, `L${labels.size + 1}`);
  return labels;
}

function argMeaning(program: Program, info: OpInfo, index: number, arg: number, labels: ReadonlyMap<number, string>): string {
  const table = (list: readonly unknown[], k: number, what: string): void => {
    if (k < 0 || k >= list.length) throw new RangeError(`${program.name}: ${info.name} at offset ${2 * index} refers to ${what} ${k}, which does not exist`);
  };
  switch (info.arg) {
    case 'const':
      table(program.consts, arg, 'constant');
      return constRepr(program.consts[arg] as Exclude<Program['consts'][number], undefined>);
    case 'local':
      table(program.varnames, arg, 'local');
      return program.varnames[arg] as string;
    case 'name':
      table(program.names, arg, 'name');
      return program.names[arg] as string;
    case 'global':
      table(program.names, arg >> 1, 'name');
      return `${program.names[arg >> 1] as string}${arg & 1 ? ' + NULL' : ''}`;
    case 'attr':
      table(program.names, arg >> 1, 'name');
      return `${program.names[arg >> 1] as string}${arg & 1 ? ' + NULL|self' : ''}`;
    case 'binop': {
      const symbol = BINARY_OPS.get(arg);
      if (symbol === undefined) throw new RangeError(`${program.name}: BINARY_OP ${arg} at offset ${2 * index} is not supported`);
      return symbol;
    }
    case 'cmp': {
      const symbol = COMPARE_OPS[arg];
      if (symbol === undefined) throw new RangeError(`${program.name}: COMPARE_OP ${arg} at offset ${2 * index} is not supported`);
      return symbol;
    }
    case 'forward':
    case 'backward': {
      const target = jumpTarget(info, index, arg);
      const label = labels.get(target);
      if (label === undefined || target < 0 || target >= program.code.length >> 1) {
        throw new RangeError(`${program.name}: ${info.name} at offset ${2 * index} jumps outside the code`);
      }
      return `to ${label}`;
    }
    default:
      return '';
  }
}
