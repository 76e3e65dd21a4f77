/**
 * What the suite concludes, for the summary and the report's text: where biased counting stops
 * paying (the BRC break-even), the convoy's I/O latency, and how to read the intervals.
 */
import type { Cell } from '@rclab/core';
import { medianInterval } from '../stats/order.ts';
import { pairedRatio, type TrialRecord } from './aggregate.ts';

export type Findings = Record<string, number | string | null>;

/** Linear interpolation of where `ratio` crosses 1 going down, over ascending `r`. */
export function breakEven(points: readonly { readonly r: number; readonly ratio: number }[]): { value: number | null; note: string } {
  const sorted = [...points].filter((p) => Number.isFinite(p.ratio)).sort((a, b) => a.r - b.r);
  if (sorted.length === 0) return { value: null, note: 'no point measured' };
  const first = sorted[0] as { r: number; ratio: number };
  if (first.ratio < 1) return { value: first.r, note: `biased is slower than atomic already at R = ${first.r}` };
  for (let i = 1; i < sorted.length; i++) {
    const a = sorted[i - 1] as { r: number; ratio: number };
    const b = sorted[i] as { r: number; ratio: number };
    if (b.ratio < 1) {
      const x = a.r + ((a.ratio - 1) / (a.ratio - b.ratio)) * (b.r - a.r);
      return { value: Math.round(x * 1000) / 1000, note: `biased falls below atomic between R = ${a.r} and R = ${b.r}` };
    }
  }
  return { value: null, note: `biased is at least as fast as atomic at every R measured (up to ${(sorted[sorted.length - 1] as { r: number }).r})` };
}

/** Findings from the finished cells. */
export function computeFindings(cells: readonly Cell[], trialsOf: (id: string) => readonly TrialRecord[], trials: number, coverage: number): Findings {
  const f: Findings = {
    intervalMethod: 'median with a distribution-free order-statistic interval (see docs/cli.md)',
    intervalCoverage: coverage,
    trialsPerCell: trials,
  };

  // BRC sweep: biased over atomic at each R, paired by round.
  const sweep = cells.filter((c) => c.group === 'brc-sweep' && c.error === undefined);
  const biasedName = sweep.some((c) => c.strategy === 'biased') ? 'biased' : sweep.find((c) => c.strategy.startsWith('biased'))?.strategy;
  if (biasedName !== undefined) {
    const points: { r: number; ratio: number }[] = [];
    for (const b of sweep.filter((c) => c.strategy === biasedName)) {
      const r = Number(b.params.remoteFraction);
      const a = sweep.find((c) => c.strategy === 'atomic' && Number(c.params.remoteFraction) === r);
      if (a === undefined) continue;
      const ratio = pairedRatio(trialsOf(b.id), trialsOf(a.id));
      if (ratio === undefined) continue;
      points.push({ r, ratio: ratio.median });
      f[`brcRatioR${r}`] = round(ratio.median);
      // Merge-queue length: objects queued to their owner per merge pass (biased's counters).
      const queued = b.counters.queued;
      const passes = b.counters.mergePasses;
      if (queued !== undefined && passes !== undefined && passes > 0) f[`brcQueuedPerMergeR${r}`] = round(queued / passes);
    }
    if (points.length > 0) {
      const be = breakEven(points);
      f.brcBreakEven = be.value;
      f.brcBreakEvenNote = `${be.note} (the BRC paper: from R ≈ 0.75)`;
      f.brcStrategy = biasedName;
    }
  }

  // Convoy: the I/O thread's latency beside a CPU-bound thread, per strategy.
  for (const c of cells) {
    if (c.group !== 'convoy' || c.error !== undefined || c.threads < 2) continue;
    for (const k of ['ioLatencyP50Ms', 'ioLatencyP99Ms']) {
      const v = c.counters[k];
      if (v !== undefined) f[`convoy.${c.strategy}.${k}`] = round(v);
    }
  }

  // Correctness at a glance.
  const bad = cells.filter((c) => c.error === undefined && !c.correctness.ok);
  f.cellsWithCorrectnessIssues = bad.length;
  f.cellsWithErrors = cells.filter((c) => c.error !== undefined).length;

  // Spread: the widest relative interval among throughput cells, as a noise indicator.
  const widths = cells
    .filter((c) => c.error === undefined && (c.group === 'overhead' || c.group === 'scaling') && c.opsPerSec.median > 0)
    .map((c) => (c.opsPerSec.high - c.opsPerSec.low) / c.opsPerSec.median);
  if (widths.length > 0) f.medianRelativeIntervalWidth = round(medianInterval(widths).median);
  return f;
}

function round(x: number): number {
  return Math.round(x * 10000) / 10000;
}
