import { jumpTarget } from './dis.ts';
import { BINARY_OPS, COMPARE_OPS, OPCODE_BY_NAME, OPCODES, type OpInfo } from './opcodes.ts';
import { type Const, constRepr, type Program, sameConst, type SourceNote } from './program.ts';

/** A line of assembler input that could not be read; names the line and what is wrong. */
export class AssemblyError extends SyntaxError {
  override readonly name = 'AssemblyError';
}

const HEADER = /^Disassembly of ([A-Za-z_]\w*)\(([^)]*)\):\s*$/;
const NOTE = /^\s*# ?(.*)$/;
const LABEL_ONLY = /^\s*([A-Za-z_]\w*):\s*$/;
const INSTRUCTION = /^\s*(?:([A-Za-z_]\w*):)?\s*(?:(\d+)\s+)?([A-Z][A-Z_]*)(?:\s+(.*?))?\s*$/;
const EXPLICIT = /^(-?\d+)\s+\((.*)\)$/;
const IDENT = /^[A-Za-z_]\w*$/;
const STRING = /^'([A-Za-z0-9_ .:-]*)'$/;

const BINOP_BY_SYMBOL = new Map([...BINARY_OPS].map(([code, symbol]) => [symbol, code]));

interface PendingJump {
  readonly index: number;
  readonly info: OpInfo;
  readonly label: string;
  readonly explicit: number | undefined;
  readonly line: number;
}

/**
 * Assembles one function from text that reads like `dis` output. Two spellings of an
 * argument are accepted:
 *
 * - **As `dis` prints it**, the number and its meaning: `LOAD_GLOBAL 1 (range + NULL)`,
 *   `LOAD_CONST 1 (1)`, `FOR_ITER 6 (to L2)`. The number is kept, and checked against the
 *   meaning where both say the same thing (a jump distance, a `BINARY_OP` code).
 * - **Symbolically**, for writing programs by hand: `LOAD_GLOBAL range + NULL`, `LOAD_CONST 1`
 *   (a literal: ints, `'str'`, `True`, `False`, `None`), `LOAD_FAST i`, `BINARY_OP +=`,
 *   `COMPARE_OP <`, `FOR_ITER L2`, `LOAD_ATTR append + NULL|self`. Tables are filled in order
 *   of first use.
 *
 * The text starts with `Disassembly of name(param, …):`. Optional offsets before the opcode
 * name are checked. `label:` before an instruction (or alone on the line above it) marks a
 * jump target. `# text` lines are
 * source notes for the next instruction. Blank lines are ignored.
 *
 * @throws AssemblyError naming the line for anything it cannot read.
 */
