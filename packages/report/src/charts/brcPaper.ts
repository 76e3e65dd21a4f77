/**
 * The BRC paper's own experiment (Choi, Shull and Torrellas, PACT 2018, §7.5, Figure 10), as
 * measured by the `brc-paper` group: an owner allocates N objects, a releaser drops R·N of them,
 * and the time of one complete pass is the figure. Left: each strategy's pass time over atomic's
 * (the paper's y-axis), paired by round, for every setting (k owner pairs per object; D long or
 * 0), with each setting's crossing and interval from the suite's fit. Right: peak heap over
 * atomic's (Figure 10's memory curve). The paper's published figures — the break-even at 75%
 * queued and extra memory under 12% — are drawn dashed in grey and labelled "published": they are
 * the paper's numbers, not a measurement of this run.
 */
import type { Interval, MeasuredCell } from '@rclab/core';
import type { TopLevelSpec } from 'vega-lite';
import { sig } from '../format.ts';
import { pairedRatio } from '../headline.ts';
import { cellsOf, familyLeadIn, type ReportModel, type Source, type SourcedCell } from '../model.ts';
import { clipInterval, distinct, intervalCap, intervalLayers, ratioOneRule, topLevel } from './common.ts';
import { notMeasured, type ChartBuild, type ChartModule } from './types.ts';

/** §7.5: biased is worse than atomic only when R ≥ 0.75; its extra memory stays under 12%. */
export const PUBLISHED_BREAK_EVEN = 0.75;
export const PUBLISHED_MEMORY_BOUND = 1.12;
const PUBLISHED_COLOR = '#888';

const num = (c: MeasuredCell, k: string): number => Number(c.params[k]);

function setting(c: MeasuredCell): string {
  return `k = ${String(c.params.k)}, ${num(c, 'dummy') === 0 ? 'D = 0' : 'D long'}`;
}

/** Each setting's crossing as the suite found it (findings `brcPaper.k<k>.dummy<D>.crossing*`). */
function crossingsOf(
  findings: Readonly<Record<string, number | string | null>>,
  k: number,
  dummy: number,
): { kind: string; value: number | null; low: number | null; high: number | null; note: string } | undefined {
  const p = `brcPaper.k${k}.dummy${dummy}.crossing`;
  const kind = findings[`${p}Kind`];
  if (typeof kind !== 'string') return undefined;
  const n = (x: unknown): number | null => (typeof x === 'number' && Number.isFinite(x) ? x : null);
  const note = findings[`${p}Note`];
  return { kind, value: n(findings[p]), low: n(findings[`${p}Low`]), high: n(findings[`${p}High`]), note: typeof note === 'string' ? note : kind };
}

