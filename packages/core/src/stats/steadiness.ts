/**
 * How steady the machine was, from the calibration kernel timed once per round (see core's
 * `calibration.ts`). The kernel's work never changes, so its time moves only with the machine.
 * pyperf warns when a benchmark's standard deviation exceeds 10% of its mean; rclab does the
 * same with a distribution-free spread, and also looks for the VM switching between a fast and
 * a slow speed, which the spread alone can hide when one speed dominates.
 */
import type { Steadiness } from '../results/types.ts';
import { quantile, sortedFinite } from './order.ts';

/** Largest (p90 − p10) / median of the kernel times that counts as steady. */
export const STEADY_SPREAD = 0.1;
/** A gap between two groups of kernel times at least this large (relative) is a speed switch… */
export const SWITCH_GAP = 0.1;
/** …when each side holds at least this share of the rounds. */
export const SWITCH_SHARE = 0.15;

/** Steadiness of kernel times (ns per iteration, one per round). */
export function steadiness(kernelNs: readonly number[]): Steadiness {
  const s = sortedFinite(kernelNs);
  const n = s.length;
  if (n === 0) return { rounds: 0, medianNs: Number.NaN, spread: 0, switched: false, steady: true };
  const median = quantile(s, 0.5);
  const spread = n >= 3 ? (quantile(s, 0.9) - quantile(s, 0.1)) / median : 0;
  // Two speeds: the widest gap between neighbouring sorted times, with enough rounds each side.
  let switched = false;
  const minSide = Math.max(2, Math.ceil(SWITCH_SHARE * n));
  for (let i = minSide; i <= n - minSide; i++) {
    const lo = s[i - 1] as number;
    const hi = s[i] as number;
    if ((hi - lo) / median >= SWITCH_GAP) switched = true;
  }
  const steady = spread <= STEADY_SPREAD && !switched;
  const round = (x: number): number => Math.round(x * 1000) / 1000;
  return {
    rounds: n,
    medianNs: round(median),
    spread: round(spread),
    switched,
    steady,
    ...(steady
      ? {}
      : {
          advice:
            `the machine was not steady: a fixed kernel's time spread ${(spread * 100).toFixed(0)}% across rounds` +
            (switched ? ' and switched between two speeds' : '') +
            '; ratios are still paired slice by slice, but close other programs, add rounds (--rounds), or use a quieter machine before trusting small differences',
        }),
  };
}
