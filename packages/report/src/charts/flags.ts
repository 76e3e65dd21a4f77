/**
 * The `!` flags: results that are suspicious on their face, marked where they are drawn with the
 * reason, so a reader does not take them at their word.
 */
import type { Interval, MeasuredCell } from '@rclab/core';

/** The legend every flagged chart repeats. */
export const FLAG_LEGEND =
  '! marks a suspicious result: a speedup above the thread count (superlinear), a thread-safe strategy faster than unsafe beyond its interval, or a slice that did no operation.';

/** Why a cell is suspicious (empty when it is not). `rel` is its ratio to the baseline (the uncounted control) on one thread, `speedup` over one thread. */
export function flagReasons(cell: MeasuredCell, rel?: Interval, speedup?: Interval | null, baseline: string | undefined = cell.baselineRatio?.baseline): string[] {
  const out: string[] = [];
  if (speedup !== undefined && speedup !== null && cell.threads > 1 && speedup.low > cell.threads)
    out.push(`superlinear: ×${speedup.median.toFixed(2)} on ${cell.threads} threads`);
  if (rel !== undefined && cell.strategy !== baseline && rel.low > 1) out.push(`faster than ${baseline ?? 'the control'} beyond its interval (${rel.median.toFixed(2)}×)`);
  if (cell.samples.opsPerSec.some((v) => v === 0)) out.push('a slice with zero operations');
  return out;
}
