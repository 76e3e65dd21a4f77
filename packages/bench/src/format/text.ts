/** Plain-text tables for the terminal: aligned columns, every cell cleaned of control characters. */
import { forTerminal } from '../text/sanitize.ts';
import { isRightAligned, type PlainTable } from './table.ts';

/** `t` as aligned columns (two spaces apart), its title on the line above. */
export function textTable(t: PlainTable): string {
  const rows = [t.headers, ...t.rows].map((r) => r.map(forTerminal));
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, [...c].length)));
  const pad = (c: string, i: number): string => {
    const fill = ' '.repeat((widths[i] as number) - [...c].length);
    return isRightAligned(t, i) ? fill + c : c + fill;
  };
  const body = rows.map((r) => r.map(pad).join('  ').trimEnd()).join('\n');
  return t.title !== undefined ? `${forTerminal(t.title)}\n${body}` : body;
}
