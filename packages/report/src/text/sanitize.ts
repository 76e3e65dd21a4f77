/**
 * Text that came from a results file (strategy and workload names, cell ids, parameters, the
 * CPU model) is untrusted: a hostile or corrupted file can carry terminal escape sequences
 * that recolour, rewrite or hide what rclab prints. Everything from a file passes through
 * `forTerminal` before it is written to a terminal, and through the markdown/CSV escapers
 * before it goes into a table.
 */

/**
 * C0 controls (including ESC, CR, LF, TAB), DEL, C1 controls (U+0080–U+009F: 8-bit CSI etc.),
 * and the Unicode bidirectional overrides and isolates that can make text display in an order
 * other than the one it is stored in ("Trojan Source").
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** `text` with every control character removed (line breaks become a space first). */
export function forTerminal(text: string): string {
  return text.replace(/\r\n|\r|\n/g, ' ').replace(CONTROL, '');
}
