/**
 * Every chart spec, built from every fixture: valid against the Vega-Lite JSON schema, compiled
 * with zero warnings, rendered to a non-trivial SVG, the input left untouched, and for the full
 * fixture equal to its golden file (`test/golden/<chart>.vl.json`; update with `vitest -u`).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ResultsFile } from '@rclab/core';
import { Ajv, type ValidateFunction } from 'ajv';
import { beforeAll, describe, expect, it } from 'vitest';
import { CHARTS } from '../src/charts/index.ts';
import { buildModel } from '../src/model.ts';
import { renderSpec } from '../src/render/svg.ts';
import { loadFixture } from './__helpers__/fixtures.ts';

let validate: ValidateFunction;

beforeAll(() => {
  const path = createRequire(import.meta.url).resolve('vega-lite/vega-lite-schema.json');
  const schema = JSON.parse(readFileSync(path, 'utf8')) as object;
  validate = new Ajv({ strict: false, validateFormats: false, allErrors: false }).compile(schema);
});

/** The full run with one cell per group made very noisy (as on a loaded machine): its interval is cut at the chart's edge. */
function noisy(): ResultsFile {
  const full = loadFixture('full');
  const widen = new Set<string>();
  const cells = full.cells.map((c) => {
    if (
      c.status !== 'measured' ||
      widen.has(c.group) ||
      !['overhead', 'scaling', 'brc-sweep', 'switch-interval'].includes(c.group) ||
      c.strategy !== (c.group === 'brc-sweep' ? 'biased' : 'gil')
    )
      return c;
    widen.add(c.group);
    return {
      ...c,
      opsPerSec: { ...c.opsPerSec, low: c.opsPerSec.low / 50, high: c.opsPerSec.high * 50 },
      ...(c.baselineRatio !== undefined ? { baselineRatio: { ...c.baselineRatio, high: c.baselineRatio.high * 200 } } : {}),
    };
  });
  return { ...full, cells };
}

const cases: readonly { readonly name: string; readonly results: () => ResultsFile[]; readonly expectAll: 'chart' | 'empty' | 'some' }[] = [
  { name: 'full', results: () => [loadFixture('full')], expectAll: 'chart' },
  { name: 'one-strategy', results: () => [loadFixture('one-strategy')], expectAll: 'some' },
  { name: 'hostile', results: () => [loadFixture('hostile')], expectAll: 'chart' },
  { name: 'noisy', results: () => [noisy()], expectAll: 'chart' },
  { name: 'empty', results: () => [loadFixture('empty')], expectAll: 'empty' },
  { name: 'two machines (full + one-strategy)', results: () => [loadFixture('full'), loadFixture('one-strategy')], expectAll: 'chart' },
];

describe.each(cases)('charts from the $name results', ({ name, results, expectAll }) => {
  const inputs = results();
  const before = JSON.stringify(inputs);
  const model = buildModel(inputs);

  it.each(CHARTS.map((c) => ({ id: c.id, chart: c })))('$id', async ({ id, chart }) => {
    // Arrange / Act
    const build = chart.build(model);
    // Assert: the expected kind for this fixture
    if (expectAll !== 'some') expect(build.kind).toBe(expectAll);
    if (build.kind === 'empty') {
      expect(build.reason.length).toBeGreaterThan(10);
      return;
    }
    const ok = validate(build.spec);
    expect(ok ? [] : validate.errors?.slice(0, 3)).toEqual([]);
    const { svg, compiled, runtime } = await renderSpec(build.spec);
    expect(compiled.messages.filter((m) => m.level !== 'info')).toEqual([]);
    expect(runtime.filter((m) => m.level !== 'info')).toEqual([]);
    expect(svg.startsWith('<svg')).toBe(true);
    expect((svg.match(/role="graphics-symbol"/g) ?? []).length).toBeGreaterThan(5);
    expect(JSON.stringify(inputs)).toBe(before);
    if (name === 'full') {
      await expect(`${JSON.stringify(build.spec, null, 1)}\n`).toMatchFileSnapshot(`./golden/${id}.vl.json`);
    }
  });
});

describe('noisy results', () => {
  it('cut the intervals that would flatten a chart, and say where they end', async () => {
    const model = buildModel([noisy()]);
    const overhead = CHARTS.find((c) => c.id === 'overhead')?.build(model);
    if (overhead?.kind !== 'chart') throw new Error('no overhead chart');
    const text = JSON.stringify(overhead.spec);
    expect(text).toMatch(/"clipped":true/);
    expect(text).toMatch(/interval to \d/);
    const { svg } = await renderSpec(overhead.spec);
    expect(svg).toContain('interval to');
  });
});

describe('one-strategy results (gil only)', () => {
  const model = buildModel([loadFixture('one-strategy')]);
  const kind = (id: string): string | undefined => CHARTS.find((c) => c.id === id)?.build(model).kind;

  it('cannot draw the overhead without an unsafe baseline, and says why', () => {
    const build = CHARTS.find((c) => c.id === 'overhead')?.build(model);
    expect(build).toMatchObject({ kind: 'empty', reason: expect.stringMatching(/unsafe baseline/) });
  });

  it('has no BRC sweep, but draws scaling, the GIL timeline, convoy and switch interval', () => {
    expect(kind('brc-sweep')).toBe('empty');
    for (const id of ['scaling', 'gil-timeline', 'convoy', 'switch-interval', 'correctness', 'time-goes']) expect(kind(id)).toBe('chart');
  });
});
