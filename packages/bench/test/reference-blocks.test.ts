/**
 * The README's figures are generated: every `<!-- reference:NAME -->` block is what
 * `pnpm reference` makes from the committed reference run, and the markers themselves are
 * checked (an unknown or unclosed one is an error, never a block left as typed).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readResultsFile, type ResultsFile } from '@rclab/core';
import { describe, expect, it } from 'vitest';
import { referenceBlocks, replaceMarkers, markerNames } from '../src/format/reference.ts';
import { workloadOps } from '../src/format/reference-ops.ts';
import { ROOT } from './cli-helpers.ts';

const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const REFERENCE = join(ROOT, 'docs/reference-results/results.json');
const full = JSON.parse(readFileSync(join(ROOT, 'packages/report/test/fixtures/full.json'), 'utf8')) as ResultsFile;

describe('README reference blocks', () => {
  it('replaces the content between markers and nothing else, idempotently', () => {
    const text = 'a\n<!-- reference:run -->\nold typed 1.23\n<!-- /reference -->\nb <!-- reference:heap --><!-- /reference --> c\n';
    const once = replaceMarkers(text, { run: 'RUN', heap: 'HEAP' });
    expect(once).toBe('a\n<!-- reference:run -->\nRUN\n<!-- /reference -->\nb <!-- reference:heap -->\nHEAP\n<!-- /reference --> c\n');
    expect(replaceMarkers(once, { run: 'RUN', heap: 'HEAP' })).toBe(once);
  });

  it('refuses an unknown marker and one without its end', () => {
    expect(() => replaceMarkers('<!-- reference:typo -->x<!-- /reference -->', { run: '' })).toThrow(/unknown reference marker 'typo' \(known: run\)/);
    expect(() => replaceMarkers('<!-- reference:run -->x <!-- reference:run -->y<!-- /reference -->', { run: '' })).toThrow(/'run' has no <!-- \/reference -->/);
    expect(() => replaceMarkers('<!-- reference:run -->x', { run: '' })).toThrow(/'run' has no/);
  });

  it('knows every marker the README uses, and the README marks the summary, the run and the heap', async () => {
    const blocks = referenceBlocks({ results: full, ops: await workloadOps() });
    const names = markerNames(README);
    for (const n of ['summary', 'run', 'heap', 'headline', 'overhead']) expect(names).toContain(n);
    for (const n of names) expect(Object.keys(blocks)).toContain(n);
  });

  it('states the real heap defaults and one op per workload next to the one-thread figures', async () => {
    const ops = await workloadOps();
    expect(ops['rc-private']).toMatch(/\w/);
    const blocks = referenceBlocks({ results: full, ops });
    expect(blocks.heap).toMatch(/^`rclab bench` gives each cell a heap of 64 MiB by default \(`--heap-mb`, up to 4096\); `run\(\)` and `openCell\(\)` default to 256 MiB/);
    expect(blocks.overhead).toContain(`| \`rc-private\` | ${ops['rc-private']} |`);
    expect(blocks.summary).toMatch(/^```text\n[\s\S]*Who wins where[\s\S]*\n```$/);
  });

  // Once the integrator has committed a reference run, the README must be what it generates.
  it.runIf(existsSync(REFERENCE))('README blocks match what `pnpm reference` generates from docs/reference-results', async () => {
    const blocks = referenceBlocks({ results: readResultsFile(REFERENCE), ops: await workloadOps(), dir: 'docs/reference-results/' });
    expect(replaceMarkers(README, blocks)).toBe(README);
  });
});
