/**
 * Where two strategies' times cross as the remote fraction R grows (the BRC paper's Figure 10:
 * biased against atomic counting), with an interval.
 *
 * Each strategy's time is fitted against R by least squares, `time = intercept + slope·R`; the
 * crossing R* is where the two lines meet. The interval comes from a stratified bootstrap:
 * the trials at each R are resampled with replacement (so every replicate keeps the grid), both
 * lines are refitted, and the replicates' crossings give percentile bounds. A ratio of times is
 * never interpolated: that is what made the old estimate depend on two points whose intervals
 * both contained 1.
 *
 * The verdict is decided at the two ends of the range, where the lines are best pinned down:
 * - `crossing` when the difference of the two fits has a confidence interval excluding 0 at
 *   both ends, with opposite signs there: the lines certainly cross in the range;
 * - `no-crossing` when it excludes 0 at both ends with the same sign: one strategy is faster
 *   over the whole range (`faster` names it);
 * - `not-resolved` otherwise: at one end or both the two cannot be told apart; the point
 *   estimate (if the lines meet at all) is given for information, not as a finding.
 *
 * Pure functions of their input (the bootstrap's generator is seeded): no I/O, no clock.
 */

/** One trial: the time measured at remote fraction `r` (any unit, the same for both series). */
import { mulberry32 } from './seeded.ts';

export interface CrossingSample {
  readonly r: number;
  readonly time: number;
}

/** A least-squares line `time = intercept + slope·r`. */
export interface Line {
  readonly intercept: number;
  readonly slope: number;
}

export interface CrossingOptions {
  /** The R range the experiment covered. @defaultValue the smallest and largest R in the samples */
  readonly range?: readonly [number, number];
  /** Two-sided confidence of the intervals. @defaultValue 0.95 */
  readonly confidence?: number;
  /** Bootstrap replicates. @defaultValue 2000 */
  readonly resamples?: number;
  /** Seed of the bootstrap's generator. @defaultValue 1 */
  readonly seed?: number;
}

/** What both fits say, whatever the verdict. */
interface CrossingFits {
  /** The fitted lines of `a` and `b`. */
  readonly a: Line;
  readonly b: Line;
  readonly range: readonly [number, number];
  /** time(a) − time(b) at the low and high end of the range: point and interval. */
  readonly differenceAtLow: PointInterval;
  readonly differenceAtHigh: PointInterval;
}

/** A point estimate with its percentile interval. */
export interface PointInterval {
  readonly value: number;
  readonly low: number;
  readonly high: number;
}

export type CrossingResult =
  | (CrossingFits & {
      readonly kind: 'crossing';
      /** R* with its percentile interval (which may reach past the range: read it as open there). */
      readonly at: PointInterval;
      /** Which series is faster below R*. */
      readonly fasterBelow: 'a' | 'b';
    })
  | (CrossingFits & {
      readonly kind: 'no-crossing';
      /** The series faster over the whole range. */
      readonly faster: 'a' | 'b';
    })
  | (CrossingFits & {
      readonly kind: 'not-resolved';
      /** Where the fitted lines meet (NaN if parallel): for information only. */
      readonly pointEstimate: number;
      /** Why no verdict, in one line. */
      readonly reason: string;
    });

/** Least-squares line through the samples. Throws if they hold fewer than two distinct R. */
export function fitLine(samples: readonly CrossingSample[]): Line {
  const n = samples.length;
  let sx = 0;
  let sy = 0;
  for (const s of samples) {
    sx += s.r;
    sy += s.time;
  }
  const mx = sx / n;
  const my = sy / n;
  let sxx = 0;
  let sxy = 0;
  for (const s of samples) {
    sxx += (s.r - mx) * (s.r - mx);
    sxy += (s.r - mx) * (s.time - my);
  }
  if (!(sxx > 0)) throw new RangeError(`fitLine needs samples at two or more distinct values of R, got ${describeRs(samples)}`);
  const slope = sxy / sxx;
  return { intercept: my - slope * mx, slope };
}

/** Where two lines meet (NaN when they are parallel). */
export function lineCrossing(a: Line, b: Line): number {
  const ds = a.slope - b.slope;
  return ds === 0 ? Number.NaN : (b.intercept - a.intercept) / ds;
}

