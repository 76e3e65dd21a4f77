/**
 * The trade-off chart: PEP 703's argument in one picture. One point per strategy and workload:
 * x is what the strategy costs on one thread (throughput relative to `unsafe`), y is what it
 * buys at the machine's core count (throughput relative to `gil` on one thread, the GIL build's
 * best). Upper right — cheap and scales — is where free threading pays.
 *
 * Intervals are the suite's: x is the overhead cell's `baselineRatio` (paired by round), or
 * the paired ratio of the scaling block's one-thread cells; y is the paired ratio of the cell at
 * the core count over `gil` on one thread (as the headline computes it), or, when the cells were
 * not measured together, the conservative ratio of their intervals.
 */
import type { Interval, MeasuredCell } from '@rclab/core';
import type { TopLevelSpec } from 'vega-lite';
import { pairedRatio } from '../headline.ts';
import { cellsOf, familyLead, ratio, type ReportModel, type SourcedCell } from '../model.ts';
import { distinct, largestFitting, topLevel } from './common.ts';
import { strategyScale } from './theme.ts';
import { notMeasured, type ChartBuild, type ChartModule } from './types.ts';

/** The single-thread cost line: strategies right of it lose less than 10% to unsafe. */
export const CHEAP_X = 0.9;

/** Points labelled one by one up to this many (the quick suite's two scaling workloads fit). */
const LABEL_LIMIT = 16;

export interface TradeOffRow {
  readonly source: string;
  readonly strategy: string;
  readonly workload: string;
  readonly threads: number;
  readonly x: number;
  readonly xLow: number;
  readonly xHigh: number;
  readonly xN: number;
  readonly y: number;
  readonly yLow: number;
  readonly yHigh: number;
  readonly yN: number;
  /** False when x or y had too few pairs for a 95% interval. */
  readonly resolved: boolean;
  /** The unsafe control: drawn hollow and grey, never a contender. */
  readonly control: boolean;
  readonly label: string;
}

function paired(a: MeasuredCell, b: MeasuredCell): Interval | undefined {
  return pairedRatio(a, b) ?? ratio(a.opsPerSec, b.opsPerSec);
}

/** One row per strategy × workload with a one-thread cost and a throughput at the core count. */
export function tradeOffRows(model: ReportModel): TradeOffRow[] {
  const rows: TradeOffRow[] = [];
  const overhead = cellsOf(model, 'overhead');
  const scaling = cellsOf(model, 'scaling');
  for (const source of model.sources) {
    const mine = scaling.filter((c) => c.source === source);
    for (const workload of distinct(mine.map((c) => c.cell.workload))) {
      const here = mine.filter((c) => c.cell.workload === workload).map((c) => c.cell);
      // The GIL build: the `gil` family's lead (the first in display order) measured on one thread here.
      const gilLead = familyLead(model, 'gil', (s) => here.some((c) => c.strategy === s && c.threads === 1));
      const gil1 = here.find((c) => c.strategy === gilLead && c.threads === 1);
      const control = source.config.baseline;
      const n = largestFitting(distinct(here.map((c) => c.threads)), source);
      if (gil1 === undefined || n === undefined) continue;
      const unsafe1 = here.find((c) => c.strategy === control && c.threads === 1);
      for (const strategy of distinct(here.map((c) => c.strategy))) {
        const atN = here.find((c) => c.strategy === strategy && c.threads === n);
        const one = here.find((c) => c.strategy === strategy && c.threads === 1);
        if (atN === undefined) continue;
        const isGil1 = strategy === gil1.strategy;
        const y = isGil1 && n === 1 ? undefined : paired(atN, gil1);
        const x = xOf(overhead, source, strategy, workload, control) ?? (one !== undefined && unsafe1 !== undefined ? paired(one, unsafe1) : undefined);
        const yy = y ?? (isGil1 && n === 1 ? { median: 1, low: 1, high: 1, n: 0 } : undefined);
        if (x === undefined || yy === undefined) continue;
        const isControl = strategy === control;
        // Too few pairs for an interval (see headline.ts): drawn as a point without whiskers, and never "resolved".
        const lo = (i: Interval): number => (Number.isFinite(i.low) ? i.low : i.median);
        const hi = (i: Interval): number => (Number.isFinite(i.high) ? i.high : i.median);
        rows.push({
          source: source.label,
          strategy,
          workload,
          threads: n,
          x: x.median,
          xLow: lo(x),
          xHigh: hi(x),
          xN: x.n ?? 0,
          y: yy.median,
          yLow: lo(yy),
          yHigh: hi(yy),
          resolved: Number.isFinite(x.low) && Number.isFinite(yy.low),
          yN: yy.n ?? 0,
          control: isControl,
          label: `${isControl ? `${strategy} (control)` : strategy} · ${workload}${model.multiSource ? ` · ${source.label}` : ''}`,
        });
      }
    }
  }
  return rows;
}

