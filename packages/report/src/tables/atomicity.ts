/**
 * The atomicity scenario as the article's six-expression table (§6): each expression run from
 * several threads with an exact expected outcome, the article's verdict beside what this run
 * measured for every strategy and checkpoint placement — including where they differ.
 */
import { SIX_EXPRESSIONS, expressionKey, splitCheckName, type ArticleExpression } from '../article.ts';
import { notMeasured } from '../charts/types.ts';
import { percent, si } from '../format.ts';
import { html, joinHtml, type SafeHtml } from '../html/safe.ts';
import { cellsOf, strategyFamily, strategyRank, suiteText, type ReportModel, type SourcedCell } from '../model.ts';
import type { TableBuild, TableModule } from './types.ts';

interface Column {
  readonly key: string;
  readonly cell: SourcedCell;
  readonly strategy: string;
  readonly checkpoints: string;
}

/** Columns: one per source, strategy and checkpoint placement (the cell with the most threads). */
export function atomicityColumns(model: ReportModel): Column[] {
  const best = new Map<string, SourcedCell>();
  for (const c of cellsOf(model, 'atomicity')) {
    if (c.cell.correctness.checks.length === 0) continue;
    const checkpoints = String(c.cell.params.checkpoints ?? suiteText(c.source, 'checkpoints') ?? 'unknown');
    const key = JSON.stringify([c.source.index, c.cell.strategy, checkpoints]);
    const prev = best.get(key);
    if (prev === undefined || c.cell.threads > prev.cell.threads) best.set(key, c);
  }
  return [...best.entries()]
    .map(([key, cell]) => ({ key, cell, strategy: cell.cell.strategy, checkpoints: String(cell.cell.params.checkpoints ?? suiteText(cell.source, 'checkpoints') ?? 'unknown') }))
    .sort(
      (a, b) =>
        a.cell.source.index - b.cell.source.index ||
        strategyRank(model, a.strategy) - strategyRank(model, b.strategy) ||
        (a.checkpoints === 'every' ? -1 : b.checkpoints === 'every' ? 1 : a.checkpoints.localeCompare(b.checkpoints)),
    );
}

/** Columns grouped: one per source and strategy, each with its placements in order. */
function groupColumns(columns: readonly Column[]): Column[][] {
  const groups = new Map<string, Column[]>();
  for (const c of columns) {
    const key = JSON.stringify([c.cell.source.index, c.strategy]);
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  return [...groups.values()];
}

export const atomicityTable: TableModule = {
  id: 'atomicity',
  title: "Which Python expressions are atomic? The article's six, measured",
  howToRead:
    'Each expression ran from several threads with an exact expected result. Red: the result was not the expected one (RACY: updates were lost; MISMATCH: e.g. a pair of fields read torn); green: exact in this run (no race was seen, which does not prove none can happen). ' +
    'Each strategy ran with two checkpoint placements: "every" lets the GIL switch between any two instructions, as the article describes; "backedges" only at loop back-edges and calls, as CPython 3.10+ does. ' +
    "For the gil strategy each result also says whether it agrees with the article's verdict.",
  build(model: ReportModel): TableBuild {
    const columns = atomicityColumns(model);
    if (columns.length === 0) return notMeasured('No atomicity cells with per-expression checks in this run.');
    const groups = groupColumns(columns);
    // Rows: the article's six in its order, then any other check, keyed by the expression part of the name.
    const rowKeys: string[] = SIX_EXPRESSIONS.map((e) => expressionKey(e.expression));
    const display = new Map<string, { expression: string; detail: string }>(SIX_EXPRESSIONS.map((e) => [expressionKey(e.expression), { expression: e.expression, detail: '' }]));
    for (const col of columns) {
      for (const check of col.cell.cell.correctness.checks) {
        const parts = splitCheckName(check.name);
        const key = expressionKey(parts.expression);
        if (!rowKeys.includes(key)) rowKeys.push(key);
        const shown = display.get(key);
        if (shown === undefined) display.set(key, parts);
        else if (shown.detail === '' && parts.detail !== '') display.set(key, { expression: shown.expression, detail: parts.detail });
      }
    }
    const notes: string[] = [];
    const placement = (key: string, article: ArticleExpression | undefined, col: Column): SafeHtml => {
      const check = col.cell.cell.correctness.checks.find((k) => expressionKey(splitCheckName(k.name).expression) === key);
      if (check === undefined) return html`<div class="pl none"><span class="pl-name">${col.checkpoints}</span> not run</div>`;
      const lost = check.expected - check.observed;
      const off = lost !== 0;
      const verdict = lost > 0 ? 'RACY' : lost < 0 ? 'MISMATCH' : 'exact';
      const what =
        lost > 0
          ? `lost ${si(lost, 2)} of ${si(check.expected, 3)} (${percent(lost / Math.max(1, check.expected), 2)})`
          : lost < 0
            ? `${si(check.observed, 3)}, expected ${si(check.expected, 3)}`
            : `(${si(check.observed, 3)})`;
      let agreement: SafeHtml | string = '';
      // The article's verdicts are about threads under the GIL: only the `gil` family is held to them.
      if (article !== undefined && strategyFamily(model, col.strategy) === 'gil') {
        const agrees = article.underGil === 'either' || off === (article.underGil === 'expected');
        agreement = html` <span class="${agrees ? 'agree' : 'differ'}">${agrees ? '· as the article says' : '· differs from the article'}</span>`;
        if (!agrees) {
          notes.push(
            `${article.expression} under ${col.strategy} with checkpoints=${col.checkpoints}: ${off ? (verdict === 'RACY' ? 'updates were lost' : 'the result was not the expected one') : 'the result was exact'}, while the article says ${article.label}` +
              (article.underGil === 'expected' && !off && col.checkpoints !== 'every'
                ? ' — with checkpoints only at back-edges and calls, the GIL is never dropped inside the expression.'
                : '.'),
          );
        }
      }
      return html`<div class="pl ${off ? 'no-gain' : 'scales'}"><span class="pl-name">${col.checkpoints}</span> <strong>${verdict}</strong> <span class="pl-what">${what}</span>${agreement}</div>`;
    };
    const rows = rowKeys.map((key) => {
      const article = SIX_EXPRESSIONS.find((e) => expressionKey(e.expression) === key);
      const shown = display.get(key) ?? { expression: key, detail: '' };
      const cells = groups.map((group) => html`<td class="placements">${joinHtml(group.map((col) => placement(key, article, col)))}</td>`);
      return html`<tr><th scope="row"><code>${shown.expression}</code>${shown.detail !== '' ? html`<div class="sub">checked: ${shown.detail}</div>` : ''}</th><td class="article">${article !== undefined ? html`<strong>${article.label}</strong><div class="sub">${article.why}</div>` : html`<span class="muted">not one of the article's six</span>`}</td>${joinHtml(cells)}</tr>`;
    });
    const head = groups.map((group) => {
      const first = group[0];
      if (first === undefined) return html``;
      return html`<th scope="col">${model.multiSource ? html`<div class="sub">${first.cell.source.label}</div>` : ''}${first.strategy}<div class="sub">${first.cell.cell.threads} threads</div></th>`;
    });
    const table = html`<div class="table-wrap"><table class="summary atomicity">
<thead><tr><th scope="col">Expression</th><th scope="col">Article's verdict (§6)</th>${joinHtml(head)}</tr></thead>
<tbody>${joinHtml(rows)}</tbody>
</table></div>`;
    return { kind: 'table', html: table, notes };
  },
};
