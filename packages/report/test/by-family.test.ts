/**
 * The report knows strategies by the facts in the results file (each catalog entry's family and
 * `config.baseline`), never by name: a file whose strategies are renamed (the GIL build called
 * `my-gil`, the control `ctl-base`, ...) is drawn and tabled exactly as the original, names aside.
 */
import { readFileSync } from 'node:fs';
import type { ResultsFile } from '@rclab/core';
import { describe, expect, it } from 'vitest';
import { CHARTS } from '../src/charts/index.ts';
import { headline } from '../src/headline.ts';
import { buildModel } from '../src/model.ts';
import { atomicityTable } from '../src/tables/atomicity.ts';
import { countersTable } from '../src/tables/counters.ts';
import { cpythonTable } from '../src/tables/cpython.ts';
import { overheadMatrixTable } from '../src/tables/overheadMatrix.ts';
import { summaryTable } from '../src/tables/summary.ts';
import { fixturePath, loadFixture } from './__helpers__/fixtures.ts';

type Names = Readonly<Record<string, string>>;

/** A copy of `results` with strategies renamed everywhere a name is recorded (families kept). */
function renamed(results: ResultsFile, names: Names): ResultsFile {
  const name = (s: string): string => names[s] ?? s;
  const id = (s: string): string => s.split('/').map(name).join('/');
  return {
    ...results,
    config: { ...results.config, strategies: results.config.strategies.map(name), ...(results.config.baseline !== undefined ? { baseline: name(results.config.baseline) } : {}) },
    catalog: { ...results.catalog, strategies: results.catalog.strategies.map((e) => ({ ...e, name: name(e.name) })) },
    cells: results.cells.map((c) => ({
      ...c,
      id: id(c.id),
      strategy: name(c.strategy),
      ...(c.status === 'measured' && c.baselineRatio !== undefined ? { baselineRatio: { ...c.baselineRatio, baseline: name(c.baselineRatio.baseline) } } : {}),
    })),
    timelines: results.timelines.map((t) => ({
      ...t,
      strategy: name(t.strategy),
      params: { ...t.params, ...(typeof t.params.cell === 'string' ? { cell: id(t.params.cell) } : {}) },
    })),
    ...(results.systems !== undefined ? { systems: results.systems.map((s) => ({ ...s, model: name(s.model) })) } : {}),
  };
}

/** Everything the report builds from one file, as text: every chart spec, every table, the headline. */
function built(results: ResultsFile): Record<string, string> {
  const model = buildModel([results]);
  const out: Record<string, string> = {};
  for (const c of CHARTS) out[`chart ${c.id}`] = JSON.stringify(c.build(model));
  for (const t of [summaryTable, atomicityTable, countersTable, overheadMatrixTable, cpythonTable]) out[`table ${t.id}`] = JSON.stringify(t.build(model));
  out.headline = JSON.stringify(headline(results));
  return out;
}

/** `text` with each new name put back to the old one. */
function namesBack(text: string, names: Names): string {
  return Object.entries(names).reduce((t, [from, to]) => t.split(to).join(from), text);
}

/** The GIL side of the constructed cpython fixture: a GIL build beside a `gil`-family model that ran the switch-interval sweep too. */
function gilBuild(): ResultsFile {
  const ft = JSON.parse(readFileSync(fixturePath('cpython-313t'), 'utf8')) as ResultsFile;
  const sys = ft.systems?.[0];
  if (sys === undefined) throw new Error('cpython-313t has a system');
  const sweep = ft.cells.filter((c) => c.strategy === sys.name && c.params.switchIntervalMs !== undefined);
  return renamed(
    {
      ...ft,
      systems: [{ ...sys, build: 'gil', model: 'biased' }],
      catalog: { ...ft.catalog, strategies: ft.catalog.strategies.map((e) => ({ ...e, family: 'gil' })) },
      cells: [...ft.cells, ...sweep.map((c) => ({ ...c, id: c.id.replace(sys.name, 'biased'), strategy: 'biased' }))],
    },
    { biased: 'gil' },
  );
}

const cases: readonly { readonly name: string; readonly results: () => ResultsFile; readonly names: Names }[] = [
  { name: 'the full run', results: () => loadFixture('full'), names: { gil: 'my-gil', unsafe: 'ctl-base', atomic: 'my-atomic', biased: 'my-biased' } },
  { name: 'a GIL build beside the model', results: gilBuild, names: { gil: 'my-gil' } },
];

describe.each(cases)('$name with its strategies renamed', ({ results, names }) => {
  const original = built(results());
  const other = built(renamed(results(), names));
  it.each(Object.keys(original))('%s is the same, names aside', (key) => {
    expect(namesBack(other[key] ?? '', names)).toBe(original[key]);
  });
});