export const brcPaperChart: ChartModule = {
  id: 'brc-paper',
  title: "Biased reference counting: the BRC paper's experiment (§7.5)",
  howToRead:
    'One owner thread allocates N objects and a second thread drops R·N of them; each point is the time of one complete pass. ' +
    "Left: pass time over atomic's at the same R (above 1 biased counting is slower), with the crossing the run fitted and its interval shaded. Right: peak heap over atomic's. " +
    "Grey dashed lines are the paper's published figures (break-even at 75% queued, extra memory under 12%), not measurements. The hand-off chart below is a different experiment.",
  build(model: ReportModel): ChartBuild {
    const cells = cellsOf(model, 'brc-paper').filter((c) => Number.isFinite(num(c.cell, 'remoteFraction')));
    if (cells.length === 0) return notMeasured("No run of the BRC paper's experiment here (group brc-paper: it needs the atomic and biased strategies).");
    const label = (c: SourcedCell): string => `${model.multiSource ? `${c.source.label} · ` : ''}${c.cell.strategy} · ${setting(c.cell)}`;
    // The comparison is against atomic counting: the `atomic` family's lead in each source.
    const atomicIn = (source: Source): string | undefined => familyLeadIn(model, 'atomic', cells, source);
    const atomicOf = (c: SourcedCell): SourcedCell | undefined =>
      cells.find(
        (a) =>
          a.source === c.source &&
          a.cell.strategy === atomicIn(c.source) &&
          num(a.cell, 'remoteFraction') === num(c.cell, 'remoteFraction') &&
          num(a.cell, 'k') === num(c.cell, 'k') &&
          num(a.cell, 'dummy') === num(c.cell, 'dummy'),
      );
    const times: { c: SourcedCell; q: Interval }[] = [];
    const memRows: { series: string; r: number; ratio: number; mb: number }[] = [];
    for (const c of cells) {
      if (c.cell.strategy === atomicIn(c.source)) continue;
      const a = atomicOf(c);
      if (a === undefined) continue;
      // Throughput of atomic over this strategy = this strategy's pass time over atomic's.
      const q: Interval | undefined = pairedRatio(a.cell, c.cell);
      const r = num(c.cell, 'remoteFraction');
      if (q !== undefined) times.push({ c, q });
      const mine = c.cell.measurements?.peakHeapBytes?.value;
      const theirs = a.cell.measurements?.peakHeapBytes?.value;
      if (mine !== undefined && theirs !== undefined && theirs > 0) memRows.push({ series: label(c), r, ratio: mine / theirs, mb: mine / 2 ** 20 });
    }
    if (times.length === 0) return notMeasured("The BRC paper's experiment ran without an atomic baseline at the same R: nothing to compare.");
    const cap = intervalCap(
      times.map(({ q }) => q.median),
      1.5,
      1.5,
    );
    const timeRows = times.map(({ c, q }) => ({
      series: label(c),
      r: num(c.cell, 'remoteFraction'),
      ratio: q.median,
      low: q.low,
      high: q.high,
      ...clipInterval(q.low, q.high, cap),
      ms: c.cell.timeMs?.median ?? Number.NaN,
    }));

    const notes: string[] = [];
    const bands: { series: string; low: number; high: number; value: number }[] = [];
    const settings = distinct(cells.map((c) => `${num(c.cell, 'k')}/${num(c.cell, 'dummy')}`));
    for (const source of model.sources) {
      const prefix = model.multiSource ? `${source.label}: ` : '';
      for (const s of settings) {
        const [k, dummy] = s.split('/').map(Number) as [number, number];
        const x = crossingsOf(source.findings, k, dummy);
        if (x === undefined) continue;
        notes.push(`${prefix}k = ${k}, ${dummy === 0 ? 'D = 0' : 'D long'}: ${x.note}`);
        if (x.kind === 'crossing' && x.value !== null) {
          const strategy = cells.find((c) => c.source === source && c.cell.strategy !== atomicIn(source))?.cell.strategy ?? 'biased';
          const series = `${model.multiSource ? `${source.label} · ` : ''}${strategy} · k = ${k}, ${dummy === 0 ? 'D = 0' : 'D long'}`;
          bands.push({ series, value: x.value, low: Math.max(0, x.low ?? 0), high: Math.min(1, x.high ?? 1) });
        }
      }
    }
    notes.push(
      `Published (the paper, N = 10⁶): biased is slower than atomic only from R ≈ ${PUBLISHED_BREAK_EVEN}; its extra memory stays under ${sig((PUBLISHED_MEMORY_BOUND - 1) * 100, 2)}%.`,
    );

    const series = distinct([...timeRows.map((q) => q.series), ...memRows.map((q) => q.series)]);
    const color = { field: 'series', type: 'nominal' as const, title: 'strategy · setting', scale: { domain: series } };
    const x = { field: 'r', type: 'quantitative' as const, title: 'fraction of objects queued R', scale: { domain: [0, 1] }, axis: { format: '.2~f' } };
    const published = (field: 'x' | 'y', value: number, text: string): object[] => [
      {
        data: { values: [{ v: value, text }] },
        mark: { type: 'rule' as const, color: PUBLISHED_COLOR, strokeDash: [6, 4], strokeWidth: 1.5 },
        encoding: { [field]: { field: 'v', type: 'quantitative' as const } },
      },
      {
        data: { values: [{ v: value, text }] },
        mark: { type: 'text' as const, color: PUBLISHED_COLOR, fontSize: 10, align: 'left' as const, baseline: 'bottom' as const, dx: 3, dy: -2 },
        encoding:
          field === 'x'
            ? { x: { field: 'v', type: 'quantitative' as const }, y: { value: 12 }, text: { field: 'text', type: 'nominal' as const } }
            : { y: { field: 'v', type: 'quantitative' as const }, x: { value: 4 }, text: { field: 'text', type: 'nominal' as const } },
      },
    ];
    const left = {
      width: 320,
      height: 230,
      title: { text: "Pass time ÷ atomic's (the paper's axis)", fontSize: 13 },
      layer: [
        ratioOneRule(),
        ...(bands.length > 0
          ? [
              {
                data: { values: bands },
                mark: { type: 'rect' as const, opacity: 0.15 },
                encoding: { x: { field: 'low', type: 'quantitative' as const, scale: { domain: [0, 1] } }, x2: { field: 'high' }, color },
              },
              {
                data: { values: bands },
                mark: { type: 'rule' as const, strokeWidth: 1.5 },
                encoding: {
                  x: { field: 'value', type: 'quantitative' as const },
                  color,
                  tooltip: [
                    { field: 'series', type: 'nominal' as const },
                    { field: 'value', type: 'quantitative' as const, title: 'crossing R', format: '.2f' },
                    { field: 'low', type: 'quantitative' as const, format: '.2f' },
                    { field: 'high', type: 'quantitative' as const, format: '.2f' },
                  ],
                },
              },
            ]
          : []),
        ...published('x', PUBLISHED_BREAK_EVEN, `published break-even R ≈ ${PUBLISHED_BREAK_EVEN}`),
        {
          data: { values: timeRows },
          layer: [
            ...intervalLayers({ axis: 'y', at: { x }, color, cap: { mark: 'point', anyClipped: timeRows.some((q) => q.clipped) } }),
            {
              mark: { type: 'line' as const, strokeWidth: 2, point: { filled: true, size: 40 } },
              encoding: {
                x,
                y: { field: 'ratio', type: 'quantitative' as const, title: "pass time ÷ atomic's (×)" },
                color,
                tooltip: [
                  { field: 'series', type: 'nominal' as const },
                  { field: 'r', type: 'quantitative' as const, title: 'R' },
                  { field: 'ratio', type: 'quantitative' as const, format: '.3f' },
                  { field: 'ms', type: 'quantitative' as const, title: 'ms per pass', format: '.3~s' },
                ],
              },
            },
          ],
        },
      ],
    };
    const right = {
      width: 260,
      height: 230,
      title: { text: "Peak heap ÷ atomic's", fontSize: 13 },
      layer: [
        ratioOneRule(),
        ...published('y', PUBLISHED_MEMORY_BOUND, 'published: extra memory under 12%'),
        {
          data: { values: memRows },
          mark: { type: 'line' as const, strokeWidth: 2, point: { filled: true, size: 40 } },
          encoding: {
            x,
            y: { field: 'ratio', type: 'quantitative' as const, title: "peak heap ÷ atomic's (×)", scale: { zero: false } },
            color,
            tooltip: [
              { field: 'series', type: 'nominal' as const },
              { field: 'r', type: 'quantitative' as const, title: 'R' },
              { field: 'ratio', type: 'quantitative' as const, format: '.3f' },
              { field: 'mb', type: 'quantitative' as const, title: 'peak heap MiB', format: '.3~s' },
            ],
          },
        },
      ],
    };
    const objects = distinct(cells.map((c) => num(c.cell, 'objects')));
    const spec: TopLevelSpec = {
      ...topLevel(
        "Biased vs atomic counting in the BRC paper's experiment",
        `N = ${objects.map((n) => n.toLocaleString('en-US')).join(', ')} objects · ${settings.length} setting${settings.length === 1 ? '' : 's'} · published figures dashed grey`,
      ),
      hconcat: memRows.length > 0 ? [left, right] : [left],
      spacing: 30,
    } as TopLevelSpec;
    return { kind: 'chart', spec, notes };
  },
};
