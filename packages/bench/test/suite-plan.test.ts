import { describe, expect, it } from 'vitest';
import type { ModuleInfo } from '../src/suite/catalogs.ts';
import { estimatePlanMs, makePlan, planCells, planSlices } from '../src/suite/plan.ts';
import { defaultThreads, preset } from '../src/suite/presets.ts';
import type { SuiteOptions } from '../src/suite/types.ts';

// What the built-ins declare: strategies their family, workloads their roles (and convoy its cpuThreads).
const FAMILIES: Readonly<Record<string, string>> = {
  unsafe: 'unsafe',
  gil: 'gil',
  'gil-noforce': 'gil',
  atomic: 'atomic',
  locked: 'locked',
  biased: 'biased',
  'biased-noimmortal': 'biased',
};
const ROLES: Readonly<Record<string, readonly string[]>> = {
  'rc-private': ['per-op', 'harness-mirrored'],
  'rc-shared': ['per-op'],
  'alloc-churn': ['per-op'],
  handoff: ['handoff'],
  'cpu-bound': ['cpu-bound'],
  atomicity: ['standalone', 'atomicity'],
  convoy: ['standalone', 'convoy'],
  empty: ['standalone', 'harness-empty'],
};
const mod = (name: string): ModuleInfo => ({
  ref: name,
  name,
  description: name,
  external: false,
  ...(FAMILIES[name] !== undefined ? { family: FAMILIES[name] } : {}),
  roles: ROLES[name] ?? [],
  params: name === 'convoy' ? ['cpuThreads'] : [],
  entry: { name, description: name, params: [] },
});
const strategies = ['unsafe', 'gil', 'gil-noforce', 'atomic', 'locked', 'biased', 'biased-noimmortal'].map(mod);
const workloads = ['rc-private', 'rc-shared', 'alloc-churn', 'handoff', 'cpu-bound', 'io-bound', 'native', 'shared-read', 'counter', 'atomicity'].map(mod);
const catalog = { catalogStrategies: strategies, catalogWorkloads: [...workloads, mod('convoy'), mod('empty')] };

function quick(cores: number, over: Partial<SuiteOptions> = {}): SuiteOptions {
  return { ...preset('quick', cores), strategies: strategies.map((s) => s.ref), workloads: workloads.map((w) => w.ref), ...over };
}