/** The crossing of `a`'s and `b`'s time-against-R lines, with its interval and a verdict. */
export function estimateCrossing(a: readonly CrossingSample[], b: readonly CrossingSample[], options: CrossingOptions = {}): CrossingResult {
  for (const [name, s] of [['a', a] as const, ['b', b] as const]) {
    for (const x of s) {
      if (!Number.isFinite(x.r) || !Number.isFinite(x.time)) throw new RangeError(`estimateCrossing: series ${name} has a sample that is not finite (r ${x.r}, time ${x.time})`);
    }
  }
  const confidence = options.confidence ?? 0.95;
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`estimateCrossing: confidence must be between 0 and 1, got ${confidence}`);
  const resamples = options.resamples ?? 2000;
  if (!Number.isInteger(resamples) || resamples < 10) throw new RangeError(`estimateCrossing: resamples must be an integer of at least 10, got ${resamples}`);
  const fitA = fitLine(a);
  const fitB = fitLine(b);
  const all = [...a, ...b].map((s) => s.r);
  const range: readonly [number, number] = options.range ?? [Math.min(...all), Math.max(...all)];
  const [lo, hi] = range;
  if (!(lo < hi)) throw new RangeError(`estimateCrossing: the range must have low < high, got [${lo}, ${hi}]`);

  const groupsA = byR(a);
  const groupsB = byR(b);
  const random = mulberry32(options.seed ?? 1);
  const dLo: number[] = [];
  const dHi: number[] = [];
  const at: number[] = [];
  for (let i = 0; i < resamples; i++) {
    const la = fitLine(resample(groupsA, random));
    const lb = fitLine(resample(groupsB, random));
    dLo.push(difference(la, lb, lo));
    dHi.push(difference(la, lb, hi));
    at.push(crossingOrInfinity(la, lb, lo));
  }
  const tail = (1 - confidence) / 2;
  const interval = (value: number, replicates: number[]): PointInterval => {
    replicates.sort((x, y) => x - y);
    return { value, low: quantile(replicates, tail), high: quantile(replicates, 1 - tail) };
  };
  const fits: CrossingFits = {
    a: fitA,
    b: fitB,
    range,
    differenceAtLow: interval(difference(fitA, fitB, lo), dLo),
    differenceAtHigh: interval(difference(fitA, fitB, hi), dHi),
  };
  const signLo = sign(fits.differenceAtLow);
  const signHi = sign(fits.differenceAtHigh);
  if (signLo !== 0 && signHi !== 0 && signLo !== signHi) {
    return { ...fits, kind: 'crossing', at: interval(lineCrossing(fitA, fitB), at), fasterBelow: signLo < 0 ? 'a' : 'b' };
  }
  if (signLo !== 0 && signLo === signHi) return { ...fits, kind: 'no-crossing', faster: signLo < 0 ? 'a' : 'b' };
  const ends = signLo === 0 && signHi === 0 ? `R = ${lo} and R = ${hi}` : `R = ${signLo === 0 ? lo : hi}`;
  return {
    ...fits,
    kind: 'not-resolved',
    pointEstimate: lineCrossing(fitA, fitB),
    reason: `the two times cannot be told apart at ${ends} (the ${Math.round(confidence * 100)}% interval of their difference contains 0)`,
  };
}

/** −1 when the interval lies below 0, +1 above, 0 when it contains 0. */
function sign(d: PointInterval): number {
  if (d.high < 0) return -1;
  if (d.low > 0) return 1;
  return 0;
}

function difference(a: Line, b: Line, r: number): number {
  return a.intercept + a.slope * r - (b.intercept + b.slope * r);
}

/** The replicate's crossing; parallel lines count as a crossing infinitely far on the side where they would meet. */
function crossingOrInfinity(a: Line, b: Line, lo: number): number {
  const x = lineCrossing(a, b);
  if (!Number.isNaN(x)) return x;
  return difference(a, b, lo) === 0 ? lo : Number.POSITIVE_INFINITY;
}

function byR(samples: readonly CrossingSample[]): CrossingSample[][] {
  const groups = new Map<number, CrossingSample[]>();
  for (const s of samples) {
    const g = groups.get(s.r);
    if (g === undefined) groups.set(s.r, [s]);
    else g.push(s);
  }
  return [...groups.keys()].sort((x, y) => x - y).map((r) => groups.get(r) as CrossingSample[]);
}

function resample(groups: readonly CrossingSample[][], random: () => number): CrossingSample[] {
  const out: CrossingSample[] = [];
  for (const g of groups) for (let i = 0; i < g.length; i++) out.push(g[Math.floor(random() * g.length)] as CrossingSample);
  return out;
}

/** Linear-interpolated quantile of sorted values (infinities allowed). */
function quantile(sorted: readonly number[], q: number): number {
  const pos = q * (sorted.length - 1);
  const i = Math.floor(pos);
  const lo = sorted[i] as number;
  const hi = sorted[Math.min(i + 1, sorted.length - 1)] as number;
  if (lo === hi || !Number.isFinite(lo) || !Number.isFinite(hi)) return pos - i < 0.5 ? lo : hi;
  return lo + (hi - lo) * (pos - i);
}

function describeRs(samples: readonly CrossingSample[]): string {
  const rs = [...new Set(samples.map((s) => s.r))];
  return rs.length === 0 ? 'no samples' : `samples only at R = ${rs.join(', ')}`;
}
