/**
 * Multicore scaling: per workload, speedup (throughput over the same strategy on one thread) and
 * throughput against the thread count, one line per strategy. Points with more threads than
 * cores are marked: they measure time-slicing, not parallelism. The core count is a rule.
 */
import type { TopLevelSpec } from 'vega-lite';
import { times } from '../format.ts';
import { cellsOf, paramsKey, ratio, type ReportModel, type SourcedCell } from '../model.ts';
import { clipInterval, distinct, intervalLayers, largestFitting, sourceScale, topLevel } from './common.ts';
import { strategyColor } from './theme.ts';
import { FLAG_LEGEND, flagReasons } from './flags.ts';
import { notMeasured, type ChartBuild, type ChartModule } from './types.ts';

const FITS = 'threads ≤ cores';
const OVER = 'more threads than cores';

interface Row {
  readonly source: string;
  readonly workload: string;
  readonly strategy: string;
  readonly threads: number;
  readonly cores: number;
  readonly ops: number;
  readonly opsLow: number;
  readonly opsHigh: number;
  /** The throughput interval as drawn, cut at 1.5 × the panel's largest median. */
  readonly opsLowShown: number;
  readonly opsHighShown: number;
  readonly clipped: boolean;
  readonly speedup: number | null;
  readonly spLow: number | null;
  readonly spHigh: number | null;
  /** Linear scaling up to the core count, for the reference line. */
  readonly ideal: number;
  readonly fit: string;
  /** Why the point is suspicious (`!`), empty when it is not. */
  readonly flag: string;
}

function oneThread(all: readonly SourcedCell[], c: SourcedCell): SourcedCell | undefined {
  const key = paramsKey(c.cell.params);
  return all.find(
    (o) => o.source === c.source && o.cell.strategy === c.cell.strategy && o.cell.workload === c.cell.workload && o.cell.threads === 1 && paramsKey(o.cell.params) === key,
  );
}

/** One row per scaling cell; speedup as recorded, else derived from the same strategy's one-thread cell. */
export function scalingRows(model: ReportModel): Row[] {
  const cells = cellsOf(model, 'scaling');
  const caps = new Map<string, number>();
  for (const c of cells) {
    const key = JSON.stringify([c.source.index, c.cell.workload]);
    caps.set(key, Math.max(caps.get(key) ?? 0, 1.5 * c.cell.opsPerSec.median));
  }
  return cells.map((c) => {
    const shown = clipInterval(c.cell.opsPerSec.low, c.cell.opsPerSec.high, caps.get(JSON.stringify([c.source.index, c.cell.workload])) ?? Infinity);
    const one = oneThread(cells, c);
    const sp = c.cell.speedup ?? (one !== undefined ? ratio(c.cell.opsPerSec, one.cell.opsPerSec) : undefined);
    const cores = c.source.env.cores;
    return {
      source: c.source.label,
      workload: c.cell.workload,
      strategy: c.cell.strategy,
      control: c.source.config.baseline === c.cell.strategy,
      threads: c.cell.threads,
      cores,
      ops: c.cell.opsPerSec.median,
      opsLow: c.cell.opsPerSec.low,
      opsHigh: c.cell.opsPerSec.high,
      opsLowShown: shown.lowShown,
      opsHighShown: shown.highShown,
      clipped: shown.clipped,
      speedup: sp?.median ?? null,
      spLow: sp?.low ?? null,
      spHigh: sp?.high ?? null,
      ideal: Math.min(c.cell.threads, cores),
      fit: c.cell.oversubscribed || c.cell.threads > cores ? OVER : FITS,
      flag: flagReasons(c.cell, undefined, sp).join('; '),
    };
  });
}

function notes(model: ReportModel, rows: readonly Row[]): string[] {
  const out: string[] = [];
  for (const source of model.sources) {
    const mine = rows.filter((r) => r.source === source.label && r.speedup !== null);
    const n = largestFitting(distinct(mine.map((r) => r.threads)), source);
    const here = mine.filter((r) => r.threads === n && n > 1);
    for (const workload of model.workloads) {
      const w = here.filter((r) => r.workload === workload).sort((a, b) => (b.speedup ?? 0) - (a.speedup ?? 0));
      if (w.length === 0) continue;
      const list = w.map((r) => `${r.strategy} ${times(r.speedup ?? 0)}`).join(', ');
      const slower = w.filter((r) => (r.speedup ?? 0) < 1).map((r) => r.strategy);
      const tail = slower.length > 0 ? ` Slower than one thread: ${slower.join(', ')}.` : '';
      out.push(`${model.multiSource ? `${source.label}, ` : ''}${workload} at ${n ?? '?'} threads (${source.env.cores} cores): ${list}.${tail}`);
    }
  }
  for (const r of rows) if (r.flag !== '') out.push(`! ${model.multiSource ? `${r.source}, ` : ''}${r.strategy} on ${r.workload} at ${r.threads} threads: ${r.flag}.`);
  return out;
}

