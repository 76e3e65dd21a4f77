/**
 * The producer/consumer hand-off sweep (`handoff`, group `brc-sweep`): both threads saturated,
 * each producing and consuming at once, and a fraction R of objects released by a thread other
 * than its owner, so taking biased counting's slow path (atomic shared count, queue to the
 * owner, merge). Biased against atomic as R goes from 0 to 1, and where biased stops paying off.
 * This is not the BRC paper's §7.5 experiment (that one is the `brc-paper` chart), so the
 * paper's R ≈ 0.75 is not drawn here.
 */
import type { TopLevelSpec } from 'vega-lite';
import { sig, times } from '../format.ts';
import { cellsOf, familyLeadIn, ratio, type ReportModel, type SourcedCell } from '../model.ts';
import { clipInterval, distinct, intervalCap, intervalLayers, ratioOneRule, topLevel } from './common.ts';
import { strategyColor } from './theme.ts';
import { notMeasured, type ChartBuild, type ChartModule } from './types.ts';

/** Where `points` (R, ratio to atomic) first falls below 1, by linear interpolation; null if never. */
export function breakEven(points: readonly { readonly r: number; readonly ratio: number }[]): number | null {
  const s = [...points].sort((a, b) => a.r - b.r);
  for (let i = 0; i < s.length; i++) {
    const p = s[i];
    if (p === undefined || p.ratio >= 1) continue;
    const prev = s[i - 1];
    if (prev === undefined) return p.r;
    return prev.r + ((prev.ratio - 1) / (prev.ratio - p.ratio)) * (p.r - prev.r);
  }
  return null;
}

function remoteFraction(c: SourcedCell): number | undefined {
  const r = c.cell.params.remoteFraction;
  return typeof r === 'number' && Number.isFinite(r) ? r : undefined;
}

