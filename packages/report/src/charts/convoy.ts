/**
 * The convoy effect: how long an I/O-bound thread waits to run again after its blocking call
 * returns, with and without a CPU-bound thread beside it. Under a GIL the waiter must time out
 * (one switch interval) and ask the holder to drop, so each I/O costs about one interval.
 */
import type { MeasuredCell } from '@rclab/core';
import type { TopLevelSpec } from 'vega-lite';
import { duration, paramsText, plural } from '../format.ts';
import { cellsOf, type ReportModel, type SourcedCell, suiteNumber } from '../model.ts';
import { distinct, topLevel } from './common.ts';
import { notMeasured, type ChartBuild, type ChartModule } from './types.ts';

/** A convoy cell's latencies: its measurements in `ms` (the unit says what a value is, not its name), as [name, ms] pairs. */
export function latencyMeasurements(cell: MeasuredCell): [string, number][] {
  return Object.entries(cell.measurements ?? {})
    .filter(([, m]) => m.unit === 'ms' && Number.isFinite(m.value))
    .map(([k, m]) => [k, m.value]);
}

/** `ioLatencyP99Ms` → `p99`; other names are kept. */
export function latencyName(counter: string): string {
  const short = counter
    .replace(/^io/i, '')
    .replace(/latency/i, '')
    .replace(/Ms$/, '');
  return short.length === 0
    ? counter
    : short
        .replace(/^P(\d+)/, 'p$1')
        .replace(/^Max$/, 'max')
        .replace(/^Mean$/, 'mean');
}

/** How a convoy cell's parameters read: `cpuThreads` in words, the rest as `key=value`. */
export function convoyLabel(model: ReportModel, c: SourcedCell): string {
  const cpu = c.cell.params.cpuThreads;
  const load = typeof cpu === 'number' ? (cpu === 0 ? 'I/O threads only' : `beside ${plural(cpu, 'CPU-bound thread')}`) : '';
  const rest = paramsText(c.cell.params, ['cpuThreads', 'ioMs']);
  return [model.multiSource ? c.source.label : '', c.cell.strategy, load, rest].filter((s) => s.length > 0).join(' · ');
}

export const convoyChart: ChartModule = {
  id: 'convoy',
  title: 'I/O latency under CPU load (the convoy)',
  howToRead:
    'Each dot is how long an I/O-bound thread waited to run again after its blocking call returned (log scale): the median, p99 and worst case. ' +
    'Compare a strategy beside a CPU-bound thread with the same strategy with I/O threads only. The vertical line is the switch interval: under a GIL each I/O costs about one interval, the convoy effect.',
  build(model: ReportModel): ChartBuild {
    const cells = cellsOf(model, 'convoy').filter((c) => latencyMeasurements(c.cell).length > 0);
    if (cells.length === 0) {
      return notMeasured(cellsOf(model, 'convoy').length === 0 ? 'No convoy cells in this run.' : 'The convoy cells carry no latency measurements.');
    }
    const rows = cells.flatMap((c) =>
      latencyMeasurements(c.cell).map(([k, v]) => ({
        label: convoyLabel(model, c),
        strategy: c.cell.strategy,
        stat: latencyName(k),
        ms: Math.max(1e-4, v),
        text: `${duration(v)}${c.cell.measurements?.ioWaits !== undefined ? ` (${c.cell.measurements.ioWaits.value} samples${c.cell.measurements.ioWaits.value < 100 && k.includes('99') ? ': a p99 from under 100 samples' : ''})` : ''}`,
      })),
    );
    const labels = distinct([...cells].sort((a, b) => model.strategies.indexOf(a.cell.strategy) - model.strategies.indexOf(b.cell.strategy)).map((c) => convoyLabel(model, c)));
    const intervals = distinct(model.sources.flatMap((s) => suiteNumber(s, 'switchIntervalMs') ?? []));
    const order = ['p50', 'mean', 'p90', 'p99', 'max'];
    const stats = distinct(rows.map((r) => r.stat)).sort((a, b) => (order.indexOf(a) + 1 || 99) - (order.indexOf(b) + 1 || 99) || a.localeCompare(b));
    const palette = ['#1b6ca8', '#7fb3d5', '#e07b39', '#b03a2e', '#7a7a7a', '#8e6bbf', '#2bb3b1'];
    const spec: TopLevelSpec = {
      ...topLevel('Time for an I/O thread to run again', 'after its blocking call returns · log scale'),
      width: 440,
      height: { step: 26 },
      layer: [
        {
          data: { values: intervals.map((ms) => ({ ms, text: `switch interval ${duration(ms)}` })) },
          layer: [
            { mark: { type: 'rule', color: '#d1495b', strokeDash: [4, 3] }, encoding: { x: { field: 'ms', type: 'quantitative' } } },
            {
              mark: { type: 'text', color: '#d1495b', align: 'right', baseline: 'top', dx: -3, dy: 2, fontSize: 10 },
              encoding: { x: { field: 'ms', type: 'quantitative' }, y: { value: 0 }, text: { field: 'text', type: 'nominal' } },
            },
          ],
        },
        {
          data: { values: rows },
          mark: { type: 'point', filled: true, size: 70, opacity: 0.9 },
          encoding: {
            y: { field: 'label', type: 'nominal', sort: labels, title: null, axis: { labelLimit: 300 } },
            x: { field: 'ms', type: 'quantitative', title: 'milliseconds (log)', scale: { type: 'log' }, axis: { format: '~g' } },
            color: { field: 'stat', type: 'nominal', title: 'statistic', scale: { domain: stats, range: stats.map((_, i) => palette[i % palette.length] ?? '#333') } },
            tooltip: [
              { field: 'label', type: 'nominal', title: 'cell' },
              { field: 'stat', type: 'nominal' },
              { field: 'text', type: 'nominal', title: 'latency' },
            ],
          },
        },
      ],
    };
    const notes: string[] = [];
    for (const c of cells) {
      const all = latencyMeasurements(c.cell);
      const k = all.find(([n]) => /p50|median/i.test(n)) ?? all[0];
      if (k === undefined) continue;
      const waits = c.cell.measurements?.ioWaits?.value;
      notes.push(`${convoyLabel(model, c)}: ${latencyName(k[0])} ${duration(k[1])}${waits !== undefined ? ` over ${waits} waits` : ''}.`);
    }
    return { kind: 'chart', spec, notes };
  },
};
