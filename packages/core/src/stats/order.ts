/**
 * Distribution-free statistics for a handful of trials.
 *
 * Benchmark trials are few (5–10) and not normal: they are skewed by the machine (a trial that
 * shared a core with something else is slow, never fast). So rclab reports the median with an
 * interval built from order statistics, which assumes only that trials are independent draws
 * from one distribution.
 *
 * For `n` sorted trials x(1) ≤ … ≤ x(n), the interval [x(k), x(n+1−k)] contains the true median
 * with probability 1 − 2·P(B ≤ k−1), B ~ Binomial(n, ½). rclab takes the narrowest such interval
 * whose coverage is at least 95%. With fewer than 6 trials no interval reaches 95% (for 5 trials
 * the range [min, max] covers 93.75%); then the range is used and its real coverage is reported
 * by {@link medianCoverage}, never rounded up.
 */

/** The target coverage of every interval rclab reports. */
export const TARGET_COVERAGE = 0.95;

/** A median and its interval, with the interval's exact coverage for the number of samples. */
export interface MedianInterval {
  readonly median: number;
  readonly low: number;
  readonly high: number;
  /** Probability that [low, high] holds the true median: exact, for `n` independent trials (0 for n = 1). */
  readonly coverage: number;
  readonly n: number;
}

/** Ascending copy of the finite values in `values`. */
export function sortedFinite(values: readonly number[]): number[] {
  return values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
}

/** Median of `values` (mean of the two middle values for an even count); NaN when empty. */
export function median(values: readonly number[]): number {
  const s = sortedFinite(values);
  const n = s.length;
  if (n === 0) return Number.NaN;
  const mid = n >> 1;
  return n % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/**
 * Quantile `q` (0..1) by linear interpolation between order statistics (type 7, as R and NumPy
 * default); NaN when empty.
 */
export function quantile(values: readonly number[], q: number): number {
  const s = sortedFinite(values);
  const n = s.length;
  if (n === 0) return Number.NaN;
  if (n === 1) return s[0] as number;
  const h = (n - 1) * Math.min(1, Math.max(0, q));
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return (s[lo] as number) + (h - lo) * ((s[hi] as number) - (s[lo] as number));
}

/**
 * Quantile `q` (0..1) by nearest rank: the smallest value with at least q of the values at or
 * below it — always one of the values (a p90 of hold times is a hold that happened); NaN when
 * empty.
 */
export function nearestRankQuantile(values: readonly number[], q: number): number {
  const s = sortedFinite(values);
  if (s.length === 0) return Number.NaN;
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] as number;
}

/** P(B ≤ k) for B ~ Binomial(n, ½), exact for the n rclab uses (up to ~1000). */
export function binomialHalfCdf(n: number, k: number): number {
  if (k < 0) return 0;
  if (k >= n) return 1;
  // Sum C(n, i) / 2^n in log space to stay finite for large n.
  let logC = 0; // log C(n, 0)
  let total = 0;
  const log2n = n * Math.LN2;
  for (let i = 0; i <= k; i++) {
    if (i > 0) logC += Math.log(n - i + 1) - Math.log(i);
    total += Math.exp(logC - log2n);
  }
  return Math.min(1, total);
}

/** Coverage of [x(k), x(n+1−k)] as an interval for the median of n samples (1-based k). */
export function orderIntervalCoverage(n: number, k: number): number {
  if (n < 1 || k < 1 || 2 * k > n + 1) return 0;
  return Math.max(0, 1 - 2 * binomialHalfCdf(n, k - 1));
}

/**
 * The 1-based rank k of the lower bound of the narrowest order-statistic interval for the median
 * with coverage ≥ `target`; 1 (the range) when no interval reaches it.
 */
export function medianIntervalRank(n: number, target: number = TARGET_COVERAGE): number {
  let best = 1;
  for (let k = 1; 2 * k <= n + 1; k++) {
    if (orderIntervalCoverage(n, k) >= target) best = k;
    else break;
  }
  return best;
}

/** The coverage rclab's interval has for `n` trials (0.9375 for 5, 0.96875 for 6, …). */
export function medianCoverage(n: number, target: number = TARGET_COVERAGE): number {
  return n < 1 ? 0 : orderIntervalCoverage(n, medianIntervalRank(n, target));
}

/**
 * Median with its distribution-free interval (see the module comment). Non-finite values are
 * dropped; for no values every figure is NaN.
 */
export function medianInterval(values: readonly number[], target: number = TARGET_COVERAGE): MedianInterval {
  const s = sortedFinite(values);
  const n = s.length;
  if (n === 0) return { median: Number.NaN, low: Number.NaN, high: Number.NaN, coverage: 0, n: 0 };
  const k = medianIntervalRank(n, target);
  return {
    median: median(s),
    low: s[k - 1] as number,
    high: s[n - k] as number,
    coverage: orderIntervalCoverage(n, k),
    n,
  };
}

/**
 * Ratios a[i] / b[i] of trials paired by index (trial i of both cells ran in the same round of
 * the interleaved schedule, so slow drift of the machine cancels in the ratio). Pairs where
 * either side is not a positive finite number are dropped.
 */
export function pairedRatios(a: readonly number[], b: readonly number[]): number[] {
  const out: number[] = [];
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i] as number;
    const y = b[i] as number;
    if (Number.isFinite(x) && Number.isFinite(y) && y > 0 && x >= 0) out.push(x / y);
  }
  return out;
}

/**
 * Interval of the ratio of two independently measured medians (cells from different runs, as
 * `rclab compare` sees them): the median ratio and the ratio of the interval ends crossed
 * (a.low / b.high, a.high / b.low). When both intervals hold their true medians, the crossed
 * interval holds the true ratio; so for independent runs its coverage is at least the product
 * of the two coverages (≥ 0.94 for two 97% intervals), and usually much more, since it is wide.
 */
export function ratioOfIntervals(
  a: { readonly median: number; readonly low: number; readonly high: number },
  b: { readonly median: number; readonly low: number; readonly high: number },
): { median: number; low: number; high: number } {
  const div = (x: number, y: number): number => (y > 0 && Number.isFinite(x) && Number.isFinite(y) ? x / y : Number.NaN);
  return { median: div(a.median, b.median), low: div(a.low, b.high), high: div(a.high, b.low) };
}

/** True when two intervals do not overlap (the simple separation test the docs describe). */
export function separated(a: { readonly low: number; readonly high: number }, b: { readonly low: number; readonly high: number }): boolean {
  return a.high < b.low || b.high < a.low;
}

/** Relative spread of an interval: (high − low) / median; NaN when the median is not positive. */
export function relativeWidth(i: { readonly median: number; readonly low: number; readonly high: number }): number {
  return i.median > 0 ? (i.high - i.low) / i.median : Number.NaN;
}
