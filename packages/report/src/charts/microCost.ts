/**
 * Cost of one operation on one thread, from the cell's slices (micro workloads only): p50 with the
 * p99 as a whisker. The BRC paper's Table 7 is the reference: an atomic increment costs 2.40×
 * a plain one; the owner's biased path +8.8% over plain, a non-owner's +12.5% over atomic.
 */
import type { TopLevelSpec } from 'vega-lite';
import { sig, times } from '../format.ts';
import { familyLead, type ReportModel } from '../model.ts';
import { strategyBands, topLevel, workloadRowFacet } from './common.ts';
import { strategyColor } from './theme.ts';
import { notMeasured, type ChartBuild, type ChartModule } from './types.ts';

interface Row {
  readonly source: string;
  readonly workload: string;
  readonly strategy: string;
  readonly p50: number;
  readonly p99: number;
  readonly mean: number;
  readonly rme: number;
  readonly label: string;
}

export function microRows(model: ReportModel): Row[] {
  return model.cells
    .filter((c) => c.cell.micro !== undefined && c.cell.threads === 1)
    .map(({ source, cell }) => {
      const m = cell.micro ?? { p50Ns: 0, p99Ns: 0, meanNs: 0, rme: 0, samples: 0 };
      return { source: source.label, workload: cell.workload, strategy: cell.strategy, p50: m.p50Ns, p99: m.p99Ns, mean: m.meanNs, rme: m.rme, label: `${sig(m.p50Ns)} ns` };
    });
}

function notes(model: ReportModel, rows: readonly Row[]): string[] {
  const out: string[] = [];
  for (const source of model.sources) {
    const at = (workload: string, strategy: string | undefined): number | undefined =>
      rows.find((r) => r.source === source.label && r.workload === workload && r.strategy === strategy)?.p50;
    // The paper's three counts, by role: plain (the file's baseline), atomic, biased (each family's lead with a timing here).
    const lead = (family: string): string | undefined => familyLead(model, family, (s) => rows.some((r) => r.source === source.label && r.strategy === s));
    const prefix = model.multiSource ? `${source.label}: ` : '';
    const plain = at('rc-private', source.config.baseline);
    const atomic = at('rc-private', lead('atomic'));
    const owner = at('rc-private', lead('biased'));
    if (plain !== undefined && atomic !== undefined && plain > 0)
      out.push(`${prefix}atomic ÷ plain on private objects: ${times(atomic / plain)} (BRC paper, Swift on Haswell: 2.40×).`);
    if (plain !== undefined && owner !== undefined && plain > 0) out.push(`${prefix}biased owner path ÷ plain: ${times(owner / plain)} (paper: 1.088×).`);
    const sharedAtomic = at('rc-shared', lead('atomic'));
    const nonOwner = at('rc-shared', lead('biased'));
    if (sharedAtomic !== undefined && nonOwner !== undefined && sharedAtomic > 0)
      out.push(`${prefix}biased non-owner path ÷ atomic on shared objects: ${times(nonOwner / sharedAtomic)} (paper: 1.125×).`);
  }
  return out;
}

export const microCostChart: ChartModule = {
  id: 'micro',
  title: 'Cost of one operation',
  howToRead:
    'Nanoseconds per operation on one thread for the micro workloads, from each slice of the cell (its time over its operations), after the warm-up: the dot is the median (p50), the whisker reaches the p99. ' +
    "These isolate a strategy's raw increment/decrement cost from everything else.",
  build(model: ReportModel): ChartBuild {
    const rows = microRows(model);
    if (rows.length === 0) return notMeasured('No per-operation timings in this run.');
    const bands = strategyBands(model);
    const color = strategyColor(
      model,
      rows.map((r) => r.strategy),
      { legend: null },
    );
    const spec: TopLevelSpec = {
      ...topLevel('Nanoseconds per operation, one thread', 'dot: p50 · whisker: p50 to p99 · log scale'),
      data: { values: rows },
      facet: workloadRowFacet(model, rows),
      spacing: 14,
      spec: {
        width: 640,
        height: { step: 20 },
        layer: [
          { mark: { type: 'rule', strokeWidth: 1.5 }, encoding: { ...bands, x: { field: 'p50', type: 'quantitative' }, x2: { field: 'p99' }, color } },
          {
            mark: { type: 'point', filled: true, size: 55, opacity: 1 },
            encoding: {
              ...bands,
              x: { field: 'p50', type: 'quantitative', title: 'ns per operation (log)', scale: { type: 'log' }, axis: { format: '~g' } },
              color,
              tooltip: [
                { field: 'strategy', type: 'nominal' },
                { field: 'workload', type: 'nominal' },
                { field: 'p50', type: 'quantitative', title: 'p50 (ns)', format: '.3~f' },
                { field: 'mean', type: 'quantitative', title: 'mean (ns)', format: '.3~f' },
                { field: 'p99', type: 'quantitative', title: 'p99 (ns)', format: '.3~f' },
                { field: 'rme', type: 'quantitative', title: 'rme (%)', format: '.2~f' },
              ],
            },
          },
          {
            mark: { type: 'text', align: 'right', dx: -7, fontSize: 10, color: '#444' },
            encoding: { ...bands, x: { field: 'p50', type: 'quantitative' }, text: { field: 'label', type: 'nominal' } },
          },
        ],
      },
    };
    return { kind: 'chart', spec, notes: notes(model, rows) };
  },
};
