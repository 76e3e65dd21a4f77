/**
 * A two-sample bootstrap interval for the ratio of medians (B over A), and for the geometric
 * mean of several such ratios — what `rclab compare` reports.
 *
 * Why this method: two results files come from separate runs (often separate machines), so
 * their samples are not paired; their spread is skewed (a slice that shared a core is slow,
 * never fast), so a normal-theory interval is wrong; and the median is what rclab reports per
 * cell. The percentile bootstrap makes no distributional assumption: resample each side with
 * replacement, take the ratio of the two resampled medians, repeat, and read the interval off
 * the 2.5th and 97.5th percentiles of those ratios.
 *
 * The geometric mean's interval bootstraps the geometric mean itself: in each resampling round
 * every cell is resampled and the round's geometric mean of the cells' ratios is one draw. (Its
 * interval is therefore not built from the cells' intervals, which would be too wide.)
 *
 * Pure and deterministic: the same inputs and seed give the same intervals, bit for bit.
 */

/** Options of the bootstrap. */
import { mulberry32 } from './seeded.ts';

export interface BootstrapOptions {
  /** Resampling rounds (default 2000). */
  readonly resamples?: number;
  /** Seed of the pseudo-random generator (default 1). */
  readonly seed?: number;
  /** Two-sided coverage of the percentile interval (default 0.95). */
  readonly confidence?: number;
}

/** A ratio (B over A) with its percentile interval. */
export interface RatioInterval {
  /** The point estimate: median(B) / median(A), or the geometric mean of such ratios. */
  readonly ratio: number;
  readonly low: number;
  readonly high: number;
}

/** Two samples of one cell: A's and B's per-trial (or per-slice) throughputs. */
export interface SamplePair {
  readonly a: readonly number[];
  readonly b: readonly number[];
}

/** Per-pair intervals and the geometric mean over all pairs (null when there are none). */
export interface BootstrapResult {
  readonly pairs: readonly RatioInterval[];
  readonly geomean: RatioInterval | null;
}

export const DEFAULT_RESAMPLES = 2000;
export const DEFAULT_CONFIDENCE = 0.95;

/** The median of `sorted` (ascending): the middle value, or the mean of the two middle ones. */
export function medianOfSorted(sorted: ArrayLike<number>): number {
  const n = sorted.length;
  const h = n >> 1;
  return n % 2 === 1 ? (sorted[h] as number) : ((sorted[h - 1] as number) + (sorted[h] as number)) / 2;
}

/**
 * One side of a pair, prepared for resampling. A resample of a sorted array is sorted by its
 * indices, so its median is found by counting how often each index was drawn (O(n), no sort).
 */
class Resampler {
  readonly #sorted: Float64Array;
  readonly #counts: Int32Array;
  constructor(values: readonly number[]) {
    this.#sorted = Float64Array.from(values).sort();
    this.#counts = new Int32Array(values.length);
  }

  get median(): number {
    return medianOfSorted(this.#sorted);
  }

  /** The median of one resample drawn with `random`. */
  resampledMedian(random: () => number): number {
    const n = this.#sorted.length;
    const counts = this.#counts;
    counts.fill(0);
    for (let i = 0; i < n; i++) {
      const k = Math.floor(random() * n);
      counts[k] = (counts[k] as number) + 1;
    }
    // The k-th smallest drawn value (0-based) is sorted[j] for the j where the running count passes k.
    const h = n >> 1;
    const lowRank = n % 2 === 1 ? h : h - 1;
    let seen = 0;
    let j = 0;
    while (seen + (counts[j] as number) <= lowRank) seen += counts[j++] as number;
    const low = this.#sorted[j] as number;
    if (n % 2 === 1) return low;
    // The next rank (h) is the same value unless index j's draws end exactly at rank h - 1.
    if (seen + (counts[j] as number) > h) return low;
    j++;
    while ((counts[j] as number) === 0) j++;
    return (low + (this.#sorted[j] as number)) / 2;
  }
}

function checkSample(values: readonly number[], what: string): void {
  if (values.length === 0) throw new RangeError(`bootstrap: ${what} is empty`);
  for (const v of values) {
    if (!Number.isFinite(v) || v <= 0) throw new RangeError(`bootstrap: ${what} holds ${v}; throughputs must be finite and positive`);
  }
}

/** The percentile interval of `draws` (sorted in place). */
function percentile(draws: Float64Array, confidence: number): { low: number; high: number } {
  draws.sort();
  const r = draws.length;
  const tail = (1 - confidence) / 2;
  const lo = Math.min(r - 1, Math.max(0, Math.floor(r * tail)));
  const hi = Math.min(r - 1, Math.max(0, Math.ceil(r * (1 - tail)) - 1));
  return { low: draws[lo] as number, high: draws[hi] as number };
}

/**
 * Bootstrap intervals for median(B)/median(A) of every pair, and for their geometric mean.
 * @throws RangeError when a sample is empty or holds a value that is not finite and positive.
 */
export function bootstrapMedianRatios(pairs: readonly SamplePair[], options: BootstrapOptions = {}): BootstrapResult {
  const resamples = options.resamples ?? DEFAULT_RESAMPLES;
  const confidence = options.confidence ?? DEFAULT_CONFIDENCE;
  if (!Number.isInteger(resamples) || resamples < 1) throw new RangeError(`bootstrap: resamples must be a positive integer, got ${resamples}`);
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`bootstrap: confidence must be between 0 and 1, got ${confidence}`);
  pairs.forEach((p, i) => {
    checkSample(p.a, `sample A of pair ${i}`);
    checkSample(p.b, `sample B of pair ${i}`);
  });
  const random = mulberry32(options.seed ?? 1);
  const sides = pairs.map((p) => ({ a: new Resampler(p.a), b: new Resampler(p.b) }));
  const draws = sides.map(() => new Float64Array(resamples));
  const geoDraws = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) {
    let logSum = 0;
    for (let i = 0; i < sides.length; i++) {
      const s = sides[i] as (typeof sides)[number];
      const ratio = s.b.resampledMedian(random) / s.a.resampledMedian(random);
      (draws[i] as Float64Array)[r] = ratio;
      logSum += Math.log(ratio);
    }
    geoDraws[r] = Math.exp(logSum / Math.max(1, sides.length));
  }
  const out = sides.map((s, i) => ({ ratio: s.b.median / s.a.median, ...percentile(draws[i] as Float64Array, confidence) }));
  if (out.length === 0) return { pairs: out, geomean: null };
  const geomean = Math.exp(out.reduce((sum, p) => sum + Math.log(p.ratio), 0) / out.length);
  return { pairs: out, geomean: { ratio: geomean, ...percentile(geoDraws, confidence) } };
}

/** The bootstrap interval of median(b)/median(a) for one pair. */
export function bootstrapMedianRatio(a: readonly number[], b: readonly number[], options: BootstrapOptions = {}): RatioInterval {
  return bootstrapMedianRatios([{ a, b }], options).pairs[0] as RatioInterval;
}

/** What an interval of B over A says: B is faster, slower, or the interval contains 1. */
export type RatioVerdict = 'faster' | 'slower' | 'unresolved';

/** `faster` only when the whole interval is above 1, `slower` only when it is below. */
export function ratioVerdict(interval: { readonly low: number; readonly high: number }): RatioVerdict {
  if (interval.low > 1) return 'faster';
  if (interval.high < 1) return 'slower';
  return 'unresolved';
}
