/**
 * The `cpython` group's plan: every interpreter's cells and the model's on the same scenario
 * share a block (so their ratios are paired by round), the model beside a GIL build is `gil`
 * and beside a free-threaded one `biased` (by the family a strategy declares, so a user's
 * renamed member stands in for its lead), scenarios follow --workloads, and with no usable
 * Python the group is skipped with the reason. Pure: no process is started here.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PythonDescription } from '../src/cpython/describe.ts';
import type { ModuleInfo } from '../src/suite/catalogs.ts';
import { pythonCorrectness } from '../src/cpython/suite-cell.ts';
import { cpythonSystems, modelFor } from '../src/experiments/cpython/plan.ts';
import { ROLE } from '../src/experiments/roles.ts';
import { makePlan } from '../src/suite/plan.ts';
import { preset } from '../src/suite/presets.ts';
import type { SuiteOptions } from '../src/suite/types.ts';

const mod = (name: string, extra: Partial<ModuleInfo> = {}): ModuleInfo => ({
  ref: name,
  name,
  description: name,
  external: false,
  entry: { name, description: name, params: [] },
  ...extra,
});
const strategies = ['unsafe', 'gil', 'atomic', 'biased'].map((s) => mod(s, { family: s }));
const workloads = ['rc-private', 'cpu-bound', 'io-bound', 'native', 'shared-read', 'counter', 'atomicity'].map((w) => mod(w));
const catalogWorkloads = [...workloads, mod('convoy', { roles: [ROLE.standalone, ROLE.convoy], params: ['cpuThreads'] }), mod('empty'), mod('load_string_const')];

const describePy = (over: Partial<PythonDescription>): PythonDescription => ({
  python: 'python3',
  executable: '/usr/bin/python3.11',
  version: '3.11.7',
  implementation: 'CPython',
  build: 'gil',
  gilEnabled: null,
  switchIntervalMs: 5,
  compiler: 'GCC',
  platform: 'Linux',
  machine: 'x86_64',
  label: 'CPython 3.11.7',
  ...over,
});
const gil311 = describePy({});
const ft313 = describePy({ python: 'python3.13t', executable: '/usr/bin/python3.13t', version: '3.13.1', build: 'free-threaded', gilEnabled: false, label: 'CPython 3.13.1t' });

function options(over: Partial<SuiteOptions> = {}): SuiteOptions {
  return {
    ...preset('quick', 2),
    suite: 'custom',
    strategies: strategies.map((s) => s.ref),
    workloads: workloads.map((w) => w.ref),
    groups: ['cpython'],
    threads: [1, 2, 4],
    ...over,
  };
}
const plan = (pythons: readonly PythonDescription[], over: Partial<SuiteOptions> = {}, skipped: { python: string; reason: string }[] = []) =>
  makePlan(options(over), { strategies, workloads, catalogStrategies: strategies, catalogWorkloads, cores: 2, pythons: { pythons, skipped } });

describe('the cpython group plan', () => {
  it('puts each interpreter beside its model in one block per scenario, at the same thread counts', () => {
    const p = plan([gil311]);
    expect(p.systems?.map((s) => [s.name, s.build, s.model])).toEqual([['CPython 3.11.7', 'gil', 'gil']]);
    const cpu = p.blocks.find((b) => b.id === 'cpython/cpu-bound');
    expect(cpu).toBeDefined();
    const points = (who: string): number[] => (cpu?.cells ?? []).filter((c) => c.strategy === who).map((c) => c.threads);
    expect(points('CPython 3.11.7')).toEqual([1, 2, 4]);
    expect(points('gil')).toEqual([1, 2, 4]);
    // Only the model of a system present: no biased beside a GIL build in the quick suite.
    expect(points('biased')).toEqual([]);
    for (const c of cpu?.cells ?? []) {
      expect(c.group).toBe('cpython');
      expect(c.python === undefined).toBe(c.strategy === 'gil');
    }
    expect(cpu?.cells.find((c) => c.python !== undefined)?.python).toEqual({ path: 'python3', scenario: 'cpu-bound' });
    const ids = p.blocks.flatMap((b) => b.cells.map((c) => c.id));
    expect(new Set(ids).size).toBe(ids.length);
    expect(p.blocks.map((b) => b.id)).toEqual([
      'cpython/cpu-bound',
      'cpython/io-bound',
      'cpython/native',
      'cpython/shared-read',
      'cpython/counter',
      'cpython/atomicity',
      'cpython/convoy',
      'cpython/switch-interval',
    ]);
  });

  it('sets a free-threaded build beside biased, and the sweep and convoy beside gil alone', () => {
    const p = plan([gil311, ft313]);
    expect(p.systems?.map((s) => [s.name, s.model])).toEqual([
      ['CPython 3.11.7', 'gil'],
      ['CPython 3.13.1t', 'biased'],
    ]);
    const who = (id: string): string[] => [...new Set(p.blocks.find((b) => b.id === id)?.cells.map((c) => c.strategy))].sort();
    expect(who('cpython/counter')).toEqual(['CPython 3.11.7', 'CPython 3.13.1t', 'biased', 'gil']);
    expect(who('cpython/switch-interval')).toEqual(['CPython 3.11.7', 'CPython 3.13.1t', 'gil']);
    const sweep = p.blocks.find((b) => b.id === 'cpython/switch-interval');
    expect(sweep?.cells.find((c) => c.strategy === 'gil' && c.params.switchIntervalMs === 20)?.strategyOptions.switchIntervalMs).toBe(20);
    expect(sweep?.cells.find((c) => c.python !== undefined && c.params.switchIntervalMs === 1)?.runParams).toEqual({ switchIntervalMs: 1 });
    // A free-threaded build run with PYTHON_GIL=1 is compared with gil.
    expect(modelFor({ build: 'free-threaded', gilEnabled: true })).toBe('gil');
  });

  it("takes each build's model by family: a user's renamed member of the gil or biased family when the lead is not selected", () => {
    const mine = [
      mod('unsafe', { family: 'unsafe' }),
      mod('my-gil', { family: 'gil' }),
      mod('atomic', { family: 'atomic' }),
      mod('my-brc', { family: 'biased' }),
      mod('gil-lookalike'),
    ];
    const p = makePlan(options({ strategies: mine.map((s) => s.ref) }), {
      strategies: mine,
      workloads,
      catalogStrategies: strategies,
      catalogWorkloads,
      cores: 2,
      pythons: { pythons: [gil311, ft313], skipped: [] },
    });
    expect(p.systems?.map((s) => [s.name, s.model])).toEqual([
      ['CPython 3.11.7', 'my-gil'],
      ['CPython 3.13.1t', 'my-brc'],
    ]);
    const who = (id: string): string[] => [...new Set(p.blocks.find((b) => b.id === id)?.cells.map((c) => c.strategy))].sort();
    expect(who('cpython/cpu-bound')).toEqual(['CPython 3.11.7', 'CPython 3.13.1t', 'my-brc', 'my-gil']);
    expect(who('cpython/switch-interval')).toEqual(['CPython 3.11.7', 'CPython 3.13.1t', 'my-gil']);
    expect(p.notes.filter((n) => n.startsWith('cpython group:'))).toEqual([]);
  });

  it('runs only the scenarios whose workloads are selected', () => {
    const p = plan([gil311], { workloads: ['counter'] });
    expect(p.blocks.map((b) => b.id)).toEqual(['cpython/counter']);
    const full = plan([gil311], { workloads: [...workloads.map((w) => w.ref), 'load_string_const'] });
    expect(full.blocks.some((b) => b.id === 'cpython/load_string_const')).toBe(true);
  });

  it('is skipped with the reason when no Python can be used, and notes each one that cannot', () => {
    const reason = "tried '/nope/python': no such file";
    const none = plan([], {}, [{ python: '/nope/python', reason }]);
    expect(none.blocks).toEqual([]);
    expect(none.skipped).toEqual([{ group: 'cpython', reason }]);
    expect(none.systems).toBeUndefined();
    const some = plan([gil311], {}, [{ python: '/nope/python', reason }]);
    expect(some.skipped).toBeUndefined();
    expect(some.notes.some((n) => n.includes(reason))).toBe(true);
  });

  it("keeps a Python cell's lost updates and checks as the cell's correctness (no heap: those counts are 0)", () => {
    const checks = [{ name: 'counter += 1: value of counter', expected: 10, observed: 7 }];
    expect(pythonCorrectness(3, checks)).toEqual({
      lostUpdates: 3,
      leaks: 0,
      doubleFrees: 0,
      useAfterFree: 0,
      auditMismatches: 0,
      corruptions: 0,
      mismatches: [],
      checks,
      ok: false,
    });
    expect(pythonCorrectness(0, []).ok).toBe(true);
  });

  it('names every system uniquely, one per executable (property)', () => {
    const arb = fc.array(
      fc.record({
        exe: fc.constantFrom('/a/python', '/b/python', '/c/python'),
        label: fc.constantFrom('CPython 3.11.7', 'CPython 3.13.1t'),
        build: fc.constantFrom('gil' as const, 'free-threaded' as const),
      }),
      { maxLength: 6 },
    );
    fc.assert(
      fc.property(arb, (list) => {
        const systems = cpythonSystems({ pythons: list.map((x, k) => describePy({ python: `p${k}`, executable: x.exe, label: x.label, build: x.build })), skipped: [] });
        expect(new Set(systems.map((s) => s.name)).size).toBe(systems.length);
        expect(new Set(systems.map((s) => s.executable)).size).toBe(systems.length);
        expect(systems.length).toBe(new Set(list.map((x) => x.exe)).size);
      }),
    );
  });
});
