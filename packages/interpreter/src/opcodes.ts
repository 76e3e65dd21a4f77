/**
 * The instruction set, modelled on CPython 3.13's (`Lib/opcode.py`, `Python/bytecodes.c`).
 *
 * An instruction is two words of an `Int32Array`: the opcode and its argument (CPython's
 * "wordcode" is two bytes; rclab has no inline caches, so the listing's offsets advance by 2 per
 * instruction). Opcode numbers are rclab's own; names, stack effects and argument encodings
 * follow CPython 3.13 except where `ARG_KINDS` says otherwise.
 */

export const NOP = 0;
export const RESUME = 1;
export const LOAD_CONST = 2;
export const LOAD_FAST = 3;
export const STORE_FAST = 4;
export const LOAD_GLOBAL = 5;
export const STORE_GLOBAL = 6;
export const LOAD_ATTR = 7;
export const STORE_ATTR = 8;
export const BINARY_OP = 9;
export const COMPARE_OP = 10;
export const BINARY_SUBSCR = 11;
export const STORE_SUBSCR = 12;
export const BUILD_LIST = 13;
export const BUILD_TUPLE = 14;
export const LIST_APPEND = 15;
export const CALL = 16;
export const GET_ITER = 17;
export const FOR_ITER = 18;
export const JUMP_FORWARD = 19;
export const JUMP_BACKWARD = 20;
export const POP_JUMP_IF_FALSE = 21;
export const POP_JUMP_IF_TRUE = 22;
export const POP_TOP = 23;
export const RETURN_VALUE = 24;
export const RETURN_CONST = 25;
export const COPY = 26;
export const SWAP = 27;
export const BUILD_MAP = 28;

/**
 * How an instruction's argument is read and shown:
 * - `none`: no argument (shown without one; assembled as 0)
 * - `int`: a plain number (`CALL 1`, `BUILD_LIST 3`)
 * - `const`: index into the constants (`LOAD_CONST 1 (1)`)
 * - `local`: index into the local variables (`LOAD_FAST 0 (n)`)
 * - `name`: index into the names (`STORE_GLOBAL 0 (counter)`)
 * - `global`: name index << 1 | push NULL (`LOAD_GLOBAL 1 (range + NULL)`), as CPython 3.11+
 * - `attr`: name index << 1 | method load (`LOAD_ATTR 3 (append + NULL|self)`), as CPython 3.12+
 * - `binop`: a `NB_*` code (`BINARY_OP 13 (+=)`), CPython's numbering
 * - `cmp`: index into `COMPARE_OPS` (`COMPARE_OP 0 (<)`); CPython 3.13 packs extra flag bits here
 * - `forward` / `backward`: a jump distance in instructions from the next one (`FOR_ITER 6 (to L2)`)
 */
export type ArgKind = 'none' | 'int' | 'const' | 'local' | 'name' | 'global' | 'attr' | 'binop' | 'cmp' | 'forward' | 'backward';

export interface OpInfo {
  readonly name: string;
  readonly arg: ArgKind;
}

/** Every opcode, by number. */
export const OPCODES: readonly OpInfo[] = [
  { name: 'NOP', arg: 'none' },
  { name: 'RESUME', arg: 'int' },
  { name: 'LOAD_CONST', arg: 'const' },
  { name: 'LOAD_FAST', arg: 'local' },
  { name: 'STORE_FAST', arg: 'local' },
  { name: 'LOAD_GLOBAL', arg: 'global' },
  { name: 'STORE_GLOBAL', arg: 'name' },
  { name: 'LOAD_ATTR', arg: 'attr' },
  { name: 'STORE_ATTR', arg: 'name' },
  { name: 'BINARY_OP', arg: 'binop' },
  { name: 'COMPARE_OP', arg: 'cmp' },
  { name: 'BINARY_SUBSCR', arg: 'none' },
  { name: 'STORE_SUBSCR', arg: 'none' },
  { name: 'BUILD_LIST', arg: 'int' },
  { name: 'BUILD_TUPLE', arg: 'int' },
  { name: 'LIST_APPEND', arg: 'int' },
  { name: 'CALL', arg: 'int' },
  { name: 'GET_ITER', arg: 'none' },
  { name: 'FOR_ITER', arg: 'forward' },
  { name: 'JUMP_FORWARD', arg: 'forward' },
  { name: 'JUMP_BACKWARD', arg: 'backward' },
  { name: 'POP_JUMP_IF_FALSE', arg: 'forward' },
  { name: 'POP_JUMP_IF_TRUE', arg: 'forward' },
  { name: 'POP_TOP', arg: 'none' },
  { name: 'RETURN_VALUE', arg: 'none' },
  { name: 'RETURN_CONST', arg: 'const' },
  { name: 'COPY', arg: 'int' },
  { name: 'SWAP', arg: 'int' },
  { name: 'BUILD_MAP', arg: 'int' },
];

/** Opcode number by name. */
export const OPCODE_BY_NAME: ReadonlyMap<string, number> = new Map(OPCODES.map((info, op) => [info.name, op]));

/**
 * `BINARY_OP` argument codes and their symbols, numbered as CPython's `NB_*` constants
 * (`Include/internal/pycore_opcode_utils.h` / `dis._nb_ops`). rclab's ints are 32-bit, so `@`,
 * `/` and `**` (and their in-place forms) are not supported.
 */
export const BINARY_OPS: ReadonlyMap<number, string> = new Map([
  [0, '+'],
  [1, '&'],
  [2, '//'],
  [3, '<<'],
  [5, '*'],
  [6, '%'],
  [7, '|'],
  [9, '>>'],
  [10, '-'],
  [12, '^'],
  [13, '+='],
  [14, '&='],
  [15, '//='],
  [16, '<<='],
  [18, '*='],
  [19, '%='],
  [20, '|='],
  [22, '>>='],
  [23, '-='],
  [25, '^='],
]);
/** First in-place `NB_*` code: `NB_INPLACE_ADD`. An in-place op on an int is its plain op. */
export const NB_INPLACE = 13;

/** `COMPARE_OP` argument: index into this list (CPython's `dis.cmp_op` order). */
export const COMPARE_OPS: readonly string[] = ['<', '<=', '==', '!=', '>', '>='];

/** Opcodes after which the `backedges` placement checks for a pending request (CPython 3.10+). */
export function isCheckpointSite(op: number): boolean {
  return op === RESUME || op === JUMP_BACKWARD || op === CALL;
}
