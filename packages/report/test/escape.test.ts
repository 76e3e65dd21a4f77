/**
 * Text from a results file is text: strategy and workload names, counter and check names,
 * parameters, the command line, the CPU model. The hostile fixture puts markup in all of them.
 */
import { describe, expect, it } from 'vitest';
import { renderReport } from '../src/index.ts';
import { loadFixture } from './__helpers__/fixtures.ts';
import { ALLOWED_ELEMENTS, tags } from './__helpers__/markup.ts';
import { HOSTILE } from './fixtures/generate.ts';

describe('escaping', () => {
  it('renders every hostile name as text in the static report', async () => {
    const page = await renderReport([loadFixture('hostile')], { title: HOSTILE.strategy });
    // No raw markup from the file survives anywhere. (A bare `"` may stay in SVG text content,
    // where it is only a character; attribute values always have it as &quot;.)
    for (const raw of ['<script', '<img', '<iframe', '</style><']) expect(page).not.toContain(raw);
    expect(page).not.toMatch(/="[^"]*" onmouseover="/);
    // Every element is one the report writes itself, and no attribute is an event handler.
    for (const t of tags(page)) {
      expect(ALLOWED_ELEMENTS, `element <${t.name}>`).toContain(t.name);
      for (const a of t.attributes) expect(a.startsWith('on'), `attribute ${a}`).toBe(false);
    }
    // The names are there, escaped, in tables and in the SVG text.
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).toContain('&lt;iframe src=&quot;javascript:alert(7)&quot;&gt;&lt;/iframe&gt;');
    expect(page).toContain('rclab bench --strategies &lt;/script&gt;&lt;script&gt;alert(6)&lt;/script&gt;');
    expect(page).toMatch(/<text[^>]*>[^<]*&lt;script&gt;alert\(1\)/);
    expect(page).toContain('<title>&lt;script&gt;alert(1)&lt;/script&gt;</title>');
  });

  it('keeps hostile names inside the JSON of the interactive report', async () => {
    const page = await renderReport([loadFixture('hostile')], { interactive: true });
    const json = /<script type="application\/json" id="rclab-vega-specs">([\s\S]*?)<\/script>/.exec(page)?.[1] ?? '';
    expect(json).not.toMatch(/[<>]/);
    expect(json).toContain('\\u003cscript\\u003ealert(1)\\u003c/script\\u003e');
    // Exactly the report's own scripts: the JSON block, the Vega runtime, the boot script.
    expect(page.match(/<script/g)?.length).toBe(3);
  });
});
