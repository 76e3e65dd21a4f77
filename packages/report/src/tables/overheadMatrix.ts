/**
 * The single-thread cost as one compact matrix: a row per workload, a column per strategy, each
 * cell the throughput relative to the run's baseline (the uncounted control) with its 95%
 * interval and the paired rounds it comes from — readable at a glance, beside the detailed chart.
 * A `biased`-family cell whose one thread took the shared path (its objects are owned by another
 * thread, the main thread that made them) says so: that is not biased counting's owner path.
 */
import { flagReasons } from '../charts/flags.ts';
import { overheadRows } from '../charts/overhead.ts';
import { notMeasured } from '../charts/types.ts';
import { html, joinHtml } from '../html/safe.ts';
import { cellsOf, strategyFamily, type ReportModel } from '../model.ts';
import type { TableBuild, TableModule } from './types.ts';

const f2 = (v: number): string => v.toFixed(2);

/** Shared-path operations per op on one thread: > 0 means the objects' owner is another thread. */
const SHARED_PATH_COUNTER = 'sharedOps';

export const overheadMatrixTable: TableModule = {
  id: 'overhead-matrix',
  title: 'One thread, at a glance: throughput relative to the control',
  howToRead:
    'One row per workload, one column per strategy. Each cell: throughput on one thread divided by the control’s (1.00 = no cost; 0.50 = half as fast), its 95% interval and n, the paired rounds it comes from. Green: within 10% of the control; amber: within half; red: below half. † marks biased counting whose thread does not own the objects it counts (they were made by another thread), so it took the shared path, not the owner path.',
  build(model: ReportModel): TableBuild {
    const rows = overheadRows(model);
    if (rows.length === 0) return notMeasured('No single-thread cells with a control in this run.');
    const cells = cellsOf(model, 'overhead');
    const notes: string[] = [];
    const tables = model.sources.map((source) => {
      const mine = rows.filter((r) => r.source === source.label);
      const workloads = model.workloads.filter((w) => mine.some((r) => r.workload === w));
      const strategies = model.strategies.filter((s) => mine.some((r) => r.strategy === s));
      if (workloads.length === 0) return html``;
      const body = workloads.map((workload) => {
        const tds = strategies.map((strategy) => {
          const r = mine.find((x) => x.workload === workload && x.strategy === strategy);
          if (r === undefined) return html`<td class="none">—</td>`;
          if (strategy === r.baseline) return html`<td class="control">control</td>`;
          const cell = cells.find((c) => c.source === source && c.cell.workload === workload && c.cell.strategy === strategy && c.cell.threads === 1)?.cell;
          const n = cell?.baselineRatio?.n ?? cell?.samples.opsPerSec.length ?? 0;
          const flags = cell !== undefined ? flagReasons(cell, { median: r.rel, low: r.low, high: r.high, n }, undefined, r.baseline) : [];
          const notOwner = strategyFamily(model, strategy) === 'biased' && (cell?.countersPerOp[SHARED_PATH_COUNTER] ?? 0) > 0;
          if (notOwner)
            notes.push(
              `${workload}: ${strategy} on one thread counts objects another thread made (${f2(cell?.countersPerOp[SHARED_PATH_COUNTER] ?? 0)} shared-path operations per op): its figure is biased counting’s shared path, not its owner path.`,
            );
          const cls = r.rel >= 0.9 ? 'scales' : r.rel >= 0.5 ? 'partial' : 'no-gain';
          return html`<td class="${cls}"><div class="big">${flags.length > 0 ? '! ' : ''}${f2(r.rel)}${notOwner ? ' †' : ''}</div><small>[${f2(r.low)}–${f2(r.high)}] n=${String(n)}</small></td>`;
        });
        return html`<tr><th scope="row">${workload}</th>${joinHtml(tds)}</tr>`;
      });
      return html`${model.multiSource ? html`<h4>${source.label}</h4>` : ''}<table class="summary matrix overhead-matrix">
<thead><tr><th scope="col">workload</th>${joinHtml(strategies.map((s) => html`<th scope="col">${s}</th>`))}</tr></thead>
<tbody>${joinHtml(body)}</tbody>
</table>`;
    });
    return { kind: 'table', html: joinHtml(tables), notes };
  },
};
