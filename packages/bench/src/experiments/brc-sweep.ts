/**
 * The BRC sweep: the `biased` family against `atomic` on the hand-off workload with two
 * threads, at each remote fraction R (the share of objects released by another thread than
 * their owner). Its finding is where biased stops beating atomic, as far as the intervals
 * resolve it — a producer/consumer hand-off with both threads saturated, not the BRC paper's
 * §7.5 experiment.
 */
import type { Interval, MeasuredCell } from '@rclab/core';
import { pairedRatio } from '../suite/aggregate.ts';
import type { CellSpec } from '../suite/types.ts';
import { PAIR_THREADS } from './pair.ts';
import { ROLE } from './roles.ts';
import { defineExperiment, type Findings, isFamilyLead } from './types.ts';

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
  if (sorted.every(above))
    return { value: null, low: null, high: null, note: `biased is faster than atomic at every R measured (up to ${(sorted[sorted.length - 1] as SweepPoint).r}, resolved)` };
  return { value: null, low: null, high: null, note: '≈ not resolved: no measured R is resolved faster followed by one resolved slower' };
}

const round4 = (x: number): number => Math.round(x * 10000) / 10000;

export default defineExperiment({
  name: 'brc-sweep',
  description: 'biased against atomic on a cross-thread hand-off at each remote fraction R: where biased counting stops paying',
  presets: { quick: true, full: true },
  plan(ctx) {
    const o = ctx.options;
    const handoff = ctx.workloadFor(ROLE.handoff);
    // The family's lead against atomic, as in the paper; the full suite adds the other variants.
    const biased = ctx.familyMembers('biased', true);
    const pair = ctx.strategies.filter((s) => ctx.familyOf(s) === 'atomic' || biased.includes(s));
    if (handoff === undefined || biased.length === 0) {
      return { blocks: [], notes: ['BRC sweep skipped: it needs the handoff workload and a biased strategy (against atomic)'] };
    }
    const cells: CellSpec[] = [];
    for (const r of o.remoteFractions) for (const s of pair) cells.push(ctx.cell(s, handoff, PAIR_THREADS, { params: { remoteFraction: r } }));
    return { blocks: [{ id: 'brc-sweep', label: 'BRC sweep · handoff', cells, rounds: o.rounds / 2, sliceMs: 2 * o.sliceMs }], notes: [] };
  },
  findings(sweep: readonly MeasuredCell[], ctx) {
    const f: Findings = {};
    const inFamily = sweep.filter((c) => ctx.familyOf(c.strategy) === 'biased');
    // The family's lead when it ran, else its first member that did.
    const biasedName = inFamily.find((c) => isFamilyLead(c.strategy, 'biased'))?.strategy ?? inFamily[0]?.strategy;
    if (biasedName === undefined) return f;
    const points: SweepPoint[] = [];
    for (const b of sweep.filter((c) => c.strategy === biasedName)) {
      const r = Number(b.params.remoteFraction);
      const a = sweep.find((c) => ctx.familyOf(c.strategy) === 'atomic' && Number(c.params.remoteFraction) === r);
      if (a === undefined) continue;
      const ratio = pairedRatio(b, a);
      if (ratio === undefined) continue;
      points.push({ r, ratio });
      f[`brcRatioR${r}`] = round4(ratio.median);
      f[`brcRatioR${r}Low`] = round4(ratio.low);
      f[`brcRatioR${r}High`] = round4(ratio.high);
      const queued = b.counters.queued;
      const passes = b.counters.mergePasses;
      if (queued !== undefined && passes !== undefined && passes > 0) f[`brcQueuedPerMergeR${r}`] = round4(queued / passes);
    }
    if (points.length > 0) {
      const be = breakEven(points);
      f.brcBreakEven = be.value;
      f.brcBreakEvenLow = be.low;
      f.brcBreakEvenHigh = be.high;
      f.brcBreakEvenNote = `${be.note} — producer/consumer hand-off with both threads saturated, a different experiment from the BRC paper's §7.5`;
      f.brcStrategy = biasedName;
    }
    return f;
  },
});