export function assemble(text: string): Program {
  const lines = text.split('\n');
  let name: string | undefined;
  let argcount = 0;
  const varnames: string[] = [];
  const names: string[] = [];
  const consts: (Const | undefined)[] = [];
  const code: number[] = [];
  const notes: SourceNote[] = [];
  const labels = new Map<string, number>();
  const jumps: PendingJump[] = [];
  let pendingNotes: string[] = [];
  let pendingLabels: { name: string; line: number }[] = [];

  const fail = (line: number, message: string): never => {
    throw new AssemblyError(`line ${line + 1}: ${message}: ${JSON.stringify((lines[line] ?? '').trim())}`);
  };

  for (let ln = 0; ln < lines.length; ln++) {
    const raw = (lines[ln] as string).replace(/\r$/, '');
    if (raw.trim() === '') continue;
    const header = HEADER.exec(raw);
    if (header !== null) {
      if (name !== undefined) fail(ln, 'a second function header (assemble one function at a time)');
      name = header[1];
      const params = (header[2] as string)
        .split(',')
        .map((p) => p.trim())
        .filter((p) => p !== '');
      for (const p of params) {
        if (!IDENT.test(p)) fail(ln, `bad parameter name '${p}'`);
        if (varnames.includes(p)) fail(ln, `parameter '${p}' repeated`);
        varnames.push(p);
      }
      argcount = params.length;
      continue;
    }
    if (name === undefined) fail(ln, "expected the header 'Disassembly of name(params):' first");
    const note = NOTE.exec(raw);
    if (note !== null) {
      pendingNotes.push((note[1] as string).trimEnd());
      continue;
    }
    const alone = LABEL_ONLY.exec(raw);
    if (alone !== null) {
      pendingLabels.push({ name: alone[1] as string, line: ln });
      continue;
    }
    const m = INSTRUCTION.exec(raw);
    if (m === null) fail(ln, 'not an instruction');
    const [, label, offset, opname, argText = ''] = m as RegExpExecArray;
    const op = OPCODE_BY_NAME.get(opname as string);
    if (op === undefined) fail(ln, `unknown opcode ${opname}`);
    const info = OPCODES[op as number] as OpInfo;
    const index = code.length >> 1;
    if (offset !== undefined && Number(offset) !== 2 * index) fail(ln, `offset ${offset} should be ${2 * index}`);
    for (const l of [...pendingLabels, ...(label === undefined ? [] : [{ name: label, line: ln }])]) {
      if (labels.has(l.name)) fail(l.line, `label ${l.name} defined twice`);
      labels.set(l.name, index);
    }
    pendingLabels = [];
    for (const text of pendingNotes) notes.push({ at: index, text });
    pendingNotes = [];

    const explicitMatch = EXPLICIT.exec(argText);
    const explicit = explicitMatch !== null ? Number(explicitMatch[1]) : undefined;
    const symbolic = explicitMatch !== null ? (explicitMatch[2] as string).trim() : argText.trim();
    let arg = 0;
    switch (info.arg) {
      case 'none':
        if (argText !== '') fail(ln, `${info.name} takes no argument`);
        break;
      case 'int':
        if (!/^-?\d+$/.test(argText)) fail(ln, `${info.name} takes a number`);
        arg = Number(argText);
        break;
      case 'const': {
        const value = parseLiteral(symbolic);
        if (value === undefined) fail(ln, `cannot read the constant '${symbolic}'`);
        arg = place(consts, value as Const, explicit, (k) => fail(ln, `constant ${k} is already ${constRepr(consts[k] as Const)}`));
        break;
      }
      case 'local':
        if (!IDENT.test(symbolic)) fail(ln, `bad local name '${symbolic}'`);
        arg = placeName(varnames, symbolic, explicit, (k) => fail(ln, `local ${k} is already '${varnames[k]}'`));
        break;
      case 'name':
        if (!IDENT.test(symbolic)) fail(ln, `bad name '${symbolic}'`);
        arg = placeName(names, symbolic, explicit, (k) => fail(ln, `name ${k} is already '${names[k]}'`));
        break;
      case 'global':
      case 'attr': {
        const suffix = info.arg === 'global' ? ' + NULL' : ' + NULL|self';
        const flag = symbolic.endsWith(suffix) ? 1 : 0;
        const ident = flag ? symbolic.slice(0, -suffix.length).trim() : symbolic;
        if (!IDENT.test(ident)) fail(ln, `bad name '${ident}'`);
        if (explicit !== undefined && (explicit & 1) !== flag) fail(ln, `argument ${explicit} and '${symbolic}' disagree about${suffix}`);
        arg = (placeName(names, ident, explicit === undefined ? undefined : explicit >> 1, (k) => fail(ln, `name ${k} is already '${names[k]}'`)) << 1) | flag;
        break;
      }
      case 'binop': {
        const code = BINOP_BY_SYMBOL.get(symbolic) ?? (/^\d+$/.test(symbolic) && BINARY_OPS.has(Number(symbolic)) ? Number(symbolic) : undefined);
        if (code === undefined) fail(ln, `unsupported binary operator '${symbolic}'`);
        if (explicit !== undefined && explicit !== code) fail(ln, `BINARY_OP ${explicit} is not '${symbolic}'`);
        arg = code as number;
        break;
      }
      case 'cmp': {
        let k = COMPARE_OPS.indexOf(symbolic);
        if (k < 0 && /^\d+$/.test(symbolic) && Number(symbolic) < COMPARE_OPS.length) k = Number(symbolic);
        if (k < 0) fail(ln, `unsupported comparison '${symbolic}'`);
        if (explicit !== undefined && explicit !== k) fail(ln, `COMPARE_OP ${explicit} is not '${symbolic}'`);
        arg = k;
        break;
      }
      case 'forward':
      case 'backward': {
        const target = symbolic.replace(/^to\s+/, '');
        if (/^\d+$/.test(target) && explicit === undefined) {
          arg = Number(target);
        } else {
          if (!IDENT.test(target)) fail(ln, `${info.name} needs a label (L1, loop, …)`);
          jumps.push({ index, info, label: target, explicit, line: ln });
        }
        break;
      }
    }
    code.push(op as number, arg);
  }

  if (name === undefined) throw new AssemblyError("empty program: expected 'Disassembly of name(params):' and instructions");
  if (pendingLabels.length > 0) throw new AssemblyError(`${name}: label ${pendingLabels[0]?.name} after the last instruction`);
  if (pendingNotes.length > 0) throw new AssemblyError(`${name}: a source note ('# ${pendingNotes[0]}') after the last instruction`);
  for (const j of jumps) {
    const target = labels.get(j.label);
    if (target === undefined) fail(j.line, `label ${j.label} is not defined`);
    const distance = j.info.arg === 'forward' ? (target as number) - (j.index + 1) : j.index + 1 - (target as number);
    if (distance < 0) fail(j.line, `${j.info.name} cannot jump ${j.info.arg === 'forward' ? 'backward' : 'forward'} to ${j.label}`);
    if (j.explicit !== undefined && j.explicit !== distance) fail(j.line, `${j.info.name} ${j.explicit} does not reach ${j.label} (distance ${distance})`);
    code[2 * j.index + 1] = distance;
  }
  const count = code.length >> 1;
  for (let i = 0; i < count; i++) {
    const info = OPCODES[code[2 * i] as number] as OpInfo;
    if (info.arg === 'forward' || info.arg === 'backward') {
      const t = jumpTarget(info, i, code[2 * i + 1] as number);
      if (t < 0 || t >= count) throw new AssemblyError(`${name}: ${info.name} at offset ${2 * i} jumps outside the code`);
    }
  }
  // Explicit indexes can leave holes, which the tables' element types do not show.
  const hasHole = (table: readonly unknown[]): boolean => table.findIndex((x) => x === undefined) >= 0;
  if ([consts, names, varnames].some(hasHole)) throw new AssemblyError(`${name}: the explicit indexes leave a table with a gap`);
  return {
    name,
    argcount,
    varnames,
    names,
    consts: consts as Const[],
    code: Int32Array.from(code),
    notes,
  };
}

