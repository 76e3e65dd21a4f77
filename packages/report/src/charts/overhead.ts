/**
 * Single-thread overhead: each strategy's throughput on one thread relative to `unsafe` (plain
 * counts, no lock: the cost floor), per workload, with the 95% interval as an error bar.
 */
import type { Interval } from '@rclab/core';
import type { TopLevelSpec } from 'vega-lite';
import { relativeWords, sig } from '../format.ts';
import { cellsOf, ratio, type ReportModel } from '../model.ts';
import { flagReasons, FLAG_LEGEND } from './flags.ts';
import { clipInterval, intervalCap, intervalLayers, sourceScale, strategyBands, topLevel, workloadRowFacet } from './common.ts';
import { strategyColor } from './theme.ts';
import { notMeasured, type ChartBuild, type ChartModule } from './types.ts';

interface Row {
  readonly source: string;
  readonly workload: string;
  readonly strategy: string;
  /** The strategy the ratio divides by (the file's `config.baseline`, e.g. `unsafe`). */
  readonly baseline: string;
  /** Throughput over the baseline (median). */
  readonly rel: number;
  readonly low: number;
  readonly high: number;
  readonly label: string;
  /** Where the label starts: right of the interval and of the 1.0 line, so it crosses neither. */
  readonly labelX: number;
  readonly ops: number;
  /** The interval as drawn (cut at the chart's edge; see `clipInterval`). */
  readonly lowShown: number;
  readonly highShown: number;
  readonly clipped: boolean;
}

/** One row per overhead cell whose ratio to `unsafe` is known (recorded, or derived from the unsafe cell). */
export function overheadRows(model: ReportModel): Row[] {
  const cells = cellsOf(model, 'overhead');
  const raw: Omit<Row, 'lowShown' | 'highShown' | 'clipped' | 'labelX'>[] = [];
  for (const { source, cell } of cells) {
    const baseline = cell.baselineRatio?.baseline ?? source.config.baseline;
    if (baseline === undefined) continue;
    let rel: Interval | undefined = cell.baselineRatio;
    if (rel === undefined) {
      const base = cells.find((c) => c.source === source && c.cell.strategy === baseline && c.cell.workload === cell.workload && c.cell.threads === 1);
      if (base !== undefined) rel = ratio(cell.opsPerSec, base.cell.opsPerSec);
    }
    if (rel === undefined) continue;
    const within = rel.low <= 1 && rel.high >= 1;
    const n = rel.n ?? cell.samples.opsPerSec.length;
    const flags = flagReasons(cell, rel, undefined, baseline);
    const flag = flags.length > 0 ? `! ${flags.join('; ')} · ` : '';
    const label = cell.strategy === baseline ? 'control (baseline)' : `${flag}${within ? `${relativeWords(rel.median)} (within noise)` : relativeWords(rel.median)}, n=${n}`;
    raw.push({
      source: source.label,
      workload: cell.workload,
      strategy: cell.strategy,
      baseline,
      rel: rel.median,
      low: rel.low,
      high: rel.high,
      label,
      ops: cell.opsPerSec.median,
    });
  }
  const cap = overheadCap(raw.map((r) => r.rel));
  return raw.map((r) => {
    const shown = clipInterval(r.low, r.high, cap);
    // The label starts right of the interval and of the 1.0 line, so it crosses neither.
    const labelX = shown.highShown < 1 && shown.highShown > 0.9 ? 1 : shown.highShown;
    return { ...r, ...shown, labelX, label: shown.clipped ? `${r.label}; interval to ${sig(r.high, 2)}×` : r.label };
  });
}

/** Right edge of the overhead chart: a little beyond the largest median ratio (and beyond 1.0). */
export function overheadCap(medians: readonly number[]): number {
  return intervalCap(medians, 1.2, 1.15);
}

