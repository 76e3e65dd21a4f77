/**
 * What the suite concludes, for the summary and the report's text: each experiment's own
 * findings (the BRC break-even, the convoy's I/O latency, …, see `Experiment.findings`), then
 * what holds for the whole suite: cells with problems and how well the intervals resolve.
 */
import type { Cell, MeasuredCell, SystemRecord } from '@rclab/core';
import { EXPERIMENTS } from '../experiments/index.ts';
import { type Findings, type FindingsContext, runTraits } from '../experiments/types.ts';
import { medianInterval, relativeWidth } from '@rclab/core';

export type { Findings, FindingsContext } from '../experiments/types.ts';
export { breakEven, type SweepPoint } from '../experiments/brc-sweep.ts';

/** Findings from the finished cells; `ctx` says which strategy is the ratio baseline and each one's family. */
export function computeFindings(cells: readonly Cell[], ctx: FindingsContext): Findings {
  const measured = cells.filter((c): c is MeasuredCell => c.status === 'measured');
  const f: Findings = {
    intervalMethod: 'median of per-slice figures (ratios: of per-round paired slices) with a distribution-free 95% order-statistic interval (see docs/cli.md)',
  };
  const ratioGroups = new Set<string>();
  for (const e of EXPERIMENTS) {
    if (runTraits(e).ratiosToBaseline) ratioGroups.add(e.name);
    const own = measured.filter((c) => c.group === e.name);
    if (e.findings !== undefined) Object.assign(f, e.findings(own, ctx));
  }

  // Correctness at a glance.
  f.cellsWithCorrectnessIssues = measured.filter((c) => !c.correctness.ok).length;
  f.cellsWithErrors = cells.length - measured.length;

  // Resolution: the median relative width of the ratio intervals (to the baseline), and of throughput.
  const ratioWidths = measured.flatMap((c) => (c.baselineRatio !== undefined && c.strategy !== ctx.baseline ? [relativeWidth(c.baselineRatio)] : []));
  if (ratioWidths.length > 0) f.medianRatioIntervalWidth = round(medianInterval(ratioWidths).median);
  const widths = measured.filter((c) => ratioGroups.has(c.group)).map((c) => relativeWidth(c.opsPerSec));
  if (widths.length > 0) f.medianRelativeIntervalWidth = round(medianInterval(widths).median);
  return f;
}

/** The findings context of a plan. */
export function findingsContext(plan: {
  readonly baseline?: string;
  readonly families: Readonly<Record<string, string>>;
  readonly systems?: readonly SystemRecord[];
}): FindingsContext {
  return { baseline: plan.baseline, familyOf: (strategy) => plan.families[strategy] ?? 'custom', systems: plan.systems ?? [] };
}

function round(x: number): number {
  return Math.round(x * 10000) / 10000;
}
