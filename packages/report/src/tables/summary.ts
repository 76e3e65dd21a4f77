/**
 * The article's §7 table ("So what's threading actually good for?") restated with this run's
 * numbers: one row per workload, one column per strategy; each cell gives the speedup at the
 * core count, the single-thread cost relative to `unsafe`, and what the checks found.
 */
import { SECTION7, type ArticleRow } from '../article.ts';
import { largestFitting, distinct } from '../charts/common.ts';
import { correctnessTallies, damageText } from '../charts/correctness.ts';
import { overheadRows } from '../charts/overhead.ts';
import { scalingRows } from '../charts/scaling.ts';
import { notMeasured } from '../charts/types.ts';
import { percent, times } from '../format.ts';
import { html, joinHtml, type SafeHtml } from '../html/safe.ts';
import { familyLead, type ReportModel, type Source } from '../model.ts';
import type { TableBuild, TableModule } from './types.ts';

/** Speedup class, with ftscalingbench's thresholds: ≤ 1.1× is no gain, ≥ 0.9·N scales. */
export function scalingClass(speedup: number, threads: number): 'scales' | 'partial' | 'no-gain' {
  if (speedup < 1.1) return 'no-gain';
  return speedup >= 0.9 * threads ? 'scales' : 'partial';
}

/**
 * Whether the GIL's measured speedup (of `strategy`, the `gil` family's lead) agrees with the
 * article's §7 "threading" cell — only as far as its interval resolves it: "slower than one
 * thread" needs the whole interval below 1, "a gain" the whole interval at or above 1.1; an
 * interval across the line is "not resolved".
 */
export function articleAgreement(
  row: ArticleRow,
  gil: { readonly median: number; readonly low: number; readonly high: number },
  strategy: string,
): { agrees: boolean | null; text: string } {
  const m = `${strategy} measured ${times(gil.median)} [${times(gil.low)}–${times(gil.high)}]`;
  if (row.gilPrediction === 'no-gain') {
    if (gil.high < 1) return { agrees: true, text: `agrees: ${m}, slower than one thread` };
    if (gil.high < 1.1) return { agrees: true, text: `agrees in part: ${m}, no gain${gil.low < 1 ? '' : ' (but not slower)'}` };
    if (gil.low >= 1.1) return { agrees: false, text: `differs: ${m}, a gain` };
    return { agrees: null, text: `≈ not resolved on this machine: ${m}` };
  }
  if (gil.low >= 1.1) return { agrees: true, text: `agrees: ${m}` };
  if (gil.high < 1.1) return { agrees: false, text: `differs: ${m}, no gain` };
  return { agrees: null, text: `≈ not resolved on this machine: ${m}` };
}

