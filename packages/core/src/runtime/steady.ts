/**
 * When a warm-up is over. V8 compiles a workload's hot loop in tiers over the first tens to
 * hundreds of milliseconds of a fresh worker (a bytecode interpreter's eval loop takes longest),
 * and a slice timed before that measures the JIT, not the strategy. Rather than guess a fixed
 * time, the runtime runs slices until the throughput stops rising: the median of the last
 * `window` slices is within `tolerance` of the median of the `window` before them.
 */

import { median } from '../stats/order.ts';

/** Slices per comparison window. */
export const STEADY_WINDOW = 6;
/** Largest relative change between two windows' medians that counts as steady. */
export const STEADY_TOLERANCE = 0.04;

/** True when the last two windows of `rates` (slice throughputs, in order) agree. */
export function isSteady(rates: readonly number[], window: number = STEADY_WINDOW, tolerance: number = STEADY_TOLERANCE): boolean {
  if (rates.length < 2 * window) return false;
  const last = median(rates.slice(-window));
  const before = median(rates.slice(-2 * window, -window));
  if (!(before > 0)) return last === before;
  return Math.abs(last - before) / before <= tolerance;
}
