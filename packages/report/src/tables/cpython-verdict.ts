/**
 * The rules that put a real CPython's figure beside the model's and say whether they agree.
 * Written down once here; the report prints them under the tables and docs/cpython.md quotes
 * them. A verdict is "agrees", "disagrees" or "not resolved", never a guess.
 */
import { type Interval, pairedRatios, resolvedInterval } from '@rclab/core';

export type Verdict = 'agrees' | 'disagrees' | 'not resolved';

/** Where a ratio's interval lies: above 1, below 1, flat (inside `FLAT` and holding 1), or neither. */
export type Side = 'above' | 'below' | 'flat' | 'unresolved';

/** A ratio whose whole interval lies in this band, holding 1, is "flat": no real gain or loss. */
export const FLAT: readonly [number, number] = [0.9, 1.1];

/** The rule for ratios (speedups, switch-interval throughput), in words. */
export const RATIO_RULE =
  'A ratio is "above 1" when its whole 95% interval is above 1, "below 1" when it is wholly below 1, and "flat" when it holds 1 and lies within 0.9–1.1. ' +
  'Agrees: both sides above, both below, or both flat. Disagrees: one above 1 and the other below. Not resolved: anything else (an interval that reaches across 1 without being flat, fewer than 6 rounds — too few for a 95% interval — or a side not measured).';

/** The rule for lost updates, in words. */
export const LOST_RULE =
  'Lost updates are exact counts. Agrees: both sides lost none, or both lost some. Disagrees: one lost updates and the other none. (None lost shows that no race was seen in this run, not that none can happen.)';

/** The rule for the convoy, in words. */
export const CONVOY_RULE =
  'An I/O thread\'s median wake-up latency beside a CPU-bound thread is "a convoy" when it is at least half the side\'s switch interval, and "no convoy" when it is under a quarter of it. ' +
  'Agrees: both sides the same. Disagrees: one a convoy and the other not. Not resolved: a median between a quarter and half a switch interval, or a side not measured.';

/** Fewer samples than this give no 95% interval of a median (2 · 0.5^5 > 5%). */
export const MIN_SAMPLES = 6;

/** Which side of 1 an interval lies on. */
export function sideOf(i: Interval | undefined): Side {
  if (i === undefined || !Number.isFinite(i.low) || !Number.isFinite(i.high)) return 'unresolved';
  if (i.n !== undefined && i.n < MIN_SAMPLES) return 'unresolved';
  if (i.low > 1) return 'above';
  if (i.high < 1) return 'below';
  if (i.low >= FLAT[0] && i.high <= FLAT[1]) return 'flat';
  return 'unresolved';
}

/** Two ratios (real, model) by {@link RATIO_RULE}. */
export function ratioVerdict(real: Interval | undefined, model: Interval | undefined): Verdict {
  const a = sideOf(real);
  const b = sideOf(model);
  if (a === 'unresolved' || b === 'unresolved') return 'not resolved';
  if (a === b) return 'agrees';
  if ((a === 'above' && b === 'below') || (a === 'below' && b === 'above')) return 'disagrees';
  return 'not resolved';
}

/** Two lost-update counts (real, model) by {@link LOST_RULE}. */
export function lostVerdict(real: number | undefined, model: number | undefined): Verdict {
  if (real === undefined || model === undefined) return 'not resolved';
  return real > 0 === model > 0 ? 'agrees' : 'disagrees';
}

/** A convoy's median latency against its switch interval. */
export function convoyState(p50Ms: number | undefined, switchIntervalMs: number): 'convoy' | 'none' | 'unresolved' {
  if (p50Ms === undefined || !Number.isFinite(p50Ms) || !(switchIntervalMs > 0)) return 'unresolved';
  if (p50Ms >= switchIntervalMs / 2) return 'convoy';
  if (p50Ms < switchIntervalMs / 4) return 'none';
  return 'unresolved';
}

/** Two convoys (real, model) by {@link CONVOY_RULE}. */
export function convoyVerdict(real: { p50Ms: number | undefined; switchIntervalMs: number }, model: { p50Ms: number | undefined; switchIntervalMs: number }): Verdict {
  const a = convoyState(real.p50Ms, real.switchIntervalMs);
  const b = convoyState(model.p50Ms, model.switchIntervalMs);
  if (a === 'unresolved' || b === 'unresolved') return 'not resolved';
  return a === b ? 'agrees' : 'disagrees';
}

/**
 * `a` over `b` slice by slice (slice i of both ran in round i): the median of the per-round
 * ratios with a distribution-free 95% interval (infinite ends with fewer than 6 rounds).
 */
export function pairedRatio(a: readonly number[], b: readonly number[]): Interval | undefined {
  const ratios = pairedRatios(a, b);
  return ratios.length === 0 ? undefined : resolvedInterval(ratios);
}
