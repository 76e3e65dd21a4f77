/**
 * A table as plain data — a title, headers and string cells — that the text, markdown and CSV
 * renderers share. Commands build one (or several) and pick the renderer from `--format`, so a
 * table reads the same in a terminal, a CPython issue and a spreadsheet.
 */

/** How a column is rendered in markdown: as text, or as a code span (names from a file). */
export type ColumnKind = 'text' | 'code';

/** One table. Every row has as many cells as there are headers. */
export interface PlainTable {
  /** Shown above the table (text, markdown); the first row of its block in CSV with several tables. */
  readonly title?: string;
  readonly headers: readonly string[];
  readonly rows: readonly (readonly string[])[];
  /** Per column: right-aligned (numbers). Default: the first column left, the rest right. */
  readonly alignRight?: readonly boolean[];
  /**
   * Per column: `code` renders markdown cells as code spans. Use it for names that came from a
   * results file (strategy, workload, cell id): a code span shows them literally — no markup, no
   * `@mention` pinging someone when the table is pasted into an issue.
   */
  readonly kinds?: readonly ColumnKind[];
}

/** A part of a summary: a table, or prose (one line, or several kept together). */
export type SummaryPart = PlainTable | { readonly text: string | readonly string[] };

/** The formats `--format` accepts. `text` is the aligned terminal table. */
export const OUTPUT_FORMATS = ['text', 'md', 'csv'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** Whether column `i` of `t` is right-aligned. */
export function isRightAligned(t: PlainTable, i: number): boolean {
  return t.alignRight?.[i] ?? i > 0;
}

/** Whether `part` is a table. */
export function isTable(part: SummaryPart): part is PlainTable {
  return 'headers' in part;
}