export const brcSweepChart: ChartModule = {
  id: 'brc-sweep',
  title: 'Biased reference counting: producer/consumer hand-off, both threads saturated',
  howToRead:
    "R is the fraction of objects released by a thread that does not own them. The owner's own increments and decrements are plain (non-atomic); every remote one is atomic and may queue the object for the owner to merge. " +
    'Left: throughput of each strategy against R. Right: each strategy divided by atomic; above 1 biased counting wins. The solid line is where this run broke even. ' +
    "Both threads produce and consume at once, so this is not the BRC paper's experiment: compare the paper's R ≈ 0.75 with the chart above, not with this one.",
  build(model: ReportModel): ChartBuild {
    const cells = cellsOf(model, 'brc-sweep').filter((c) => remoteFraction(c) !== undefined);
    if (cells.length === 0) return notMeasured('No BRC sensitivity sweep in this run (it needs the biased and atomic strategies).');
    const series = (c: SourcedCell): string => `${model.multiSource ? `${c.source.label} · ` : ''}${c.cell.strategy}`;
    const opsCap = intervalCap(cells.map((c) => c.cell.opsPerSec.median));
    const rows = cells.map((c) => ({
      series: series(c),
      strategy: c.cell.strategy,
      r: remoteFraction(c) ?? 0,
      ops: c.cell.opsPerSec.median,
      low: c.cell.opsPerSec.low,
      high: c.cell.opsPerSec.high,
      ...clipInterval(c.cell.opsPerSec.low, c.cell.opsPerSec.high, opsCap),
    }));
    const unclipped: { series: string; strategy: string; r: number; ratio: number; low: number; high: number }[] = [];
    for (const c of cells) {
      // Each strategy over atomic counting: the `atomic` family's lead in the source.
      const atomicName = familyLeadIn(model, 'atomic', cells, c.source);
      if (c.cell.strategy === atomicName) continue;
      const atomic = cells.find((a) => a.source === c.source && a.cell.strategy === atomicName && remoteFraction(a) === remoteFraction(c) && a.cell.threads === c.cell.threads);
      const q = atomic !== undefined ? ratio(c.cell.opsPerSec, atomic.cell.opsPerSec) : undefined;
      if (q !== undefined) unclipped.push({ series: series(c), strategy: c.cell.strategy, r: remoteFraction(c) ?? 0, ratio: q.median, low: q.low, high: q.high });
    }
    const ratioCap = intervalCap(
      unclipped.map((q) => q.ratio),
      1.5,
      1.5,
    );
    const ratios = unclipped.map((q) => ({ ...q, ...clipInterval(q.low, q.high, ratioCap) }));
    const notes: string[] = [];
    const evens: { x: number; text: string }[] = [];
    for (const source of model.sources) {
      const recorded = source.findings.brcBreakEven;
      const recordedNote = source.findings.brcBreakEvenNote;
      // The break-even is biased counting's: the `biased` family's lead in the source.
      const biased = familyLeadIn(model, 'biased', cells, source);
      const mine = ratios.filter((q) => q.strategy === biased && (!model.multiSource || q.series.startsWith(`${source.label} · `)));
      const computed = breakEven(mine.map((q) => ({ r: q.r, ratio: q.ratio })));
      const value = typeof recorded === 'number' ? recorded : computed;
      const prefix = model.multiSource ? `${source.label}: ` : '';
      if (value !== null) evens.push({ x: value, text: `${prefix}break-even R ≈ ${sig(value, 2)}` });
      if (typeof recorded === 'number') {
        notes.push(
          `${prefix}in the hand-off, biased counting stops beating atomic counts at R ≈ ${sig(recorded, 2)}${typeof recordedNote === 'string' ? ` (${recordedNote})` : ''}.`,
        );
        if (computed !== null && Math.abs(computed - recorded) > 0.05)
          notes.push(`${prefix}from the medians drawn here the ratio first falls below 1 at R ≈ ${sig(computed, 2)} (the run's own figure may pair trials differently).`);
      } else if (computed !== null) {
        notes.push(
          `${prefix}in the hand-off, biased counting stops beating atomic counts at R ≈ ${sig(computed, 2)} (interpolated from the medians drawn here, so only a rough guide).`,
        );
      } else if (mine.length > 0) {
        notes.push(`${prefix}in the hand-off, biased counting was faster than atomic at every R measured (no break-even between 0 and 1).`);
      }
      const r0 = mine.find((q) => q.r === 0);
      if (r0 !== undefined) notes.push(`${prefix}with no remote releases (R = 0), biased runs at ${times(r0.ratio)} atomic's throughput (medians).`);
    }
    const color = strategyColor(
      model,
      rows.map((r) => r.strategy),
      { title: 'strategy' },
    );
    const detail = { detail: { field: 'series', type: 'nominal' as const } };
    const x = { field: 'r', type: 'quantitative' as const, title: 'remote fraction R', scale: { domain: [0, 1] }, axis: { format: '.2~f' } };
    const left = {
      width: 300,
      height: 220,
      title: { text: 'Throughput', fontSize: 13 },
      data: { values: rows },
      layer: [
        ...intervalLayers({ axis: 'y', at: { x }, color, detail, cap: { mark: 'point', anyClipped: rows.some((r) => r.clipped) } }),
        {
          mark: { type: 'line' as const, strokeWidth: 2, point: { filled: true, size: 40 } },
          encoding: {
            x,
            y: { field: 'ops', type: 'quantitative' as const, title: 'operations / s', axis: { format: '~s' } },
            color,
            ...detail,
            tooltip: [
              { field: 'series', type: 'nominal' as const },
              { field: 'r', type: 'quantitative' as const, title: 'R' },
              { field: 'ops', type: 'quantitative' as const, title: 'ops/s', format: '.3s' },
            ],
          },
        },
      ],
    };
    const guides = evens.map((e) => ({ ...e, kind: 'measured' }));
    const right = {
      width: 300,
      height: 220,
      title: { text: 'Throughput ÷ atomic', fontSize: 13 },
      layer: [
        ratioOneRule(),
        ...(guides.length > 0
          ? [
              {
                data: { values: guides },
                layer: [
                  { mark: { type: 'rule' as const, color: '#333' }, encoding: { x: { field: 'x', type: 'quantitative' as const } } },
                  {
                    mark: { type: 'text' as const, align: 'left' as const, baseline: 'top' as const, dx: 3, fontSize: 10, color: '#333' },
                    encoding: { x: { field: 'x', type: 'quantitative' as const }, y: { value: 2 }, text: { field: 'text', type: 'nominal' as const } },
                  },
                ],
              },
            ]
          : []),
        {
          data: { values: ratios },
          layer: [
            ...intervalLayers({ axis: 'y', at: { x }, color, detail, cap: { mark: 'point', anyClipped: ratios.some((q) => q.clipped) } }),
            {
              mark: { type: 'line' as const, strokeWidth: 2, point: { filled: true, size: 40 } },
              encoding: {
                x,
                y: { field: 'ratio', type: 'quantitative' as const, title: 'throughput ÷ atomic (×)' },
                color,
                ...detail,
                tooltip: [
                  { field: 'series', type: 'nominal' as const },
                  { field: 'r', type: 'quantitative' as const, title: 'R' },
                  { field: 'ratio', type: 'quantitative' as const, format: '.3f' },
                ],
              },
            },
          ],
        },
      ],
    };
    const spec: TopLevelSpec = {
      ...topLevel(
        'Biased vs atomic counting in a producer/consumer hand-off',
        `R from ${sig(Math.min(...rows.map((r) => r.r)))} to ${sig(Math.max(...rows.map((r) => r.r)))} · ${distinct(rows.map((r) => r.strategy)).join(', ')}`,
      ),
      hconcat: ratios.length > 0 ? [left, right] : [left],
      spacing: 30,
    };
    return { kind: 'chart', spec, notes };
  },
};
