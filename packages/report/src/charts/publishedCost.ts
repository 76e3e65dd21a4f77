/**
 * Published single-thread costs of free-threaded CPython, drawn beside the overhead chart on the
 * same axis (throughput relative to the build without free threading) so a reader can hold this
 * run's ratios against them. They are published figures, not measurements of this run: each is
 * a pyperformance geometric mean from its source (shared/research/mechanisms.md).
 */
import type { TopLevelSpec } from 'vega-lite';
import { cellsOf, type ReportModel } from '../model.ts';
import { topLevel } from './common.ts';
import { notMeasured, type ChartBuild, type ChartModule } from './types.ts';

/** One published figure: a slowdown range (percent) and where it was published. */
export interface PublishedCost {
  readonly build: string;
  readonly lowPct: number;
  readonly highPct: number;
  readonly text: string;
  readonly source: string;
}

export const PUBLISHED_COSTS: readonly PublishedCost[] = [
  { build: 'PEP 703 (nogil-3.12)', lowPct: 5, highPct: 6, text: '5–6%', source: 'PEP 703, Performance: 6% Skylake, 5% Zen 3' },
  { build: 'CPython 3.13t', lowPct: 40, highPct: 40, text: '~40%', source: '3.13 free-threading HOWTO (specializer disabled)' },
  { build: 'CPython 3.14t', lowPct: 5, highPct: 10, text: '5–10%', source: "What's New in Python 3.14" },
];

/** A slowdown of `pct`% as throughput relative to the baseline: 40% slower is 1/1.4 ≈ 0.71. */
const throughput = (pct: number): number => 1 / (1 + pct / 100);

export const publishedCostChart: ChartModule = {
  id: 'published-cost',
  title: 'Published figures, for comparison (not measured here)',
  howToRead:
    "What free-threaded CPython costs on one thread according to its own publications (pyperformance geometric means against the build with the GIL), on the overhead chart's scale: " +
    'a slowdown of s% is a throughput of 1/(1 + s/100). These are published figures, not measurements of this run.',
  build(model: ReportModel): ChartBuild {
    // Drawn beside this run's overhead chart, so only when there is one to compare with.
    if (cellsOf(model, 'overhead').length === 0) return notMeasured('No single-thread overhead cells in this run to hold the published figures against.');
    const rows = PUBLISHED_COSTS.map((p) => ({
      build: p.build,
      low: throughput(p.highPct),
      high: throughput(p.lowPct),
      mid: throughput((p.lowPct + p.highPct) / 2),
      label: `${p.text} slower (published)`,
      source: p.source,
    }));
    const y = { field: 'build', type: 'nominal' as const, sort: rows.map((r) => r.build), title: null, axis: { labelLimit: 200 } };
    const spec: TopLevelSpec = {
      ...topLevel('Published single-thread cost of free threading', "pyperformance geomeans from CPython's documents · not measured by this run"),
      width: 300,
      height: { step: 26 },
      data: { values: rows },
      layer: [
        { data: { values: [{}] }, mark: { type: 'rule', color: '#888', strokeDash: [4, 3] }, encoding: { x: { datum: 1, type: 'quantitative' } } },
        { mark: { type: 'rule', strokeWidth: 6, color: '#9aa3b0', opacity: 0.7 }, encoding: { y, x: { field: 'low', type: 'quantitative' }, x2: { field: 'high' } } },
        {
          mark: { type: 'tick', color: '#4a5160', thickness: 2, size: 16 },
          encoding: {
            y,
            x: { field: 'mid', type: 'quantitative', title: 'throughput ÷ the GIL build (one thread)', scale: { domain: [0, 1.15], nice: false }, axis: { format: '.1f' } },
            tooltip: [
              { field: 'build', type: 'nominal' },
              { field: 'label', type: 'nominal', title: 'published' },
              { field: 'source', type: 'nominal' },
            ],
          },
        },
        {
          mark: { type: 'text', align: 'right', dx: -8, fontSize: 10, color: '#444' },
          encoding: { y, x: { field: 'low', type: 'quantitative' }, text: { field: 'label', type: 'nominal' } },
        },
      ],
    };
    return { kind: 'chart', spec, notes: PUBLISHED_COSTS.map((p) => `${p.build}: ${p.text} slower on one thread — ${p.source}. Published, not measured here.`) };
  },
};
