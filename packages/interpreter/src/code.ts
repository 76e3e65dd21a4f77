// What the eval loop runs: a program linked to one thread (`Code`), the frame stack's bounds,
// and where it offers the strategy a checkpoint.
import type { Program } from './program.ts';

/**
 * Where the eval loop calls `strategy.checkpoint()` (where a GIL holder may be asked to drop
 * the lock, and biased counting merges queued objects):
 * - `every`: before every instruction — the classic behaviour the article describes (CPython
 *   ≤ 3.9 checked the eval breaker at almost every instruction boundary).
 * - `backedges`: only at `RESUME` (function entry), `JUMP_BACKWARD` (loop back-edges) and
 *   after a `CALL` returns — CPython 3.10+ (`_CHECK_PERIODIC` in `Python/bytecodes.c`).
 */
export type CheckpointPlacement = 'every' | 'backedges';
export const CHECKPOINT_PLACEMENTS: readonly CheckpointPlacement[] = ['every', 'backedges'];
/** The default placement: what CPython actually does today. */
export const DEFAULT_CHECKPOINTS: CheckpointPlacement = 'backedges';

/**
 * Size of each thread's frame stack, in words: every active frame's locals and value stack
 * (CPython's per-thread data stack). A program needing more is refused at link time; a call
 * that would overflow it is a fault (RecursionError).
 */
export const STACK_SIZE = 4096;

/** Deepest nesting of Python calls (each is a nested `#eval`, so JavaScript's own stack bounds it); deeper is a RecursionError fault. */
export const MAX_CALL_DEPTH = 200;

/** A program linked to one thread's interpreter: its tables turned into heap handles. */
export interface Code {
  readonly program: Program;
  readonly ops: Int32Array;
  /** Constant objects, by constant index (borrowed: the runtime holds them). */
  readonly consts: Int32Array;
  /** Interned name objects, by name index. */
  readonly names: Int32Array;
  /** Method descriptor for name k on a list (`2k`) or a queue (`2k + 1`), or 0. */
  readonly methods: Int32Array;
  /** Local variables (parameters first): the first words of each of its frames. */
  readonly nlocals: number;
  readonly stackSize: number;
}
