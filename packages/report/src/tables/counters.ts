/**
 * The strategies' counters as one cross-strategy table: a row per workload and thread count (one
 * thread, and the core count), a column per strategy, each cell the counters that are not zero,
 * per operation, with the units the strategies declare in the file's catalog. Counters come from
 * each cell's counting pass, so they are exact.
 */
import { largestFitting, distinct } from '../charts/common.ts';
import { notMeasured } from '../charts/types.ts';
import { sig } from '../format.ts';
import { html, joinHtml } from '../html/safe.ts';
import { cellsOf, counterUnit, type ReportModel, type SourcedCell } from '../model.ts';
import type { TableBuild, TableModule } from './types.ts';

export const countersTable: TableModule = {
  id: 'counters',
  title: 'What each strategy did per operation (exact counters)',
  howToRead:
    'One row per workload and thread count, one column per strategy: every counter the strategy reported that is not zero, per operation, in the unit its strategy declares. They come from a separate counting pass with the strategy’s counting variant, so they are exact; the timed run counts nothing.',
  build(model: ReportModel): TableBuild {
    const all = [...cellsOf(model, 'overhead'), ...cellsOf(model, 'scaling')];
    if (all.length === 0) return notMeasured('No overhead or scaling cells in this run.');
    const tables = model.sources.map((source) => {
      const mine = all.filter((c) => c.source === source);
      const n = largestFitting(
        distinct(mine.map((c) => c.cell.threads)).filter((t) => t > 1),
        source,
      );
      const points = [1, ...(n !== undefined ? [n] : [])];
      const strategies = model.strategies.filter((s) => mine.some((c) => c.cell.strategy === s));
      const rows = model.workloads.flatMap((workload) =>
        points.map((threads) => {
          const at = (strategy: string): SourcedCell | undefined => mine.find((c) => c.cell.workload === workload && c.cell.strategy === strategy && c.cell.threads === threads);
          if (!strategies.some((s) => at(s) !== undefined)) return html``;
          const tds = strategies.map((strategy) => {
            const c = at(strategy);
            if (c === undefined) return html`<td class="none">—</td>`;
            const shown = Object.entries(c.cell.countersPerOp).filter(([, v]) => v !== 0);
            if (shown.length === 0) return html`<td class="muted">none</td>`;
            return html`<td>${joinHtml(shown.map(([k, v]) => html`<div>${k} ${sig(v, 3)} <small>${counterUnit(model, strategy, k)}/op</small></div>`))}</td>`;
          });
          return html`<tr><th scope="row">${workload} <small>· ${String(threads)} thread${threads === 1 ? '' : 's'}</small></th>${joinHtml(tds)}</tr>`;
        }),
      );
      return html`${model.multiSource ? html`<h4>${source.label}</h4>` : ''}<table class="summary matrix counters">
<thead><tr><th scope="col">workload</th>${joinHtml(strategies.map((s) => html`<th scope="col">${s}</th>`))}</tr></thead>
<tbody>${joinHtml(rows)}</tbody>
</table>`;
    });
    return { kind: 'table', html: joinHtml(tables), notes: [] };
  },
};
