/**
 * The side-by-side section. The free-threaded path runs on a constructed fixture
 * (fixtures/cpython-313t.json: a python3.13t system beside `biased`, values written by hand for
 * the code path — no free-threaded Python could be installed where it was made, so nothing in
 * it was measured). The GIL side against the real python3 is in bench's cli-cpython.test.ts.
 * The verdict rules are checked as properties.
 */
import { readFileSync } from 'node:fs';
import { type Interval, type ResultsFile, resultsProblems } from '@rclab/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildModel } from '../src/model.ts';
import { renderReport } from '../src/report.ts';
import { cpythonTable } from '../src/tables/cpython.ts';
import { convoyVerdict, lostVerdict, pairedRatio, ratioVerdict, sideOf } from '../src/tables/cpython-verdict.ts';
import { fixturePath } from './__helpers__/fixtures.ts';

const fixture = (): ResultsFile => JSON.parse(readFileSync(fixturePath('cpython-313t'), 'utf8')) as ResultsFile;

/** Rows of the table marked `data-cpython-table="kind"`, cells as text. */
function rows(markup: string, kind: string): string[][] {
  const start = markup.indexOf(`data-cpython-table="${kind}"`);
  if (start < 0) return [];
  const body = markup.slice(markup.indexOf('<tbody>', start), markup.indexOf('</tbody>', start));
  const text = (s: string): string =>
    s
      .replace(/<[^>]+>/g, ' ')
      .replace(/&#39;/g, "'")
      .replace(/\s+/g, ' ')
      .trim();
  return [...body.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((r) => [...(r[1] ?? '').matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((c) => text(c[1] ?? '')));
}

describe('the model beside a free-threaded CPython (constructed fixture)', () => {
  const build = cpythonTable.build(buildModel([fixture()]));
  if (build.kind !== 'table') throw new Error('expected the cpython table');
  const markup = build.html.value;

  it('sets the free-threaded build beside biased, with a verdict on every speedup row', () => {
    expect(markup).toContain('CPython 3.13.1t (free-threaded build, /usr/local/bin/python3.13t) beside <code>biased</code>');
    const speedup = rows(markup, 'speedup');
    expect(speedup.map((r) => r[0])).toEqual(['cpu-bound', 'io-bound', 'native', 'shared-read', 'counter']);
    expect(speedup[0]).toEqual(['cpu-bound', '≈ 2× (2 free cores)', '1.92× [1.85, 1.97] cores busy 0.98 → 2', '1.88× [1.8, 1.95]', 'agrees']);
    expect(speedup.every((r) => r[4] === 'agrees')).toBe(true);
  });

  it('counts lost updates on both sides: counter += 1 races on a free-threaded build and under biased', () => {
    const lost = rows(markup, 'lost');
    expect(lost[0]).toEqual(['counter += 1 (counter, 2 threads)', '41,233 lost of 1,840,000', '1,234 lost of 68,000', 'agrees']);
    expect(lost.find((r) => r[0]?.startsWith('L.append'))?.slice(1)).toEqual(['0 lost of 40,000', '0 lost of 6,000', 'agrees']);
    // The article's counter += 1 note is about GIL builds only.
    expect(build.notes.some((n) => n.startsWith('The article says counter += 1'))).toBe(false);
  });

  it('shows the convoy (p50 and p99) and leaves the sweep unresolved where the model has no side', () => {
    const convoy = rows(markup, 'convoy');
    expect(convoy[1]).toEqual(['I/O thread beside a CPU-bound one', 'p50 0.09 ms · p99 0.35 ms', 'p50 0.005 ms · p99 0.03 ms', 'agrees']);
    const sweep = rows(markup, 'switch-interval');
    expect(sweep.map((r) => r[0])).toEqual(['1 ms', '5 ms', '20 ms']);
    expect(sweep[0]?.[2]).toBe('—');
    expect(sweep[0]?.[3]).toBe('not resolved');
  });

  it('writes the rules under the tables, and the page carries the section', async () => {
    expect(build.notes.some((n) => n.startsWith('Speedups and switch-interval throughput: A ratio is "above 1"'))).toBe(true);
    expect(build.notes.some((n) => n.startsWith('Lost updates:'))).toBe(true);
    expect(build.notes.some((n) => n.startsWith('Convoy:'))).toBe(true);
    const page = await renderReport([fixture()]);
    expect(page).toContain('Side by side with a real CPython');
    expect(page).toContain('data-table="cpython"');
  });

  it('validates, and a system may not share its name with another system or a strategy', () => {
    expect(resultsProblems(fixture())).toEqual([]);
    const f = fixture();
    const sys = f.systems?.[0];
    if (sys === undefined) throw new Error('the fixture has a system');
    expect(resultsProblems({ ...f, systems: [sys, sys] })).toEqual(["/systems/1/name 'CPython 3.13.1t' is given to two systems"]);
    expect(resultsProblems({ ...f, systems: [{ ...sys, name: 'biased' }] })).toEqual(["/systems/0/name 'biased' is also a strategy of the run"]);
    expect(resultsProblems({ ...f, systems: [{ ...sys, build: 'nogil' }] })[0]).toMatch(/^\/systems\/0\/build must be equal to one of the allowed values/);
  });

  it('says why when the group was skipped', () => {
    const r = { ...fixture(), systems: [], cells: [], skipped: [{ group: 'cpython', reason: "tried 'python3': not found on PATH" }] };
    const b = cpythonTable.build(buildModel([r]));
    expect(b.kind).toBe('empty');
    if (b.kind === 'empty') expect(b.reason).toBe("The cpython group was skipped: tried 'python3': not found on PATH.");
  });
});

describe('the verdict rules', () => {
  const interval = fc
    .tuple(
      fc.double({ min: 0.01, max: 10, noNaN: true }),
      fc.double({ min: 0.01, max: 10, noNaN: true }),
      fc.oneof(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 9, max: 400 })),
    )
    .map(([a, b, n]): Interval => ({ median: (a + b) / 2, low: Math.min(a, b), high: Math.max(a, b), n }));

  it('is symmetric, agrees only on the same side, and disagrees only across 1', () => {
    fc.assert(
      fc.property(interval, interval, (a, b) => {
        const v = ratioVerdict(a, b);
        expect(ratioVerdict(b, a)).toBe(v);
        const sa = sideOf(a);
        const sb = sideOf(b);
        if (v === 'agrees') expect(sa).toBe(sb);
        if (v === 'disagrees') expect(new Set([sa, sb])).toEqual(new Set(['above', 'below']));
        if (a.n !== undefined && a.n < 6) expect(v).toBe('not resolved');
      }),
    );
  });

  it('reads the cases in words', () => {
    const i = (low: number, high: number, n = 20): Interval => ({ median: (low + high) / 2, low, high, n });
    expect(ratioVerdict(i(1.8, 2.2), i(1.5, 1.9))).toBe('agrees');
    expect(ratioVerdict(i(0.7, 0.9), i(1.2, 1.4))).toBe('disagrees');
    expect(ratioVerdict(i(0.95, 1.05), i(0.97, 1.02))).toBe('agrees'); // both flat
    expect(ratioVerdict(i(0.8, 1.3), i(0.7, 0.9))).toBe('not resolved');
    expect(ratioVerdict(i(1.8, 2.2, 5), i(1.5, 1.9))).toBe('not resolved'); // too few rounds
    expect(lostVerdict(0, 0)).toBe('agrees');
    expect(lostVerdict(3, 0)).toBe('disagrees');
    expect(lostVerdict(3, undefined)).toBe('not resolved');
    expect(convoyVerdict({ p50Ms: 5.2, switchIntervalMs: 5 }, { p50Ms: 4.9, switchIntervalMs: 5 })).toBe('agrees');
    expect(convoyVerdict({ p50Ms: 0.1, switchIntervalMs: 5 }, { p50Ms: 4.9, switchIntervalMs: 5 })).toBe('disagrees');
    expect(convoyVerdict({ p50Ms: 1.8, switchIntervalMs: 5 }, { p50Ms: 4.9, switchIntervalMs: 5 })).toBe('not resolved');
  });

  it('pairs slices by round for the switch-interval ratios', () => {
    const r = pairedRatio([2, 4, 6, 8, 10, 12, 14, 16], [1, 2, 3, 4, 5, 6, 7, 8]);
    expect(r).toMatchObject({ median: 2, low: 2, high: 2, n: 8 });
    expect(pairedRatio([1, 2], [0, 0])).toBeUndefined();
    expect(pairedRatio([1, 2], [1, 1])?.low).toBe(Number.NEGATIVE_INFINITY); // two rounds: no 95% interval
  });
});
