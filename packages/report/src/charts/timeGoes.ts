/**
 * Where the time goes: each strategy's own counters (atomic operations, slow paths, queued and
 * merged objects, GIL handoffs, lock waits) divided by the operations done, per workload, at the
 * largest thread count that fits the cores (where contention shows). One small table-like
 * heatmap per strategy; a cell's shade compares workloads within one counter.
 */
import type { TopLevelSpec } from 'vega-lite';
import { duration, sig } from '../format.ts';
import { counterUnit, type ReportModel, type SourcedCell } from '../model.ts';
import { distinct, largestFitting, topLevel } from './common.ts';
import { notMeasured, type ChartBuild, type ChartModule } from './types.ts';

interface Row {
  readonly strategy: string;
  /** `workload · N thr` (with the source when several). */
  readonly row: string;
  readonly counter: string;
  readonly perOp: number;
  readonly text: string;
  /** 0..1: this value over the largest of the same strategy and counter. */
  readonly shade: number;
}

/** Time units a counter may declare, in milliseconds: such a counter reads as time per operation. */
const TIME_UNIT_MS: Readonly<Record<string, number>> = { s: 1000, ms: 1, us: 1e-3, µs: 1e-3, ns: 1e-6 };

/**
 * How one counter per operation reads, from the unit its strategy declares: a time counter
 * (`waitMs` in `ms`) as `wait time/op` with a duration, anything else as a count per operation
 * (with its unit when it is not a plain count).
 */
export function counterLabel(counter: string, unit: string, perOp: number): { label: string; text: string } {
  const toMs = TIME_UNIT_MS[unit];
  if (toMs !== undefined) {
    const suffix = unit.charAt(0).toUpperCase() + unit.slice(1);
    const base = counter.length > suffix.length && counter.endsWith(suffix) ? counter.slice(0, -suffix.length) : counter;
    return { label: `${words(base)} time/op`, text: duration(perOp * toMs) };
  }
  return { label: unit === 'count' ? `${words(counter)} /op` : `${words(counter)} (${unit}) /op`, text: sig(perOp, 2) };
}

/** `lockContended` → `lock contended` (so an axis label can break between words). */
export function words(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase();
}

/** The cells to show: per source and workload, the scaling cells at the largest thread count within the cores, else one-thread overhead cells. */
export function timeGoesCells(model: ReportModel): SourcedCell[] {
  const out: SourcedCell[] = [];
  for (const source of model.sources) {
    for (const workload of model.workloads) {
      const of = (group: string): SourcedCell[] => model.cells.filter((c) => c.source === source && c.cell.group === group && c.cell.workload === workload);
      const scaling = of('scaling');
      const pool = scaling.length > 0 ? scaling : of('overhead');
      const n = largestFitting(distinct(pool.map((c) => c.cell.threads)), source);
      out.push(...pool.filter((c) => c.cell.threads === n));
    }
  }
  return out;
}

export function timeGoesRows(model: ReportModel): { rows: Row[]; silent: string[] } {
  const raw: Omit<Row, 'shade'>[] = [];
  for (const { source, cell } of timeGoesCells(model)) {
    const row = `${model.multiSource ? `${source.label} · ` : ''}${cell.workload} · ${cell.threads} thr`;
    for (const [counter, perOp] of Object.entries(cell.countersPerOp)) {
      if (!Number.isFinite(perOp)) continue;
      const { label, text } = counterLabel(counter, counterUnit(model, cell.strategy, counter), perOp);
      raw.push({ strategy: cell.strategy, row, counter: label, perOp, text });
    }
  }
  // Drop counters that are 0 for every cell of a strategy: they say nothing here.
  const max = new Map<string, number>();
  for (const r of raw) max.set(`${r.strategy}\u0000${r.counter}`, Math.max(max.get(`${r.strategy}\u0000${r.counter}`) ?? 0, Math.abs(r.perOp)));
  const rows = raw
    .filter((r) => (max.get(`${r.strategy}\u0000${r.counter}`) ?? 0) > 0)
    .map((r) => ({ ...r, shade: Math.abs(r.perOp) / (max.get(`${r.strategy}\u0000${r.counter}`) ?? 1) }));
  const silent = distinct(raw.filter((r) => !rows.some((k) => k.strategy === r.strategy)).map((r) => r.strategy));
  return { rows, silent };
}

export const timeGoesChart: ChartModule = {
  id: 'time-goes',
  title: 'Where the time goes',
  howToRead:
    "Each strategy's own counters divided by the operations done: how many atomic read-modify-writes, slow paths, queued or merged objects, " +
    'GIL handoffs and how much waiting one operation costs. One panel per strategy, one row per counter, one column per workload (at the largest thread count measured that fits the cores); ' +
    'a darker cell is a larger value of that counter than on the other workloads. Counters that stayed 0 everywhere are left out.',
  build(model: ReportModel): ChartBuild {
    const { rows, silent } = timeGoesRows(model);
    if (rows.length === 0) return notMeasured('No strategy counters in this run (no scaling or overhead cells, or every counter was 0).');
    const strategies = model.strategies.filter((s) => rows.some((r) => r.strategy === s));
    const rowOrder = distinct(timeGoesCells(model).map((c) => `${model.multiSource ? `${c.source.label} · ` : ''}${c.cell.workload} · ${c.cell.threads} thr`));
    const views = strategies.map((strategy) => {
      const mine = rows.filter((r) => r.strategy === strategy);
      const counters = distinct(mine.map((r) => r.counter));
      return {
        title: { text: strategy, fontSize: 13 },
        data: { values: mine },
        width: { step: 84 },
        height: { step: 20 },
        encoding: {
          x: {
            field: 'row',
            type: 'nominal' as const,
            sort: rowOrder,
            title: null,
            axis: {
              orient: 'top' as const,
              labelAngle: 0,
              labelLimit: 82,
              labelFontSize: 10,
              labelExpr: "split(datum.label, ' · ')",
              labelPadding: 3 + 12 * (model.multiSource ? 2 : 1),
              domain: false,
              ticks: false,
            },
          },
          y: { field: 'counter', type: 'nominal' as const, sort: counters, title: null, axis: { labelLimit: 220, domain: false, ticks: false } },
        },
        layer: [
          {
            mark: { type: 'rect' as const, stroke: 'white', strokeWidth: 1 },
            encoding: {
              color: { field: 'shade', type: 'quantitative' as const, scale: { domain: [0, 1], range: ['#f4f6fa', '#2f5d94'] }, legend: null },
              tooltip: [
                { field: 'strategy', type: 'nominal' as const },
                { field: 'row', type: 'nominal' as const, title: 'workload' },
                { field: 'counter', type: 'nominal' as const },
                { field: 'text', type: 'nominal' as const, title: 'per op' },
              ],
            },
          },
          {
            mark: { type: 'text' as const, fontSize: 10 },
            encoding: {
              text: { field: 'text', type: 'nominal' as const },
              color: { condition: { test: 'datum.shade > 0.55', value: 'white' }, value: '#222' },
            },
          },
        ],
      };
    });
    const spec: TopLevelSpec = {
      ...topLevel('Counters per operation, per strategy', 'columns: workload and the thread count measured · number in the cell: counter ÷ operations'),
      vconcat: views,
      spacing: 22,
      resolve: { scale: { x: 'independent', y: 'independent', color: 'independent' } },
    };
    const notes = silent.length > 0 ? [`Strategies with no nonzero counter here: ${silent.join(', ')}.`] : [];
    return { kind: 'chart', spec, notes };
  },
};