function xOf(overhead: readonly SourcedCell[], source: SourcedCell['source'], strategy: string, workload: string, control: string | undefined): Interval | undefined {
  if (strategy === control) return { median: 1, low: 1, high: 1, n: 0 };
  return overhead.find((c) => c.source === source && c.cell.strategy === strategy && c.cell.workload === workload && c.cell.threads === 1)?.cell.baselineRatio;
}

const f2 = (v: number): string => v.toFixed(2);

/** Where a point lies, only as far as its intervals resolve it. */
function place(r: TradeOffRow): string {
  if (!r.resolved) return 'too few pairs for a 95% interval';
  const cheap = r.xLow >= CHEAP_X ? true : r.xHigh < CHEAP_X ? false : undefined;
  const scales = r.yLow > 1 ? true : r.yHigh < 1 ? false : undefined;
  if (cheap === undefined || scales === undefined) return 'not resolved';
  if (cheap && scales) return 'cheap and scales';
  if (scales) return 'beats the GIL build, costly on one thread';
  if (cheap) return 'cheap, does not beat the GIL build';
  return 'costly and does not beat the GIL build';
}

/** One sentence per workload: which strategies land where, each with its figures and slice counts. */
function notes(model: ReportModel, rows: readonly TradeOffRow[]): string[] {
  const out: string[] = [];
  for (const key of distinct(rows.map((r) => `${r.source}\u0000${r.workload}`))) {
    const here = rows.filter((r) => `${r.source}\u0000${r.workload}` === key && !r.control);
    const first = here[0];
    if (first === undefined) continue;
    const groups = distinct(here.map(place)).map(
      (p) =>
        `${p}: ${here
          .filter((r) => place(r) === p)
          .map((r) => `${r.strategy} (${f2(r.x)}× [${f2(r.xLow)}–${f2(r.xHigh)}, n=${r.xN}] on 1 thread, ${f2(r.y)}× [${f2(r.yLow)}–${f2(r.yHigh)}, n=${r.yN}] at ${r.threads})`)
          .join(', ')}`,
    );
    out.push(`${model.multiSource ? `${first.source}, ` : ''}${first.workload}: ${groups.join('; ')}.`);
  }
  return out;
}