function notes(model: ReportModel, rows: readonly Row[]): string[] {
  const out: string[] = [];
  for (const source of model.sources) {
    for (const workload of model.workloads) {
      const here = rows.filter((r) => r.source === source.label && r.workload === workload && r.strategy !== r.baseline);
      if (here.length === 0) continue;
      const list = [...here].sort((a, b) => b.rel - a.rel).map((r) => `${r.strategy} ${sig(r.rel * 100, 3)}%`);
      out.push(`${model.multiSource ? `${source.label}, ` : ''}${workload}: ${list.join(', ')} of ${here[0]?.baseline ?? 'the baseline'}'s throughput.`);
    }
  }
  return out;
}

export const overheadChart: ChartModule = {
  id: 'overhead',
  title: 'Single-thread overhead',
  howToRead:
    "Each dot is a strategy's throughput on one thread divided by unsafe's (plain counts, no lock: the floor every strategy pays on top of). " +
    '1.0 (the dashed line) means no overhead; 0.5 means half the operations per second. The bar is the 95% interval of the ratio; ' +
    'when it crosses 1.0 the difference is within noise; n is the number of paired rounds behind it. unsafe, the control, is the hollow dot at 1.0. An interval too wide for the chart is cut at its edge with a ▶, and its label gives where it ends. ' +
    FLAG_LEGEND,
  build(model: ReportModel): ChartBuild {
    const rows = overheadRows(model);
    if (rows.length === 0) {
      return notMeasured(
        cellsOf(model, 'overhead').length === 0
          ? 'No single-thread overhead cells in this run.'
          : 'No unsafe baseline in this run, so no ratio to it (run with the unsafe strategy included).',
      );
    }
    const colorBy = model.multiSource
      ? { field: 'source', type: 'nominal' as const, title: 'results file', scale: sourceScale(model) }
      : strategyColor(
          model,
          rows.map((r) => r.strategy),
          { legend: null },
        );
    const bands = strategyBands(model);
    const maxX = overheadCap(rows.map((r) => r.rel));
    const spec: TopLevelSpec = {
      ...topLevel('Throughput on one thread, relative to unsafe', 'dot: median ratio · bar: 95% interval · dashed line: no overhead'),
      data: { values: rows },
      facet: workloadRowFacet(model, rows),
      spacing: 14,
      spec: {
        width: 640,
        height: { step: model.multiSource ? 26 : 20 },
        layer: [
          { mark: { type: 'rule', color: '#888', strokeDash: [4, 3] }, encoding: { x: { datum: 1 } } },
          ...intervalLayers({ axis: 'x', at: { ...bands }, color: colorBy, strokeWidth: 2, cap: { mark: 'glyph', fontSize: 10, align: 'center' } }),
          {
            mark: { type: 'point', filled: true, size: 55, opacity: 1 },
            encoding: {
              // The unsafe control is hollow: the floor, not a contender.
              fillOpacity: { condition: { test: 'datum.strategy === datum.baseline', value: 0 }, value: 1 },
              strokeWidth: { value: 1.5 },
              ...bands,
              x: { field: 'rel', type: 'quantitative', title: 'throughput ÷ unsafe throughput (one thread)', scale: { domain: [0, maxX], nice: false }, axis: { format: '.1f' } },
              color: colorBy,
              tooltip: [
                { field: 'strategy', type: 'nominal' },
                { field: 'workload', type: 'nominal' },
                { field: 'rel', type: 'quantitative', title: 'ratio', format: '.3f' },
                { field: 'low', type: 'quantitative', title: '95% low', format: '.3f' },
                { field: 'high', type: 'quantitative', title: '95% high', format: '.3f' },
                { field: 'ops', type: 'quantitative', title: 'ops/s', format: '.3s' },
              ],
            },
          },
          {
            mark: { type: 'text', align: 'left', dx: 6, fontSize: 10, color: '#444' },
            encoding: { ...bands, x: { field: 'labelX', type: 'quantitative' }, text: { field: 'label', type: 'nominal' } },
          },
        ],
      },
    };
    return { kind: 'chart', spec, notes: notes(model, rows) };
  },
};