/** Reads a Python literal: an int, `'str'`, `True`, `False` or `None`. */
export function parseLiteral(text: string): Const | undefined {
  if (text === 'None') return null;
  if (text === 'True') return true;
  if (text === 'False') return false;
  if (/^-?\d+$/.test(text)) {
    const n = Number(text);
    return n >= -(2 ** 31) && n < 2 ** 31 ? n : undefined;
  }
  const s = STRING.exec(text);
  if (s !== null) return s[1];
  // A tuple of literals: `(1, 2)`, `('a',)`, `()` (no nesting).
  const t = /^\((.*)\)$/.exec(text);
  if (t === null) return undefined;
  const inner = (t[1] as string).trim();
  if (inner === '') return [];
  const parts = inner.split(',').map((p) => p.trim());
  if (parts[parts.length - 1] === '') parts.pop();
  const items = parts.map(parseLiteral);
  return items.every((x) => x !== undefined && !Array.isArray(x)) ? (items as Const[]) : undefined;
}

function place(table: (Const | undefined)[], value: Const, explicit: number | undefined, clash: (k: number) => never): number {
  if (explicit === undefined) {
    const k = table.findIndex((c) => c !== undefined && sameConst(c, value));
    if (k >= 0) return k;
    table.push(value);
    return table.length - 1;
  }
  if (explicit < 0 || explicit > 1 << 20) clash(explicit);
  while (table.length <= explicit) table.push(undefined);
  if (table[explicit] !== undefined && !sameConst(table[explicit], value)) clash(explicit);
  // None is stored as null, which is not undefined: an explicit slot is filled once.
  table[explicit] = value;
  return explicit;
}

function placeName(table: string[], value: string, explicit: number | undefined, clash: (k: number) => never): number {
  if (explicit === undefined) {
    const k = table.indexOf(value);
    if (k >= 0) return k;
    table.push(value);
    return table.length - 1;
  }
  if (explicit < 0 || explicit > 1 << 20) clash(explicit);
  while (table.length <= explicit) table.push(undefined as unknown as string);
  if (table[explicit] !== undefined && table[explicit] !== value) clash(explicit);
  table[explicit] = value;
  return explicit;
}