function tableFor(model: ReportModel, source: Source): { table: SafeHtml; notes: string[] } | undefined {
  const scaling = scalingRows(model).filter((r) => r.source === source.label && r.speedup !== null);
  const overhead = overheadRows(model).filter((r) => r.source === source.label);
  const tallies = correctnessTallies(model).filter((t) => t.source === source.label);
  const n = largestFitting(
    distinct(scaling.map((r) => r.threads)).filter((t) => t > 1),
    source,
  );
  const measured = new Set([...scaling.map((r) => r.workload), ...overhead.map((r) => r.workload)]);
  const mapped = SECTION7.filter((a) => a.workload !== undefined && measured.has(a.workload)).map((a) => a.workload ?? '');
  const workloads = [...mapped, ...model.workloads.filter((w) => measured.has(w) && !mapped.includes(w))];
  if (workloads.length === 0) return undefined;
  const strategies = model.strategies.filter((s) => scaling.some((r) => r.strategy === s) || overhead.some((r) => r.strategy === s));
  const notes: string[] = [];
  const body = workloads.map((workload) => {
    const article = SECTION7.find((a) => a.workload === workload);
    // The article's threads run under the GIL: its cell is set beside the `gil` family's lead.
    const atN = (strategy: string): (typeof scaling)[number] | undefined => scaling.find((r) => r.workload === workload && r.strategy === strategy && r.threads === n);
    const gilLead = familyLead(model, 'gil', (s) => atN(s) !== undefined);
    const gil = gilLead === undefined ? undefined : atN(gilLead);
    const agreement =
      article !== undefined && gil?.speedup != null
        ? articleAgreement(article, { median: gil.speedup, low: gil.spLow ?? gil.speedup, high: gil.spHigh ?? gil.speedup }, gil.strategy)
        : undefined;
    if (article !== undefined && agreement !== undefined) notes.push(`${article.row} (${workload}): the article says "${article.threading}" — ${agreement.text}.`);
    const cells = strategies.map((strategy) => {
      const sp = scaling.find((r) => r.workload === workload && r.strategy === strategy && r.threads === n);
      const oh = overhead.find((r) => r.workload === workload && r.strategy === strategy);
      const t = tallies.find((k) => k.scenario === workload && k.strategy === strategy);
      if (sp === undefined && oh === undefined && t === undefined) return html`<td class="none">—</td>`;
      const cls = sp?.speedup != null && n !== undefined ? scalingClass(sp.speedup, n) : 'none';
      const clean = t === undefined ? undefined : damageText(t) === '✓';
      // On one thread no race can happen: a clean result there proves nothing about thread safety.
      const exercised = t !== undefined && Math.max(...t.threads) > 1;
      return html`<td class="${cls}${clean === false ? ' wrong' : ''}">
${sp?.speedup != null ? html`<div class="big">${times(sp.speedup)} <small>on ${n} threads</small></div>` : html`<div class="muted">not scaled</div>`}
${oh !== undefined ? html`<div>${strategy === oh.baseline ? 'baseline' : `${percent(oh.rel, 3)} of ${oh.baseline}`}</div>` : ''}
${t !== undefined ? (clean === true && !exercised ? html`<div class="muted">not exercised (1 thread)</div>` : html`<div class="${clean === true ? 'ok' : 'bad'}">${clean === true ? '✓ clean' : `✗ ${damageText(t)}`}</div>`) : ''}
</td>`;
    });
    return html`<tr>
<th scope="row"><span class="wl">${workload}</span><div class="sub">${article?.row ?? model.catalog.workloads.get(workload)?.description ?? ''}</div></th>
<td class="article">${article !== undefined ? html`<q>${article.threading}</q>${agreement !== undefined ? html`<div class="${agreement.agrees === true ? 'agree' : agreement.agrees === false ? 'differ' : 'muted'}">${agreement.text}</div>` : ''}` : html`<span class="muted">—</span>`}</td>
${joinHtml(cells)}
</tr>`;
  });
  const missing = SECTION7.filter((a) => a.workload === undefined || !measured.has(a.workload));
  for (const a of missing) notes.push(`Not measured in this run: "${a.row}" (article: "${a.threading}").`);
  const table = html`${model.multiSource ? html`<h3>${source.label}</h3>` : ''}<div class="table-wrap"><table class="summary">
<thead><tr><th scope="col">Workload</th><th scope="col">Article §7: threading (under the GIL)</th>${joinHtml(strategies.map((s) => html`<th scope="col">${s}</th>`))}</tr></thead>
<tbody>${joinHtml(body)}</tbody>
</table></div>`;
  return { table, notes };
}

export const summaryTable: TableModule = {
  id: 'summary',
  title: "At a glance: the article's §7 table, measured",
  howToRead:
    'One row per workload, one column per strategy. Each cell: the speedup on as many threads as there are cores (green: at least 90% of linear; amber: some gain; red: under 1.1×, no real gain), ' +
    "the throughput on one thread as a share of unsafe's (plain counts: the floor), and whether every correctness check passed (a red outline: checks failed, so the speed is not worth having). The article column quotes the article's verdict for Python threads under the GIL and says whether the gil strategy's measurement agrees.",
  build(model: ReportModel): TableBuild {
    const parts = model.sources.map((s) => tableFor(model, s)).filter((p) => p !== undefined);
    if (parts.length === 0) return notMeasured('No overhead or scaling cells in this run, so there is nothing to summarise.');
    return { kind: 'table', html: joinHtml(parts.map((p) => p.table)), notes: parts.flatMap((p) => p.notes) };
  },
};