export const scalingChart: ChartModule = {
  id: 'scaling',
  title: 'Multicore scaling',
  howToRead:
    "Top: speedup, the throughput at N threads divided by the same strategy's throughput on one thread. The grey dashed line is perfect scaling up to the core count; " +
    'below 1.0 (the dotted line) more threads made it slower. Bottom: the raw throughput behind it, with 95% intervals (one too tall for its panel is cut at the edge and capped with a small ▲). ' +
    'The vertical rule is the number of cores; triangles to its right are oversubscribed (more threads than cores: time-slicing, not parallelism) and not joined to the line. unsafe, the control that loses updates, is dashed grey. ' +
    FLAG_LEGEND,
  build(model: ReportModel): ChartBuild {
    const rows = scalingRows(model);
    if (rows.length === 0) return notMeasured('No multicore scaling cells in this run.');
    const threads = distinct(rows.map((r) => r.threads)).sort((a, b) => a - b);
    const maxThreads = Math.max(...threads);
    const workloads = model.workloads.filter((w) => rows.some((r) => r.workload === w));
    const x = {
      field: 'threads',
      type: 'quantitative' as const,
      title: 'threads',
      scale: { type: 'log' as const, base: 2, domain: [1, Math.max(2, maxThreads)], nice: false, padding: 10 },
      axis: { values: threads, format: 'd', grid: false },
    };
    const color = strategyColor(
      model,
      rows.map((r) => r.strategy),
      { title: 'strategy' },
    );
    const dash = model.multiSource ? { strokeDash: { field: 'source', type: 'nominal' as const, title: 'results file', sort: sourceScale(model).domain } } : {};
    const shape = { field: 'fit', type: 'nominal' as const, title: null, scale: { domain: [FITS, OVER], range: ['circle', 'triangle-up'] } };
    const facet = { field: 'workload', type: 'nominal' as const, sort: workloads, title: null, header: { labelFontSize: 12 } };
    const coresRule = [
      { mark: { type: 'rule' as const, color: '#555', strokeDash: [2, 2] }, encoding: { x: { field: 'cores', type: 'quantitative' as const, aggregate: 'max' as const } } },
      {
        mark: { type: 'text' as const, align: 'left' as const, baseline: 'top' as const, dx: 3, dy: 2, fontSize: 10, color: '#555' },
        encoding: { x: { field: 'cores', type: 'quantitative' as const, aggregate: 'max' as const }, y: { value: 0 }, text: { value: 'cores' } },
      },
    ];
    const tooltip = [
      { field: 'strategy', type: 'nominal' as const },
      { field: 'workload', type: 'nominal' as const },
      { field: 'threads', type: 'quantitative' as const },
      { field: 'speedup', type: 'quantitative' as const, format: '.2f' },
      { field: 'ops', type: 'quantitative' as const, title: 'ops/s', format: '.3s' },
      { field: 'fit', type: 'nominal' as const, title: 'placement' },
    ];
    const columns = Math.min(3, workloads.length);
    // Panels share the page width (about 1180 px of content): wider when there are fewer of them.
    const width = Math.max(250, Math.floor((1120 - 70 * columns) / columns));
    // Lines join only the points that fit the cores: an oversubscribed point measures time
    // slicing, not parallelism, and stands apart. The unsafe control is dashed.
    const joined = { filter: 'datum.threads <= datum.cores' };
    const controlDash = model.multiSource ? {} : { strokeDash: { condition: { test: 'datum.control', value: [4, 3] }, value: [1, 0] } };
    const spec: TopLevelSpec = {
      ...topLevel('Speedup and throughput against thread count', `one line per strategy · ${model.multiSource ? 'dash style: results file · ' : ''}each panel one workload`),
      data: { values: rows },
      vconcat: [
        {
          title: { text: 'Speedup over the same strategy on one thread', fontSize: 13 },
          facet,
          columns,
          spec: {
            width,
            height: 150,
            layer: [
              ...coresRule,
              { mark: { type: 'rule', color: '#777', strokeDash: [1, 3] }, encoding: { y: { datum: 1 } } },
              {
                transform: [{ filter: 'datum.threads <= datum.cores' }],
                mark: { type: 'line', color: '#bbb', strokeDash: [5, 4], strokeWidth: 1.5 },
                encoding: { x, y: { field: 'ideal', type: 'quantitative' }, detail: { field: 'strategy', type: 'nominal' } },
              },
              {
                transform: [{ filter: 'isValid(datum.speedup)' }, joined],
                mark: { type: 'line', strokeWidth: 2 },
                encoding: { x, y: { field: 'speedup', type: 'quantitative', title: 'speedup (×)' }, color, ...dash, ...controlDash },
              },
              {
                transform: [{ filter: 'isValid(datum.speedup)' }],
                mark: { type: 'point', filled: true, size: 45, opacity: 1 },
                encoding: { x, y: { field: 'speedup', type: 'quantitative' }, color, shape, tooltip },
              },
              // The `!` flag above a suspicious point (a glyph, empty elsewhere: see overhead.ts).
              {
                transform: [{ filter: 'isValid(datum.speedup)' }],
                mark: { type: 'text', fontSize: 12, fontWeight: 'bold', dy: -10, color: '#b03a2e', aria: false },
                encoding: { x, y: { field: 'speedup', type: 'quantitative' }, text: { condition: { test: "datum.flag !== ''", value: '!' }, value: '' } },
              },
            ],
          },
        },
        {
          title: { text: 'Throughput (median, 95% interval)', fontSize: 13 },
          facet,
          columns,
          resolve: { scale: { y: 'independent' } },
          spec: {
            width,
            height: 150,
            layer: [
              ...coresRule,
              ...intervalLayers({ axis: 'y', at: { x }, color, low: 'opsLowShown', high: 'opsHighShown', cap: { mark: 'glyph', fontSize: 9 } }),
              {
                transform: [joined],
                mark: { type: 'line', strokeWidth: 2 },
                encoding: { x, y: { field: 'ops', type: 'quantitative', title: 'operations / s', axis: { format: '~s' } }, color, ...dash, ...controlDash },
              },
              { mark: { type: 'point', filled: true, size: 45, opacity: 1 }, encoding: { x, y: { field: 'ops', type: 'quantitative' }, color, shape, tooltip } },
            ],
          },
        },
      ],
    };
    return { kind: 'chart', spec, notes: notes(model, rows) };
  },
};
