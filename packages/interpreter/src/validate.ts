import { jumpTarget } from './dis.ts';
import {
  BINARY_OPS,
  BUILD_LIST,
  BUILD_MAP,
  BUILD_TUPLE,
  CALL,
  COMPARE_OPS,
  COPY,
  FOR_ITER,
  JUMP_BACKWARD,
  JUMP_FORWARD,
  LIST_APPEND,
  LOAD_ATTR,
  LOAD_GLOBAL,
  OPCODES,
  type OpInfo,
  POP_JUMP_IF_FALSE,
  POP_JUMP_IF_TRUE,
  RETURN_CONST,
  RETURN_VALUE,
  SWAP,
} from './opcodes.ts';
import type { Program } from './program.ts';

/** A program the interpreter refuses to run; the message names the instruction. */
export class ProgramError extends Error {
  override readonly name = 'ProgramError';
}

/**
 * Checks a program before it runs (what CPython's compiler guarantees): every argument
 * indexes an existing table entry, jumps land on instructions, the stack depth is the same on
 * every path into an instruction and never negative, and no path falls off the end. Returns
 * the largest stack depth.
 *
 * @throws ProgramError naming the first bad instruction.
 */
export function validateProgram(program: Program): number {
  const code = program.code;
  const count = code.length >> 1;
  const where = (i: number): string => `${program.name}, offset ${2 * i}`;
  if (count === 0) throw new ProgramError(`${program.name}: no instructions`);
  for (let i = 0; i < count; i++) {
    const op = code[2 * i] as number;
    const arg = code[2 * i + 1] as number;
    const info = OPCODES[op];
    if (info === undefined) throw new ProgramError(`${where(i)}: unknown opcode ${op}`);
    const bad = (what: string): never => {
      throw new ProgramError(`${where(i)}: ${info.name} ${arg}: ${what}`);
    };
    switch (info.arg) {
      case 'const':
        if (arg < 0 || arg >= program.consts.length) bad('no such constant');
        break;
      case 'local':
        if (arg < 0 || arg >= program.varnames.length) bad('no such local');
        break;
      case 'name':
        if (arg < 0 || arg >= program.names.length) bad('no such name');
        break;
      case 'global':
      case 'attr':
        if (arg < 0 || arg >> 1 >= program.names.length) bad('no such name');
        break;
      case 'binop':
        if (!BINARY_OPS.has(arg)) bad('unsupported operator');
        break;
      case 'cmp':
        if (arg < 0 || arg >= COMPARE_OPS.length) bad('unsupported comparison');
        break;
      case 'forward':
      case 'backward': {
        const t = jumpTarget(info, i, arg);
        if (arg < 0 || t < 0 || t >= count) bad('jumps outside the code');
        break;
      }
      case 'int':
        if (arg < 0 || arg > 255) bad('argument out of range 0..255');
        if (arg === 0 && (op === LIST_APPEND || op === COPY || op === SWAP)) bad('argument must be at least 1');
        break;
      default:
        break;
    }
  }

  // Stack depths by data flow over the control-flow graph.
  const depth = new Int32Array(count).fill(-1);
  const work: number[] = [0];
  depth[0] = 0;
  let max = 0;
  const flow = (from: number, to: number, d: number): void => {
    if (to >= count) throw new ProgramError(`${where(from)}: execution falls off the end of the code`);
    if (d < 0) throw new ProgramError(`${where(from)}: pops more than the stack holds`);
    if (depth[to] === -1) {
      depth[to] = d;
      work.push(to);
    } else if (depth[to] !== d) {
      throw new ProgramError(`${where(to)}: reached with stack depth ${depth[to]} and ${d}`);
    }
  };
  while (work.length > 0) {
    const i = work.pop() as number;
    const op = code[2 * i] as number;
    const arg = code[2 * i + 1] as number;
    const info = OPCODES[op] as OpInfo;
    const d = depth[i] as number;
    const [pops, pushes] = stackEffect(op, arg);
    if (d < pops) throw new ProgramError(`${where(i)}: ${info.name} needs ${pops} on the stack, has ${d}`);
    const after = d - pops + pushes;
    max = Math.max(max, after, d);
    if (op === RETURN_VALUE || op === RETURN_CONST) continue;
    if (op === FOR_ITER) {
      flow(i, i + 1, after);
      flow(i, jumpTarget(info, i, arg), d - 1);
    } else if (op === JUMP_FORWARD || op === JUMP_BACKWARD) {
      flow(i, jumpTarget(info, i, arg), after);
    } else if (op === POP_JUMP_IF_FALSE || op === POP_JUMP_IF_TRUE) {
      flow(i, i + 1, after);
      flow(i, jumpTarget(info, i, arg), after);
    } else {
      flow(i, i + 1, after);
    }
  }
  return max;
}

/** Items an instruction pops and pushes (`FOR_ITER`: when it continues the loop). */
export function stackEffect(op: number, arg: number): readonly [number, number] {
  switch (op) {
    case LOAD_GLOBAL:
      return [0, 1 + (arg & 1)];
    case LOAD_ATTR:
      return [1, 1 + (arg & 1)];
    case BUILD_LIST:
    case BUILD_TUPLE:
      return [arg, 1];
    case CALL:
      return [arg + 2, 1];
    case BUILD_MAP:
      return [2 * arg, 1];
    case LIST_APPEND:
      return [arg + 1, arg];
    case COPY:
      return [arg, arg + 1];
    case SWAP:
      return [arg, arg];
    default:
      return EFFECTS[op] ?? [0, 0];
  }
}

const EFFECTS: Readonly<Record<number, readonly [number, number]>> = Object.fromEntries(
  (
    [
      ['NOP', 0, 0],
      ['RESUME', 0, 0],
      ['LOAD_CONST', 0, 1],
      ['LOAD_FAST', 0, 1],
      ['STORE_FAST', 1, 0],
      ['STORE_GLOBAL', 1, 0],
      ['STORE_ATTR', 2, 0],
      ['BINARY_OP', 2, 1],
      ['COMPARE_OP', 2, 1],
      ['BINARY_SUBSCR', 2, 1],
      ['STORE_SUBSCR', 3, 0],
      ['GET_ITER', 1, 1],
      ['FOR_ITER', 1, 2],
      ['JUMP_FORWARD', 0, 0],
      ['JUMP_BACKWARD', 0, 0],
      ['POP_JUMP_IF_FALSE', 1, 0],
      ['POP_JUMP_IF_TRUE', 1, 0],
      ['POP_TOP', 1, 0],
      ['RETURN_VALUE', 1, 0],
      ['RETURN_CONST', 0, 0],
    ] as const
  ).map(([name, pops, pushes]) => [OPCODES.findIndex((o) => o.name === name), [pops, pushes] as const]),
);
