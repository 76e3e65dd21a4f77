/**
 * GitHub-flavoured markdown tables, to paste into a CPython issue or a discuss.python.org post
 * (both render GFM tables). Cells from a results file are untrusted: control characters are
 * removed, a `|` or a line break can no longer end a cell or a row, and markup cannot render —
 * text cells escape markdown and HTML punctuation, `code` columns become code spans.
 */
import { forTerminal } from './sanitize.ts';
import { isRightAligned, type PlainTable } from './table.ts';

/**
 * Markdown punctuation that could start emphasis, code, an HTML tag or entity, or end a table
 * cell. CommonMark lets any ASCII punctuation be backslash-escaped, so escaping these
 * everywhere is safe. Brackets are left alone so intervals read `[0.98–1.02]` in the raw
 * text too: a bracket only makes a link with `](` right after it (a reference definition
 * cannot start inside a table cell), and that `(` is escaped below.
 */
const MARKDOWN_PUNCTUATION = /[\\`*_<>|~&]/g;

/** `text` as a markdown table cell: shown literally, on one line. */
export function markdownText(text: string): string {
  return forTerminal(text)
    .replace(MARKDOWN_PUNCTUATION, (c) => `\\${c}`)
    .replace(/\]\(/g, ']\\(');
}

/** `text` as a markdown paragraph: as a cell, and a start that would make a heading, list item or link definition is escaped. */
export function markdownProse(text: string): string {
  return markdownText(text)
    .replace(/^([#+\-=[])/, '\\$1')
    .replace(/^(\d+)([.)])/, '$1\\$2');
}

/** `text` as a code span that is safe in a table cell (`|` escaped, as GFM requires even in code). */
export function markdownCode(text: string): string {
  const clean = forTerminal(text);
  if (clean.length === 0) return '';
  // A fence one backtick longer than the longest run inside; a space keeps a leading or
  // trailing backtick from merging with the fence.
  const longest = Math.max(0, ...(clean.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(longest + 1);
  const pad = clean.startsWith('`') || clean.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${clean.replace(/\|/g, '\\|')}${pad}${fence}`;
}

/** `t` as a GFM table, its title in bold on the line above. */
export function markdownTable(t: PlainTable): string {
  const cell = (c: string, i: number): string => (t.kinds?.[i] === 'code' ? markdownCode(c) : markdownText(c));
  const line = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
  const lines = [
    line(t.headers.map(markdownText)),
    line(t.headers.map((_, i) => (isRightAligned(t, i) ? '---:' : '---'))),
    ...t.rows.map((r) => line(t.headers.map((_, i) => cell(r[i] ?? '', i)))),
  ];
  return t.title !== undefined ? `**${markdownText(t.title)}**\n\n${lines.join('\n')}` : lines.join('\n');
}
