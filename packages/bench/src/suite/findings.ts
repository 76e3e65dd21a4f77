/**
 * What the suite concludes, for the summary and the report's text: where biased counting stops
 * paying (the BRC break-even), the convoy's I/O latency, and how to read the intervals.
 */
import type { Cell, Interval, MeasuredCell } from '@rclab/core';
import { medianInterval } from '../stats/order.ts';
import { pairedRatio } from './aggregate.ts';
import { brcPaperFindings } from './groups/brc-paper.ts';

export type Findings = Record<string, number | string | null>;

/** A point of a sweep: its x and the interval of biased's ratio over atomic there. */
export interface SweepPoint {
  readonly r: number;
  readonly ratio: Interval;
}

/**
 * Where biased stops beating atomic, only as far as the intervals resolve it: the crossing lies
 * between the last R whose ratio interval is wholly above 1 and the first later R whose
 * interval is wholly below 1. Points whose interval holds 1 are ties; if no resolved "above"
 * is followed by a resolved "below", the crossing is not resolved.
 */
export function breakEven(points: readonly SweepPoint[]): { value: number | null; low: number | null; high: number | null; note: string } {
  const sorted = [...points].filter((p) => Number.isFinite(p.ratio.median)).sort((a, b) => a.r - b.r);
  if (sorted.length === 0) return { value: null, low: null, high: null, note: 'no point measured' };
  const above = (p: SweepPoint): boolean => p.ratio.low > 1;
  const below = (p: SweepPoint): boolean => p.ratio.high < 1;
  const first = sorted[0] as SweepPoint;
  if (below(first)) return { value: first.r, low: null, high: first.r, note: `biased is slower than atomic already at R = ${first.r} (resolved)` };
  let lastAbove: SweepPoint | undefined;
  for (const p of sorted) {
    if (above(p)) lastAbove = p;
    else if (below(p)) {
      if (lastAbove === undefined) break;
      return {
        value: Math.round(((lastAbove.r + p.r) / 2) * 1000) / 1000,
        low: lastAbove.r,
        high: p.r,
        note: `biased falls below atomic between R = ${lastAbove.r} (faster, resolved) and R = ${p.r} (slower, resolved)`,
      };
    }
  }
  if (sorted.every(above)) return { value: null, low: null, high: null, note: `biased is faster than atomic at every R measured (up to ${(sorted[sorted.length - 1] as SweepPoint).r}, resolved)` };
  return { value: null, low: null, high: null, note: '≈ not resolved: no measured R is resolved faster followed by one resolved slower' };
}

/** Findings from the finished cells. */
export function computeFindings(cells: readonly Cell[]): Findings {
  const measured = cells.filter((c): c is MeasuredCell => c.status === 'measured');
  const f: Findings = {
    intervalMethod: 'median of per-slice figures (ratios: of per-round paired slices) with a distribution-free 95% order-statistic interval (see docs/cli.md)',
  };
  const rounds = measured.filter((c) => c.group === 'overhead').map((c) => c.samples.opsPerSec.length);
  if (rounds.length > 0) f.slicesPerCell = Math.min(...rounds);

  // BRC sweep: biased over atomic at each R, paired by round.
  const sweep = measured.filter((c) => c.group === 'brc-sweep');
  const biasedName = sweep.some((c) => c.strategy === 'biased') ? 'biased' : sweep.find((c) => c.strategy.startsWith('biased'))?.strategy;
  if (biasedName !== undefined) {
    const points: SweepPoint[] = [];
    for (const b of sweep.filter((c) => c.strategy === biasedName)) {
      const r = Number(b.params.remoteFraction);
      const a = sweep.find((c) => c.strategy === 'atomic' && Number(c.params.remoteFraction) === r);
      if (a === undefined) continue;
      const ratio = pairedRatio(b, a);
      if (ratio === undefined) continue;
      points.push({ r, ratio });
      f[`brcRatioR${r}`] = round(ratio.median);
      f[`brcRatioR${r}Low`] = round(ratio.low);
      f[`brcRatioR${r}High`] = round(ratio.high);
      const queued = b.counters.queued;
      const passes = b.counters.mergePasses;
      if (queued !== undefined && passes !== undefined && passes > 0) f[`brcQueuedPerMergeR${r}`] = round(queued / passes);
    }
    if (points.length > 0) {
      const be = breakEven(points);
      f.brcBreakEven = be.value;
      f.brcBreakEvenLow = be.low;
      f.brcBreakEvenHigh = be.high;
      f.brcBreakEvenNote = `${be.note} — producer/consumer hand-off with both threads saturated, a different experiment from the BRC paper's §7.5`;
      f.brcStrategy = biasedName;
    }
  }

  // The BRC paper's §7.5 experiment: the crossing of biased's and atomic's pass times against R.
  Object.assign(f, brcPaperFindings(measured));

  // Convoy: the I/O thread's latency beside a CPU-bound thread, per strategy.
  for (const c of measured) {
    if (c.group !== 'convoy' || c.threads < 2) continue;
    for (const k of ['ioLatencyP50Ms', 'ioLatencyP99Ms', 'ioWaits']) {
      const v = c.measurements?.[k]?.value;
      if (v !== undefined) f[`convoy.${c.strategy}.${k}`] = round(v);
    }
  }

  // Correctness at a glance.
  f.cellsWithCorrectnessIssues = measured.filter((c) => !c.correctness.ok).length;
  f.cellsWithErrors = cells.length - measured.length;

  // Resolution: the median relative width of the ratio intervals (to unsafe), and of throughput.
  const ratioWidths = measured.filter((c) => c.relativeToUnsafe !== undefined && c.strategy !== 'unsafe').map((c) => relWidth(c.relativeToUnsafe as Interval));
  if (ratioWidths.length > 0) f.medianRatioIntervalWidth = round(medianInterval(ratioWidths).median);
  const widths = measured.filter((c) => c.group === 'overhead' || c.group === 'scaling').map((c) => relWidth(c.opsPerSec));
  if (widths.length > 0) f.medianRelativeIntervalWidth = round(medianInterval(widths).median);
  return f;
}

function relWidth(i: Interval): number {
  return i.median > 0 ? (i.high - i.low) / i.median : Number.NaN;
}

function round(x: number): number {
  return Math.round(x * 10000) / 10000;
}
