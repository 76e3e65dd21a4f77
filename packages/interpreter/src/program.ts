/**
 * A program: one function's code object, like CPython's `PyCodeObject` reduced to what rclab
 * runs. Programs are plain data, built by the assembler (`assemble`) from text that reads like
 * `dis` output, and printed back by `dis`; `assemble(dis(p))` gives `p` again.
 */

/** A constant: an int, an interned string, a bool, `null` for `None`, or a tuple of constants (an array). */
export type Const = number | string | boolean | null | readonly Const[];

/** A line of the source the instructions came from, shown above instruction `at`. */
export interface SourceNote {
  /** Index of the first instruction of the line (not the offset: offset = 2 × index). */
  readonly at: number;
  readonly text: string;
}

/** One function's code. */
export interface Program {
  /** Function name (`co_name`). */
  readonly name: string;
  /** Number of parameters; they are the first `argcount` local variables. */
  readonly argcount: number;
  /** Local variable names (`co_varnames`), parameters first. */
  readonly varnames: readonly string[];
  /** Global and attribute names (`co_names`). */
  readonly names: readonly string[];
  /** Constants (`co_consts`). */
  readonly consts: readonly Const[];
  /** Instructions: opcode, argument, opcode, argument, … */
  readonly code: Int32Array;
  /** Source lines shown in the listing. */
  readonly notes: readonly SourceNote[];
}

/** Python `repr` of a constant, as `dis` shows it. */
export function constRepr(value: Const): string {
  if (value === null) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'string') return `'${value}'`;
  if (Array.isArray(value)) return value.length === 1 ? `(${constRepr(value[0] as Const)},)` : `(${value.map(constRepr).join(', ')})`;
  return String(value);
}

/** Same constant (distinguishes `1`, `True` and `'1'`). */
export function sameConst(a: Const | undefined, b: Const): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x: Const, k: number) => sameConst(x, b[k] as Const));
  }
  return typeof a === typeof b && a === b;
}

/** Number of instructions in a program. */
export function instructionCount(program: Program): number {
  return program.code.length >> 1;
}
