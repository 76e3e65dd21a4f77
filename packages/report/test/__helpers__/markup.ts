/** A small scanner for the report's markup: every tag and attribute, outside `<style>`. */

export interface Tag {
  readonly name: string;
  readonly attributes: readonly string[];
}

/** Tags of `document` (script and style bodies skipped). */
export function tags(document: string): Tag[] {
  const body = document.replace(/<style>[\s\S]*?<\/style>/g, '<style></style>').replace(/(<script[^>]*>)[\s\S]*?<\/script>/g, '$1</script>');
  const out: Tag[] = [];
  for (const [, name = '', attrs = ''] of body.matchAll(/<([A-Za-z!][\w:.-]*)([^<>]*)>/g)) {
    out.push({ name: name.toLowerCase(), attributes: [...attrs.matchAll(/\s([^\s="]+)(?:="[^"]*")?/g)].map((m) => (m[1] ?? '').toLowerCase()) });
  }
  return out;
}

/** Elements the static report may contain: page structure, tables, and what Vega's SVG renderer writes. */
export const ALLOWED_ELEMENTS = new Set([
  '!doctype',
  'html',
  'head',
  'meta',
  'title',
  'link',
  'style',
  'body',
  'main',
  'header',
  'nav',
  'footer',
  'section',
  'h1',
  'h2',
  'h3',
  'p',
  'a',
  'q',
  'strong',
  'small',
  'span',
  'div',
  'code',
  'ul',
  'li',
  'details',
  'summary',
  'dl',
  'dt',
  'dd',
  'figure',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
  'svg',
  'g',
  'path',
  'rect',
  'line',
  'text',
  'tspan',
  'defs',
  'clippath',
  'lineargradient',
  'radialgradient',
  'stop',
  'circle',
  'title',
  'desc',
]);
