/**
 * CSV (RFC 4180 quoting, LF line ends) for spreadsheets and scripts. Cells from a results file
 * are untrusted: control characters are removed, and a cell that a spreadsheet would run as a
 * formula (starting with =, +, -, @) and is not a number gets a leading apostrophe, as OWASP
 * recommends against CSV injection.
 */
import { forTerminal } from './sanitize.ts';
import type { PlainTable } from './table.ts';

const FORMULA_START = /^[=+\-@]/;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** One CSV field. */
export function csvField(text: string): string {
  let s = forTerminal(text);
  if (FORMULA_START.test(s) && !NUMBER.test(s)) s = `'${s}`;
  return /[",]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** `t` as CSV: the header row, then one row per table row (the title is not part of it). */
export function csvTable(t: PlainTable): string {
  return [t.headers, ...t.rows].map((r) => t.headers.map((_, i) => csvField(r[i] ?? '')).join(',')).join('\n');
}
