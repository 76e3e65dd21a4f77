import { createHash } from 'node:crypto';
import { UsageError } from '@rclab/core';
import { describe, expect, it } from 'vitest';
import { CHARTS } from '../src/charts/index.ts';
import { renderReport } from '../src/index.ts';
import { loadFixture } from './__helpers__/fixtures.ts';
import { ALLOWED_ELEMENTS, tags } from './__helpers__/markup.ts';

const TABLE_IDS = ['summary', 'overhead-matrix', 'counters', 'atomicity'];

describe('renderReport (static)', () => {
  it('puts every chart as an inline SVG and every table in one page: the headline and trade-off first, then the environment', async () => {
    const page = await renderReport([loadFixture('full')]);
    for (const chart of CHARTS) expect(page).toMatch(new RegExp(`<figure class="chart" data-chart="${chart.id}"><div class="chart-svg"><svg `));
    for (const id of TABLE_IDS) expect(page).toContain(`data-table="${id}"`);
    expect(page.indexOf('id="headline"')).toBeLessThan(page.indexOf('data-chart="trade-off"'));
    expect(page.indexOf('data-chart="trade-off"')).toBeLessThan(page.indexOf('id="environment"'));
    expect(page.indexOf('id="environment"')).toBeLessThan(page.indexOf('data-chart="overhead"'));
    expect(page).toContain('<code>rclab bench --out rclab-results</code>');
    // Only the cpython table is empty: this fixture ran no real Python.
    expect(page.match(/data-empty/g)?.length).toBe(1);
    expect(page).toContain('No real Python was run');
  });

  it('gives every chart SVG an accessible name and description', async () => {
    const page = await renderReport([loadFixture('full')]);
    const svgs = [...page.matchAll(/<svg\b[^>]*>(<title>[^<]*<\/title><desc id="[^"]+">[^<]*<\/desc>)?/g)];
    expect(svgs.length).toBe(CHARTS.length);
    for (const [open, titled] of svgs) {
      expect(open).toMatch(/ role="img" aria-label="[^"]+" aria-describedby="chart-[\w-]+-desc"/);
      expect(titled, open).toBeDefined();
    }
  });

  it('is self-contained: no script, no external reference, a CSP that forbids both', async () => {
    const page = await renderReport([loadFixture('full')]);
    expect(page).not.toMatch(/<script/i);
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(page)?.[1]?.replace(/&#39;/g, "'");
    expect(csp).toMatch(/^default-src 'none'; .*script-src 'none'/);
    for (const t of tags(page)) {
      expect(ALLOWED_ELEMENTS, `element <${t.name}>`).toContain(t.name);
      for (const a of t.attributes) expect(a.startsWith('on'), `attribute ${a} on <${t.name}>`).toBe(false);
    }
    // The only URLs: SVG namespaces, the data: favicon, in-page anchors.
    const urls = [...page.matchAll(/(?:href|src)="([^"]*)"/g)].map((m) => m[1]);
    for (const u of urls) expect(u).toMatch(/^(#|data:)/);
    expect(page.replace(/xmlns(:xlink)?="http:\/\/www\.w3\.org\/[^"]*"/g, '')).not.toMatch(/https?:\/\//);
  });

  it('is deterministic', async () => {
    const a = await renderReport([loadFixture('full')]);
    const b = await renderReport([loadFixture('full')]);
    expect(a).toBe(b);
  });

  it('shows a "not measured" note for every chart and table of an empty run instead of breaking', async () => {
    const page = await renderReport([loadFixture('empty')]);
    expect(page.match(/<div class="empty" data-empty="true"><strong>Not measured in this run\.<\/strong>/g)?.length).toBe(CHARTS.length + TABLE_IDS.length + 1); // + the cpython table
    expect(page).not.toContain('<figure');
    expect(page).toContain('<code>rclab bench --full</code>');
  });

  it('draws what a one-strategy run has and explains what it lacks', async () => {
    const page = await renderReport([loadFixture('one-strategy')]);
    expect(page).toMatch(/id="overhead">[\s\S]*?No unsafe baseline in this run/);
    expect(page).toContain('data-chart="scaling"');
    expect(page).toContain('data-chart="gil-timeline"');
  });

  it('combines several results files, labelled by file name', async () => {
    const page = await renderReport([loadFixture('full'), loadFixture('one-strategy')], { sourceNames: ['machines/epyc.json', 'gil-only.json'] });
    expect(page).toContain('2 results files combined: epyc.json; gil-only.json');
    expect(page).toContain('<h3>epyc.json</h3>');
    expect(page).toContain('<h3>gil-only.json</h3>');
  });

  it('lists cells that could not be measured', async () => {
    const base = loadFixture('one-strategy');
    const { id: _i, group, strategy, workload, threads, oversubscribed, params } = base.cells[0]!;
    const broken = { id: 'scaling/gil/cpu-bound/8', group, strategy, workload, threads, oversubscribed, params, status: 'failed' as const, error: 'worker 3 stalled for 10000 ms' };
    const page = await renderReport([{ ...base, cells: [...base.cells, broken] }]);
    expect(page).toMatch(/id="not-measured"[\s\S]*scaling\/gil\/cpu-bound\/8[\s\S]*worker 3 stalled for 10000 ms/);
  });

  it('refuses input that is not a results file', async () => {
    await expect(renderReport([{ schema: 'other' } as never])).rejects.toBeInstanceOf(UsageError);
  });

  it('uses the title option, escaped', async () => {
    const page = await renderReport([loadFixture('empty')], { title: 'Laptop <vs> server & "CI"' });
    expect(page).toContain('<title>Laptop &lt;vs&gt; server &amp; &quot;CI&quot;</title>');
    expect(page).toContain('<h1>Laptop &lt;vs&gt; server &amp; &quot;CI&quot;</h1>');
  });
});

describe('renderReport (interactive)', () => {
  it('inlines the Vega runtime and the compiled specs, allowed by hash in the CSP', async () => {
    const page = await renderReport([loadFixture('full')], { interactive: true });
    const scripts = [...page.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1] ?? '');
    expect(scripts.length).toBe(2);
    expect(scripts[0]).toMatch(/vega/);
    const csp = (/content="([^"]*script-src[^"]*)"/.exec(page)?.[1] ?? '').replace(/&#39;/g, "'");
    for (const s of scripts) expect(csp).toContain(`'sha256-${createHash('sha256').update(s, 'utf8').digest('base64')}'`);
    const json = /<script type="application\/json" id="rclab-vega-specs">([\s\S]*?)<\/script>/.exec(page)?.[1] ?? '';
    const specs = JSON.parse(json) as Record<string, unknown>;
    expect(Object.keys(specs).sort()).toEqual(CHARTS.map((c) => c.id).sort());
    for (const chart of CHARTS) expect(page).toContain(`data-chart="${chart.id}" data-spec="${chart.id}"`);
    // The static SVGs stay as the fallback.
    expect(page.match(/<div class="chart-svg"><svg /g)?.length).toBe(CHARTS.length);
  });
});
