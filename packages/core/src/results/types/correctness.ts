// What the safety checks found: one `Correctness` from core's `run()` to a results cell.
// Part of the results contract: `../types.ts` declares the whole file and re-exports this, and `pnpm schema` starts there.
import type { Count } from './values.ts';

/** A value a workload checked: what a correct run gives and what this one gave. */
export interface Check {
  readonly name: string;
  readonly expected: number;
  readonly observed: number;
}

/** An object whose count differed from the references to it at the audit. */
export interface RefcountMismatch {
  readonly ref: number;
  /** The object's type tag. */
  readonly tag: number;
  /** References found: from live objects' reference slots and from roots. */
  readonly expected: number;
  /** What the strategy's `refcount` said. */
  readonly actual: number;
}

/**
 * What the checks found on a run: core's `run()` and a closed cell report it, and a results cell
 * carries it (summed over the timed run and the counting pass). Every count is 0 for a correct
 * strategy.
 */
export interface Correctness {
  /** Updates the workload expected but did not find (its own check). */
  readonly lostUpdates: Count;
  /** Mortal objects still alive after every root was released. */
  readonly leaks: Count;
  /** Frees of an object that was already free. */
  readonly doubleFrees: Count;
  /** Reads of freed objects during the run plus references to freed slots at the audit. */
  readonly useAfterFree: Count;
  /** Objects whose count differed from the references to them at the audit. */
  readonly auditMismatches: Count;
  /** Corrupted free lists the allocator found. */
  readonly corruptions: Count;
  /** True when every count above is 0. */
  readonly ok: boolean;
  /** The workload's checked values (expected vs observed); empty when it checks none. */
  readonly checks: readonly Check[];
  /** The first objects whose count was wrong at the audit (a few at most). */
  readonly mismatches: readonly RefcountMismatch[];
}
