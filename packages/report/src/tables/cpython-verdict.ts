/**
 * The rules that put a real CPython's figure beside the model's and say whether they agree.
 * Written down once here; the report prints them under the tables and docs/cpython.md quotes
 * them. A verdict is "agrees", "disagrees" or "not resolved", never a guess.
 */
import type { Interval } from '@rclab/core';

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
 * ratios with a distribution-free 95% interval (order statistics; at least 6 rounds for one).
 */
export function pairedRatio(a: readonly number[], b: readonly number[]): Interval | undefined {
  const n = Math.min(a.length, b.length);
  const ratios: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = a[i] as number;
    const y = b[i] as number;
    if (y > 0 && Number.isFinite(x)) ratios.push(x / y);
  }
  if (ratios.length === 0) return undefined;
  ratios.sort((p, q) => p - q);
  const m = ratios.length;
  const median = m % 2 === 1 ? (ratios[(m - 1) / 2] as number) : ((ratios[m / 2 - 1] as number) + (ratios[m / 2] as number)) / 2;
  const k = orderRank(m);
  // No interval reaches 95% with so few rounds: the whole range, honestly wide.
  const low = k === 0 ? Number.NEGATIVE_INFINITY : (ratios[k - 1] as number);
  const high = k === 0 ? Number.POSITIVE_INFINITY : (ratios[m - k] as number);
  return { median, low, high, n: m };
}

/** The largest k with P(X_(k) ≤ median ≤ X_(n+1−k)) ≥ 95% for n samples (0 when none). */
function orderRank(n: number): number {
  // Binomial(n, 1/2) cumulative: coverage of [X_(k), X_(n+1-k)] is 1 − 2·P(B ≤ k − 1).
  const pmf: number[] = [];
  let p = 0.5 ** n;
  for (let j = 0; j <= n; j++) {
    pmf.push(p);
    p = (p * (n - j)) / (j + 1);
  }
  let best = 0;
  let cdf = 0;
  for (let k = 1; 2 * k <= n + 1; k++) {
    cdf += pmf[k - 1] as number;
    if (1 - 2 * cdf >= 0.95) best = k;
    else break;
  }
  return best;
}
