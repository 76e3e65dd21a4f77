/**
 * The runner's fixed-work mode (a block with `fixedWork`): every slice of a cell is exactly one
 * operation per thread, run unpaused (`LiveCell.sliceOps(1)`), so one slice is one complete unit
 * of work and its wall time is the sample. Warm-up and the counting pass are made of whole units
 * too, so no unit is ever timed half before a pause and half after it.
 */
import { isSteady, type SliceResult, type WarmupResult } from '@rclab/core/internal';

/** A cell that can run whole units of work (core's `LiveCell`, or the suite's cell around one). */
export interface UnitCell {
  sliceOps(ops: number): Promise<SliceResult>;
}

/** Units a warm-up runs at least: the first ones also fault in the heap's pages and tier up the JIT. */
export const MIN_WARMUP_UNITS = 3;
/** Units per comparison window of the steadiness test (units are long: fewer than a slice warm-up's). */
const STEADY_UNITS = 2;
/** Largest relative change between two windows that counts as steady. */
const STEADY_TOLERANCE = 0.1;

/** One unit of work on every thread of the cell. */
export function unitSlice(live: UnitCell): Promise<SliceResult> {
  return live.sliceOps(1);
}

/** Runs units until their time is steady, at least `minMs` and {@link MIN_WARMUP_UNITS} units, at most `maxMs`. */
export async function warmupUnits(live: UnitCell, minMs: number, maxMs: number): Promise<WarmupResult> {
  const rates: number[] = [];
  let ms = 0;
  for (;;) {
    const s = await unitSlice(live);
    ms += s.elapsedMs;
    rates.push(1 / s.elapsedMs);
    if (rates.length < MIN_WARMUP_UNITS) continue;
    if (ms >= minMs && isSteady(rates, STEADY_UNITS, STEADY_TOLERANCE)) return { ms, slices: rates.length, steady: true };
    if (ms >= maxMs) return { ms, slices: rates.length, steady: false };
  }
}

/** Runs whole units for at least `ms` (at least one); returns the operations, all threads together. */
export async function countUnits(live: UnitCell, ms: number): Promise<number> {
  let ops = 0;
  let elapsed = 0;
  do {
    const s = await unitSlice(live);
    ops += s.ops;
    elapsed += s.elapsedMs;
  } while (elapsed < ms);
  return ops;
}
