/**
 * `formatSummary` renders a summary — tables and lines of prose — as terminal text, markdown
 * or CSV. The bench summary calls it with its tables for `rclab bench --format md|csv`.
 */
import { forTerminal } from './sanitize.ts';
import { csvField, csvTable } from './csv.ts';
import { markdownProse, markdownTable } from './markdown.ts';
import { isTable, type OutputFormat, type SummaryPart } from './table.ts';
import { textTable } from './aligned-text.ts';

/**
 * The summary in `format`:
 * - `text`: prose lines and aligned tables, a blank line between parts;
 * - `md`: prose as paragraphs, tables as GFM tables with a bold title;
 * - `csv`: the tables only (prose has no place in CSV). One table is plain CSV; several are
 *   blocks separated by a blank line, each opening with a one-field row naming the table.
 */
export function formatSummary(parts: readonly SummaryPart[], format: OutputFormat): string {
  if (format === 'csv') {
    const tables = parts.filter(isTable);
    if (tables.length === 1) return csvTable(tables[0] as (typeof tables)[0]);
    return tables.map((t, i) => `${csvField(t.title ?? `table ${i + 1}`)}\n${csvTable(t)}`).join('\n\n');
  }
  const render = format === 'md' ? markdownTable : textTable;
  // Prose lines: one per line in a terminal; in markdown each its own paragraph (a single line
  // break would join them into one).
  // A line that starts with "- " is a list item (the headline's sentences), kept as one in markdown.
  const mdLine = (l: string): string => (l.startsWith('- ') ? `- ${markdownProse(l.slice(2))}` : markdownProse(l));
  const prose = (lines: readonly string[]): string => (format === 'md' ? lines.map(mdLine).join('\n\n') : lines.map(forTerminal).join('\n'));
  return parts.map((p) => (isTable(p) ? render(p) : prose(typeof p.text === 'string' ? [p.text] : p.text))).join('\n\n');
}
