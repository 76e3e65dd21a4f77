/**
 * Strategy names come from results files (or a user's module) and are untrusted. In the
 * headline — which repeats them in every sentence — markup must stay text in the report and in
 * markdown, and terminal escapes must never reach a terminal.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ResultsFile } from '@rclab/core';
import { formatSummary, headline, renderReport } from '@rclab/report';
import { describe, expect, it } from 'vitest';
import { benchSummaryParts } from '../src/format/bench-summary.ts';
import { summarize } from '../src/summary.ts';
import { ROOT } from './cli-helpers.ts';

const MARKUP = '<img src=x onerror=alert(1)>';
/** Line breaks aside (output is lines): SGR red, an OSC window title ended by BEL, an 8-bit CSI clearing the screen, a bidi override. */
const ESCAPES = 'evil\u001b[31mRED\u001b]0;pwned\u0007\u009b2J\u202e';
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e]/;

/** The full fixture with `biased` renamed to markup and `atomic` to terminal escapes. */
function hostile(): ResultsFile {
  const full = JSON.parse(readFileSync(join(ROOT, 'packages/report/test/fixtures/full.json'), 'utf8')) as ResultsFile;
  const rename = (s: string): string => (s === 'biased' ? MARKUP : s === 'atomic' ? ESCAPES : s);
  return {
    ...full,
    config: { ...full.config, strategies: full.config.strategies.map(rename) },
    cells: full.cells.map((c) => ({ ...c, strategy: rename(c.strategy) })),
    timelines: full.timelines.map((t) => ({ ...t, strategy: rename(t.strategy) })),
  };
}

describe('hostile strategy names in the headline', () => {
  const results = hostile();
  const lines = headline(results).map((l) => l.text);

  it('are in the headline (so the checks below check something), with their control characters removed', () => {
    expect(lines.some((l) => l.includes(MARKUP))).toBe(true);
    expect(lines.some((l) => l.includes('evil[31mRED]0;pwned2J'))).toBe(true);
    for (const l of lines) expect(l).not.toMatch(CONTROL);
  });

  it('reach the terminal without a control character, text or markdown', () => {
    const text = summarize(results);
    const head = text.slice(text.indexOf('Who wins where'));
    expect(head).toContain('evil[31mRED]0;pwned2J');
    for (const out of [text, formatSummary(benchSummaryParts(results), 'text'), formatSummary(benchSummaryParts(results), 'md')]) expect(out).not.toMatch(CONTROL);
  });

  it('stay text in markdown: no raw tag', () => {
    const md = formatSummary(benchSummaryParts(results), 'md');
    const head = md.slice(md.indexOf('Who wins where'), md.indexOf('**Single thread'));
    expect(head).toContain('\\<img src=x onerror=alert(1)\\>');
    // Outside code spans (which render literally), no unescaped tag.
    expect(md.replace(/`[^`\n]*`/g, '')).not.toMatch(/(?<!\\)<img/);
    expect(head).toMatch(/^- 1 thread, /m);
  });

  it("stay text in the report's headline: escaped, never an element", async () => {
    const page = await renderReport([results]);
    const section = page.slice(page.indexOf('<section class="item" id="headline">'), page.indexOf('</section>', page.indexOf('id="headline"')));
    expect(section).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(page).not.toContain('<img');
    expect(section).not.toContain('\u001b');
  });
});
