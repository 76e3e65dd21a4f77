/**
 * Ratios of two cells measured in one interleaved run. Slice i of every cell of a block ran in
 * round i, so the machine's slow drift (a third of the speed over seconds on a shared VM) is the
 * same on both sides of a per-round ratio and cancels; the median of those ratios, with the
 * order-statistic interval of {@link medianInterval}, is what rclab reports as "a over b".
 *
 * The suite (writing results) and the report (reading them) both compute ratios this way, so
 * the one definition lives here.
 */
import type { Interval, MeasuredCell } from '../results/types.ts';
import { medianInterval, pairedRatios, TARGET_COVERAGE } from './order.ts';

/**
 * Means of consecutive windows of `span` values (the last partial window dropped); the values
 * themselves for `span` ≤ 1. A window of a full turn of the CPU rotation compares a one-thread
 * cell pinned to each CPU in turn with a multi-thread cell over the same CPUs.
 */
export function windowMeans(values: readonly number[], span: number): number[] {
  if (span <= 1) return [...values];
  const out: number[] = [];
  for (let i = 0; i + span <= values.length; i += span) {
    let sum = 0;
    for (let j = i; j < i + span; j++) sum += values[j] as number;
    out.push(sum / span);
  }
  return out;
}

/** The median of `values` and its interval, as stored in results (the range below 6 values). */
export function interval(values: readonly number[]): Interval {
  const m = medianInterval(values);
  return { median: m.median, low: m.low, high: m.high, n: m.n };
}

/**
 * The median of `values` and its interval only where the interval reaches 95%: with fewer than
 * 6 values no order-statistic interval does, and the ends are −∞ and +∞, so that no verdict is
 * drawn from them. For sentences and verdicts, which must not read a 94% range as resolved.
 */
export function resolvedInterval(values: readonly number[]): Interval {
  const m = medianInterval(values);
  if (m.n > 0 && m.coverage < TARGET_COVERAGE) return { median: m.median, low: Number.NEGATIVE_INFINITY, high: Number.POSITIVE_INFINITY, n: m.n };
  return { median: m.median, low: m.low, high: m.high, n: m.n };
}

/**
 * Throughput of `a` over `b` from slices paired by round, over windows of `span` rounds; the
 * per-window ratios (empty when the cells share no round).
 */
export function pairedCellRatios(a: MeasuredCell, b: MeasuredCell, span = 1): number[] {
  return pairedRatios(windowMeans(a.samples.opsPerSec, span), windowMeans(b.samples.opsPerSec, span));
}