export const tradeOffChart: ChartModule = {
  id: 'trade-off',
  title: 'The trade-off: what one thread costs, what the cores buy',
  howToRead:
    "A point per strategy and workload: right is cheaper on one thread (throughput ÷ unsafe's), up is more throughput at the core count than the GIL build on one thread. " +
    'Whiskers: 95% intervals. Above y = 1 it beats the GIL build; right of x = 0.9 it loses under 10% on one thread. Hollow grey: the unsafe control.',
  build(model: ReportModel): ChartBuild {
    const rows = tradeOffRows(model);
    if (rows.length === 0) {
      return notMeasured('Needs scaling cells with gil on 1 thread and the strategies at the core count, and one-thread costs against unsafe.');
    }
    const maxX = Math.max(1.1, ...rows.map((r) => Math.min(r.xHigh, 1.6)));
    // Headroom above the highest point for the quadrant's label.
    const maxY = 1.15 * Math.max(1.2, ...rows.map((r) => Math.min(r.yHigh, 3 * Math.max(...rows.map((q) => q.y)))));
    const x = { field: 'x', type: 'quantitative' as const, title: 'one thread: throughput ÷ unsafe (right = cheaper)', scale: { domain: [0, maxX], nice: false, clamp: true } };
    const y = { field: 'y', type: 'quantitative' as const, title: 'at the core count: throughput ÷ gil on 1 thread', scale: { domain: [0, maxY], nice: false, clamp: true } };
    const scale = strategyScale(
      model,
      rows.map((r) => r.strategy),
    );
    const legend = { title: 'strategy', orient: 'right' as const, direction: 'vertical' as const };
    const color = { field: 'strategy', type: 'nominal' as const, scale, legend };
    const shape = {
      field: 'workload',
      type: 'nominal' as const,
      title: 'workload',
      legend: { orient: 'right' as const, direction: 'vertical' as const, symbolFillColor: '#666', symbolStrokeColor: '#666' },
    };
    // A label per point only while they can stay apart; beyond that the legends name them.
    const labelled = rows.length <= LABEL_LIMIT;
    const spec: TopLevelSpec = {
      ...topLevel('Cheap and scales?', 'x: one-thread cost · y: gain over the GIL build at the core count · whiskers: 95% intervals'),
      width: 440,
      height: 270,
      data: { values: rows },
      layer: [
        {
          data: { values: [{}] },
          mark: { type: 'rect', color: '#e9f5ec', aria: false },
          encoding: { x: { datum: CHEAP_X, type: 'quantitative' }, x2: { datum: maxX }, y: { datum: 1, type: 'quantitative' }, y2: { datum: maxY } },
        },
        {
          data: { values: [{}] },
          mark: { type: 'text', align: 'right', baseline: 'top', dx: -4, dy: 4, fontWeight: 'bold', color: '#1e6b34', text: 'cheap and scales' },
          encoding: { x: { datum: maxX, type: 'quantitative' }, y: { datum: maxY, type: 'quantitative' } },
        },
        { data: { values: [{}] }, mark: { type: 'rule', color: '#555', strokeDash: [4, 3] }, encoding: { y: { datum: 1, type: 'quantitative' } } },
        {
          data: { values: [{}] },
          mark: { type: 'text', align: 'left', baseline: 'bottom', dx: 4, dy: -2, color: '#555', text: 'beats the GIL build ↑' },
          encoding: { x: { datum: 0, type: 'quantitative' }, y: { datum: 1, type: 'quantitative' } },
        },
        { data: { values: [{}] }, mark: { type: 'rule', color: '#555', strokeDash: [4, 3] }, encoding: { x: { datum: CHEAP_X, type: 'quantitative' } } },
        {
          data: { values: [{}] },
          mark: { type: 'text', align: 'right', baseline: 'bottom', dx: -4, dy: -4, color: '#555', text: `x = ${CHEAP_X}` },
          encoding: { x: { datum: CHEAP_X, type: 'quantitative' }, y: { datum: 0, type: 'quantitative' } },
        },
        {
          mark: { type: 'rule', strokeWidth: 1.5 },
          encoding: {
            x: { field: 'xLow', type: 'quantitative', scale: x.scale },
            x2: { field: 'xHigh' },
            y,
            color,
            strokeDash: { condition: { test: 'datum.control', value: [3, 2] }, value: [1, 0] },
          },
        },
        {
          mark: { type: 'rule', strokeWidth: 1.5 },
          encoding: {
            y: { field: 'yLow', type: 'quantitative', scale: y.scale },
            y2: { field: 'yHigh' },
            x,
            color,
            strokeDash: { condition: { test: 'datum.control', value: [3, 2] }, value: [1, 0] },
          },
        },
        {
          mark: { type: 'point', size: 70, strokeWidth: 2 },
          encoding: {
            x,
            y,
            color,
            shape,
            fill: { field: 'strategy', type: 'nominal', scale, legend },
            // The control is hollow: drawn, never mistaken for a contender.
            fillOpacity: { condition: { test: 'datum.control', value: 0 }, value: 1 },
            tooltip: [
              { field: 'label', type: 'nominal', title: 'point' },
              { field: 'x', type: 'quantitative', title: 'one thread ÷ unsafe', format: '.3f' },
              { field: 'xN', type: 'quantitative', title: 'n (x)' },
              { field: 'y', type: 'quantitative', title: `÷ gil@1 at the core count`, format: '.3f' },
              { field: 'yN', type: 'quantitative', title: 'n (y)' },
            ],
          },
        },
        ...(labelled
          ? [
              {
                mark: { type: 'text' as const, align: 'left' as const, dx: 7, dy: -7, fontSize: 10 },
                encoding: { x, y, text: { field: 'label', type: 'nominal' as const }, color: { condition: { test: 'datum.control', value: '#8c8c8c' }, value: '#333' } },
              },
            ]
          : []),
      ],
    };
    return { kind: 'chart', spec, notes: notes(model, rows) };
  },
};
