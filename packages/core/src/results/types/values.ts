// The value types the results file is built from: scalars, counts, intervals.
// Part of the results contract: `../types.ts` declares the whole file and re-exports this, and `pnpm schema` starts there.

/** A parameter or option value: what a cell's `params` and the suite's knobs hold. */
export type Scalar = number | string | boolean;

/**
 * A whole number of things, 0 or more.
 * @asType integer
 * @minimum 0
 */
export type Count = number;

/**
 * A whole number, 1 or more (threads, rounds, cores).
 * @asType integer
 * @minimum 1
 */
export type PositiveInt = number;

/**
 * A rate, a duration or a size: 0 or more.
 * @minimum 0
 */
export type NonNegative = number;

/** A median with its 95% interval (distribution-free, from order statistics of the samples). */
export interface Interval {
  readonly median: number;
  readonly low: number;
  readonly high: number;
  /** Samples behind it (slices, or rounds for a paired ratio). */
  readonly n?: Count;
}
