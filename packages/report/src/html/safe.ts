/**
 * Safe HTML by construction. Every string that reaches the page goes through {@link html}, which
 * escapes each interpolated value unless it is already {@link SafeHtml}. Text from a results file
 * (strategy and workload names, the command line, counter names) is therefore always text: a
 * strategy named `<script>alert(1)</script>` renders as those characters.
 */

/** A fragment of HTML that is known to be safe to insert as markup. */
export class SafeHtml {
  readonly value: string;
  constructor(value: string) {
    this.value = value;
  }
  toString(): string {
    return this.value;
  }
}

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};

/** Escapes text for an HTML text node or a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (c) => ESCAPES[c] ?? c);
}

/** Interpolated values: escaped text, numbers, nested safe fragments, lists of them; empty for null/undefined/false. */
export type HtmlValue = SafeHtml | string | number | boolean | null | undefined | readonly HtmlValue[];

function piece(value: HtmlValue): string {
  if (value instanceof SafeHtml) return value.value;
  if (value === null || value === undefined || value === false || value === true) return '';
  if (typeof value === 'number') return escapeHtml(String(value));
  if (typeof value === 'string') return escapeHtml(value);
  return value.map(piece).join('');
}

/** Tagged template: literal parts are markup, interpolations are escaped (see {@link HtmlValue}). */
export function html(strings: TemplateStringsArray, ...values: readonly HtmlValue[]): SafeHtml {
  let out = strings[0] ?? '';
  for (let i = 0; i < values.length; i++) out += piece(values[i]) + (strings[i + 1] ?? '');
  return new SafeHtml(out);
}

/** Joins fragments (each escaped unless safe). */
export function joinHtml(parts: readonly HtmlValue[], separator = ''): SafeHtml {
  return new SafeHtml(parts.map(piece).join(separator));
}

/**
 * JSON for an inline `<script type="application/json">` or `<script>` block: `<`, `>`, `&` and the
 * JavaScript line separators are written as `\u` escapes, so no value can close the script element.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Elements Vega's SVG renderer never writes and that could run or embed active content. */
const FORBIDDEN_ELEMENTS = new Set(['script', 'foreignobject', 'iframe', 'object', 'embed', 'use', 'image', 'a', 'animate', 'set', 'handler']);

/**
 * Marks an SVG string produced by Vega's SVG renderer as safe markup. Vega escapes every text
 * node and attribute value it writes (so no `<` or `"` from data survives raw); this also checks
 * every tag it wrote and refuses elements Vega never produces (scripts, foreign objects, links)
 * and event-handler attributes, so a renderer change cannot slip active content into the page.
 */
export function trustedSvg(svg: string): SafeHtml {
  if (!svg.startsWith('<svg')) throw new Error('rendered chart is not an SVG document');
  const tag = /<\/?([A-Za-z][\w:.-]*)([^<>]*)>/g;
  const attribute = /\s([^\s="]+)(?:="[^"]*")?/g;
  for (const [, name = '', attrs = ''] of svg.matchAll(tag)) {
    if (FORBIDDEN_ELEMENTS.has(name.toLowerCase())) throw new Error(`rendered SVG contains <${name}>; refusing to inline it`);
    for (const [, attr = ''] of attrs.matchAll(attribute)) {
      const lower = attr.toLowerCase();
      if (lower.startsWith('on') || lower === 'href' || lower === 'xlink:href' || lower === 'style') {
        throw new Error(`rendered SVG has a ${attr} attribute; refusing to inline it`);
      }
    }
  }
  return new SafeHtml(svg);
}
