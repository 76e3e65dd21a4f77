/**
 * The switch-interval sweep (`sys.setswitchinterval`): CPU-bound throughput under the GIL as the
 * interval grows, and how often the lock was forced to switch — which should be about once per
 * interval when every thread is CPU-bound.
 */
import type { TopLevelSpec } from 'vega-lite';
import { duration, sig } from '../format.ts';
import { cellsOf, type ReportModel, suiteNumber } from '../model.ts';
import { clipInterval, distinct, intervalCap, intervalLayers, topLevel } from './common.ts';
import { strategyColor } from './theme.ts';
import { notMeasured, type ChartBuild, type ChartModule } from './types.ts';

/** A counter of forced switches, by name (`forcedSwitches`, `forcedDrops`, …). */
function switchCounter(counters: Readonly<Record<string, number>>): string | undefined {
  return Object.keys(counters).find((k) => /forced/i.test(k)) ?? Object.keys(counters).find((k) => /switch|handoff/i.test(k));
}

export const switchIntervalChart: ChartModule = {
  id: 'switch-interval',
  title: 'Switch-interval sweep',
  howToRead:
    "Left: throughput of the CPU-bound workload on several threads as the GIL's switch interval changes (log scale). Longer intervals mean fewer handoffs and slightly more throughput, " +
    'at the price of the I/O latency shown beside. Right: forced switches per second against the interval; the grey line is one switch per interval.',
  build(model: ReportModel): ChartBuild {
    const cells = cellsOf(model, 'switch-interval').filter((c) => typeof c.cell.params.switchIntervalMs === 'number');
    if (cells.length === 0) return notMeasured('No switch-interval sweep in this run.');
    const multiWorkload = distinct(cells.map((c) => c.cell.workload)).length > 1;
    const rows = cells.map((c) => {
      const interval = Number(c.cell.params.switchIntervalMs);
      const k = switchCounter(c.cell.countersPerOp);
      const perSec = k !== undefined ? (c.cell.countersPerOp[k] ?? 0) * c.cell.opsPerSec.median : null;
      return {
        series: `${model.multiSource ? `${c.source.label} · ` : ''}${c.cell.strategy}${multiWorkload ? ` · ${c.cell.workload}` : ''} · ${c.cell.threads} thr`,
        strategy: c.cell.strategy,
        interval,
        ops: c.cell.opsPerSec.median,
        low: c.cell.opsPerSec.low,
        high: c.cell.opsPerSec.high,
        perSec,
        expected: 1000 / interval,
        intervalText: duration(interval),
      };
    });
    const cap = intervalCap(rows.map((r) => r.ops));
    const drawn = rows.map((r) => ({ ...r, ...clipInterval(r.low, r.high, cap) }));
    const intervals = distinct(rows.map((r) => r.interval)).sort((a, b) => a - b);
    const x = {
      field: 'interval',
      type: 'quantitative' as const,
      title: 'switch interval (ms, log)',
      scale: { type: 'log' as const, nice: false, padding: 8 },
      axis: { values: intervals, format: '~g', grid: false },
    };
    const color = strategyColor(
      model,
      rows.map((r) => r.strategy),
      { title: 'strategy' },
    );
    const detail = { detail: { field: 'series', type: 'nominal' as const } };
    const withSwitches = rows.filter((r) => r.perSec !== null);
    const throughput = {
      width: 230,
      height: 200,
      title: { text: 'Throughput', fontSize: 13 },
      layer: [
        ...intervalLayers({ axis: 'y', at: { x }, color, cap: { mark: 'point', anyClipped: drawn.some((r) => r.clipped) } }),
        {
          mark: { type: 'line' as const, strokeWidth: 2, point: { filled: true, size: 40 } },
          encoding: {
            x,
            y: { field: 'ops', type: 'quantitative' as const, title: 'operations / s', axis: { format: '~s' }, scale: { zero: true } },
            color,
            ...detail,
            tooltip: [
              { field: 'series', type: 'nominal' as const },
              { field: 'intervalText', type: 'nominal' as const, title: 'interval' },
              { field: 'ops', type: 'quantitative' as const, title: 'ops/s', format: '.3s' },
            ],
          },
        },
      ],
    };
    const switches = {
      width: 230,
      height: 200,
      title: { text: 'Forced switches per second', fontSize: 13 },
      transform: [{ filter: 'isValid(datum.perSec)' }],
      layer: [
        { mark: { type: 'line' as const, color: '#aaa', strokeDash: [5, 4] }, encoding: { x, y: { field: 'expected', type: 'quantitative' as const }, ...detail } },
        {
          mark: { type: 'line' as const, strokeWidth: 2, point: { filled: true, size: 40 } },
          encoding: {
            x,
            y: { field: 'perSec', type: 'quantitative' as const, title: 'forced switches / s (log)', scale: { type: 'log' as const }, axis: { format: '~s' } },
            color,
            ...detail,
          },
        },
      ],
    };
    const spec: TopLevelSpec = {
      ...topLevel('GIL switch interval', 'throughput and forced switches as sys.setswitchinterval changes'),
      data: { values: drawn },
      hconcat: withSwitches.length > 0 ? [throughput, switches] : [throughput],
      spacing: 30,
    };
    const notes: string[] = [];
    for (const series of distinct(rows.map((r) => r.series))) {
      const mine = rows.filter((r) => r.series === series);
      const lo = mine.reduce((a, b) => (b.interval < a.interval ? b : a));
      const hi = mine.reduce((a, b) => (b.interval > a.interval ? b : a));
      if (lo !== hi && lo.ops > 0) {
        const change = hi.ops / lo.ops - 1;
        notes.push(`${series}: throughput at ${duration(hi.interval)} is ${sig(Math.abs(change) * 100, 2)}% ${change >= 0 ? 'higher' : 'lower'} than at ${duration(lo.interval)}.`);
      }
      const atDefault = mine.find((r) => r.perSec !== null && model.sources.some((s) => suiteNumber(s, 'switchIntervalMs') === r.interval));
      if (atDefault !== undefined)
        notes.push(
          `${series}: ${sig(atDefault.perSec ?? 0)} forced switches/s at the ${duration(atDefault.interval)} interval (one per interval would be ${sig(atDefault.expected)}/s).`,
        );
    }
    return { kind: 'chart', spec, notes };
  },
};