describe('the plan', () => {
  it('covers every group with unique cell ids for the full set of built-ins', () => {
    const plan = makePlan(quick(2), { strategies, workloads, ...catalog, cores: 2 });
    const ids = plan.blocks.flatMap((b) => b.cells.map((c) => c.id));
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(plan.blocks.map((b) => b.group))).toEqual(new Set(['overhead', 'scaling', 'brc-sweep', 'switch-interval', 'convoy', 'atomicity', 'harness']));
    expect(plan.blocks.at(-1)?.group).toBe('harness');
    expect(plan.notes).toContain('4 threads > 2 cores: those points are marked oversubscribed (time-slicing, not parallelism)');
  });

  it('fits the quick suite in about three minutes on two cores (planner estimate, warm-ups and counting passes included)', () => {
    const plan = makePlan(quick(2), { strategies, workloads, ...catalog, cores: 2 });
    const minutes = estimatePlanMs(plan) / 60_000;
    expect(minutes).toBeGreaterThan(1.5);
    expect(minutes).toBeLessThan(3.2);
    expect(planSlices(plan)).toBeGreaterThan(planCells(plan));
    // Every block's cells share one slice length and one number of rounds.
    for (const b of plan.blocks) expect(b.rounds).toBeGreaterThanOrEqual(3);
  });

  it('sweeps biased against atomic and gil alone in the quick suite, every variant in the full one', () => {
    const inputs = { strategies, workloads, ...catalog, cores: 2 };
    const strategiesOf = (plan: ReturnType<typeof makePlan>, group: string): string[] =>
      [
        ...new Set(
          plan.blocks
            .flatMap((b) => b.cells)
            .filter((c) => c.group === group)
            .map((c) => c.strategy),
        ),
      ].sort();
    const q = makePlan(quick(2), inputs);
    expect(strategiesOf(q, 'brc-sweep')).toEqual(['atomic', 'biased']);
    expect(strategiesOf(q, 'switch-interval')).toEqual(['gil']);
    const f = makePlan({ ...quick(2), ...preset('full', 2) }, inputs);
    expect(strategiesOf(f, 'brc-sweep')).toEqual(['atomic', 'biased', 'biased-noimmortal']);
    expect(strategiesOf(f, 'switch-interval')).toEqual(['gil', 'gil-noforce']);
  });

  it('labels only points with more threads than cores as oversubscribed', () => {
    const plan = makePlan(quick(2), { strategies, workloads, ...catalog, cores: 2 });
    for (const b of plan.blocks) for (const c of b.cells) expect(c.oversubscribed).toBe(c.threads > 2);
    expect(plan.blocks.some((b) => b.cells.some((c) => c.oversubscribed))).toBe(true);
  });

  it('puts the parameter of each sweep in the cell params', () => {
    const plan = makePlan(quick(2), { strategies, workloads, ...catalog, cores: 2 });
    const cells = plan.blocks.flatMap((b) => b.cells);
    const brc = cells.filter((c) => c.group === 'brc-sweep');
    expect(brc.map((c) => c.strategy).sort()).toEqual([...new Set(brc.map((c) => c.strategy))].flatMap((s) => Array<string>(9).fill(s)).sort());
    expect(new Set(brc.map((c) => c.params.remoteFraction))).toEqual(new Set([0, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 0.75, 1]));
    const sw = cells.filter((c) => c.group === 'switch-interval');
    expect(sw.every((c) => c.strategy.startsWith('gil') && c.workload === 'cpu-bound' && c.strategyOptions.switchIntervalMs === c.params.switchIntervalMs && c.timeline)).toBe(
      true,
    );
    const at = cells.filter((c) => c.group === 'atomicity');
    expect(new Set(at.map((c) => c.params.checkpoints))).toEqual(new Set(['every', 'backedges']));
    expect(at.every((c) => c.runParams.checkpoints === c.params.checkpoints)).toBe(true);
  });

  it('adds unsafe as the baseline when it is not selected, and only at one thread', () => {
    const plan = makePlan(quick(2, { strategies: ['atomic'] }), {
      strategies: [mod('atomic')],
      workloads: [mod('rc-shared')],
      ...catalog,
      cores: 2,
    });
    const cells = plan.blocks.flatMap((b) => b.cells);
    const baselines = cells.filter((c) => c.strategy === 'unsafe' && c.group !== 'harness');
    expect(baselines.length).toBeGreaterThan(0);
    expect(baselines.every((c) => c.baseline && c.threads === 1)).toBe(true);
  });

  it('skips the groups whose workloads or strategies are missing, with a note each', () => {
    const plan = makePlan(quick(2, { strategies: ['atomic'] }), {
      strategies: [mod('atomic')],
      workloads: [mod('rc-private')],
      catalogStrategies: [],
      catalogWorkloads: [],
      cores: 2,
    });
    expect(plan.blocks.map((b) => b.group)).toEqual(['overhead']);
    expect(plan.notes.join('\n')).toMatch(/BRC sweep skipped/);
    expect(plan.notes.join('\n')).toMatch(/switch-interval sweep skipped/);
  });

  it('rejects two strategies with the same name', () => {
    expect(() => makePlan(quick(2), { strategies: [mod('atomic'), { ...mod('atomic'), ref: './mine.ts' }], workloads, ...catalog, cores: 2 })).toThrow(/both named 'atomic'/);
  });

  it('uses 1, 2, 4, … up to twice the cores by default', () => {
    expect(defaultThreads(1)).toEqual([1, 2]);
    expect(defaultThreads(2)).toEqual([1, 2, 4]);
    expect(defaultThreads(6)).toEqual([1, 2, 4, 6, 8, 12]);
  });
});
