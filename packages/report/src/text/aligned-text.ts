/** Plain-text tables for the terminal: aligned columns, every cell cleaned of control characters. */
import { forTerminal } from './sanitize.ts';
import { isRightAligned, type PlainTable } from './table.ts';

/** `t` as aligned columns (two spaces apart), its title on the line above. */
export function textTable(t: PlainTable): string {
  const rows = [t.headers, ...t.rows].map((r) => r.map(forTerminal));
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, columns(c))));
  const pad = (c: string, i: number): string => {
    const fill = ' '.repeat((widths[i] as number) - columns(c));
    return isRightAligned(t, i) ? fill + c : c + fill;
  };
  const body = rows.map((r) => r.map(pad).join('  ').trimEnd()).join('\n');
  return t.title !== undefined ? `${forTerminal(t.title)}\n${body}` : body;
}

/**
 * Terminal columns of `c`, counted as code points (so `×`, `≈` and `→` are one each). Emoji
 * sequences would count wrong, but table cells here are numbers, names and a few symbols.
 */
function columns(c: string): number {
  // eslint-disable-next-line @typescript-eslint/no-misused-spread -- code points are the unit wanted (see above)
  return [...c].length;
}
