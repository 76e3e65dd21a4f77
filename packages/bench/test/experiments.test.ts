/**
 * Experiments as modules: the registry is the suite's list of groups, and experiments pick
 * strategies by the family they declare and workloads by their roles — so a user's module
 * named anything joins the experiment it declares itself fit for, and one that declares
 * nothing is never matched by a lookalike name.
 */
import type { Correctness, MeasuredCell } from '@rclab/core';
import type { CellOutcome, SliceResult } from '@rclab/core/internal';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EXPERIMENTS, GROUPS } from '../src/experiments/index.ts';
import { ROLE } from '../src/experiments/roles.ts';
import { runTraits } from '../src/experiments/types.ts';
import { HARNESS_PART } from '../src/harness/figures.ts';
import { aggregateBlock, aggregateCell, type CellRecord, pairedRatio } from '../src/suite/aggregate.ts';
import type { ModuleInfo } from '../src/suite/catalogs.ts';
import { computeFindings, findingsContext } from '../src/suite/findings.ts';
import { makePlan } from '../src/suite/plan.ts';
import { preset } from '../src/suite/presets.ts';
import type { Plan, SuiteOptions } from '../src/suite/types.ts';

const entry = (name: string) => ({ name, description: name, params: [] });
const strategy = (name: string, family?: string): ModuleInfo => ({
  ref: name,
  name,
  description: name,
  external: false,
  ...(family !== undefined ? { family } : {}),
  entry: entry(name),
});
const workload = (name: string, roles: readonly string[] = [], params: readonly string[] = []): ModuleInfo => ({
  ref: name,
  name,
  description: name,
  external: false,
  roles,
  params,
  entry: entry(name),
});

const catalogStrategies = [strategy('control', 'unsafe'), strategy('atomic', 'atomic'), strategy('biased', 'biased'), strategy('gil', 'gil')];
const catalogWorkloads = [
  workload('rc-private', [ROLE.perOp, ROLE.harnessMirrored]),
  workload('handoff', [ROLE.handoff]),
  workload('cpu-bound', [ROLE.cpuBound]),
  workload('atomicity', [ROLE.standalone, ROLE.atomicity]),
  workload('convoy', [ROLE.standalone, ROLE.convoy], ['cpuThreads']),
  workload('empty', [ROLE.standalone, ROLE.harnessEmpty]),
  workload('bare', [ROLE.standalone, ROLE.harnessBare], ['atomic']),
  workload('brc-paper', [ROLE.standalone, ROLE.brcPaper], ['objects', 'k', 'dummy', 'remoteFraction']),
];

function planOf(strategies: readonly ModuleInfo[], workloads: readonly ModuleInfo[], over: Partial<SuiteOptions> = {}): Plan {
  const options: SuiteOptions = { ...preset('quick', 2), strategies: strategies.map((s) => s.ref), workloads: workloads.map((w) => w.ref), scalingWorkloads: [], ...over };
  return makePlan(options, { strategies, workloads, catalogStrategies, catalogWorkloads, cores: 2 });
}
const cellsOf = (plan: Plan, group: string) => plan.blocks.filter((b) => b.group === group).flatMap((b) => b.cells);

describe('the registry of experiments', () => {
  it('is the list of groups, in run order, each name once, the harness last', () => {
    expect(GROUPS).toEqual(EXPERIMENTS.map((e) => e.name));
    expect(new Set(GROUPS).size).toBe(GROUPS.length);
    expect(GROUPS.at(-1)).toBe('harness');
    for (const p of ['quick', 'full'] as const) expect(preset(p, 2).groups).toEqual(EXPERIMENTS.filter((e) => e.presets[p]).map((e) => e.name));
  });

  it('plans each experiment into blocks of its own group, with cell ids that start with it', () => {
    const plan = planOf([strategy('atomic', 'atomic'), strategy('biased', 'biased'), strategy('gil', 'gil')], catalogWorkloads.slice(0, 4));
    // `cpython` needs a described Python, which this plan is not given: it is recorded as skipped.
    expect(new Set(plan.blocks.map((b) => b.group))).toEqual(new Set(GROUPS.filter((g) => g !== 'cpython')));
    expect(plan.skipped?.map((s) => s.group)).toEqual(['cpython']);
    for (const b of plan.blocks) for (const c of b.cells) expect(c.id.startsWith(`${b.group}/`) && c.group === b.group).toBe(true);
    // Correctness-only experiments plan cells that may do no operation in a slice.
    for (const b of plan.blocks) for (const c of b.cells) expect(c.throughput).toBe(runTraits(EXPERIMENTS.find((e) => e.name === b.group) ?? {}).throughput);
  });
});

describe('strategies by family, not by name', () => {
  it('puts a user strategy of the biased family in the BRC sweep and one of the gil family in the switch-interval sweep and convoy split', () => {
    const plan = planOf([strategy('atomic', 'atomic'), strategy('my-brc', 'biased'), strategy('my-lock', 'gil')], catalogWorkloads.slice(0, 3));
    expect(new Set(cellsOf(plan, 'brc-sweep').map((c) => c.strategy))).toEqual(new Set(['atomic', 'my-brc']));
    expect(new Set(cellsOf(plan, 'switch-interval').map((c) => c.strategy))).toEqual(new Set(['my-lock']));
    expect(
      cellsOf(plan, 'convoy')
        .filter((c) => c.threads === 1)
        .map((c) => c.strategy),
    ).toEqual(['my-lock']);
  });

  it('never matches a lookalike name that declares no family', () => {
    const plan = planOf([strategy('atomic', 'atomic'), strategy('biased-lookalike'), strategy('gil-lookalike')], catalogWorkloads.slice(0, 3));
    expect(cellsOf(plan, 'brc-sweep')).toEqual([]);
    expect(cellsOf(plan, 'switch-interval')).toEqual([]);
    expect(cellsOf(plan, 'convoy').every((c) => c.threads === 2)).toBe(true);
    expect(plan.families['biased-lookalike']).toBe('custom');
  });

  it('sweeps only a family lead in the quick suite when it is selected, every member in the full one', () => {
    const members = [strategy('atomic', 'atomic'), strategy('biased', 'biased'), strategy('biased-v2', 'biased')];
    expect(new Set(cellsOf(planOf(members, catalogWorkloads.slice(0, 2)), 'brc-sweep').map((c) => c.strategy))).toEqual(new Set(['atomic', 'biased']));
    const full = planOf(members, catalogWorkloads.slice(0, 2), { ...preset('full', 2), scalingWorkloads: [] });
    expect(new Set(cellsOf(full, 'brc-sweep').map((c) => c.strategy))).toEqual(new Set(['atomic', 'biased', 'biased-v2']));
  });

  it('takes the baseline from the unsafe family whatever it is called, in overhead and in the harness', () => {
    const plan = planOf([strategy('atomic', 'atomic')], catalogWorkloads.slice(0, 1));
    expect(plan.baseline).toBe('control');
    expect(
      cellsOf(plan, 'overhead')
        .filter((c) => c.baseline)
        .map((c) => c.strategy),
    ).toEqual(['control']);
    const harness = plan.blocks.find((b) => b.group === 'harness');
    const byPart = Object.fromEntries(Object.entries(harness?.roles ?? {}).map(([id, part]) => [part, id]));
    expect(byPart[HARNESS_PART.empty]).toBe('harness/control/empty/1');
    expect(byPart[HARNESS_PART.atomic]).toBe('harness/atomic/rc-private/1');
    expect(byPart[HARNESS_PART.bareAtomic]).toBe('harness/control/bare/1/atomic=true');
  });
});

describe('workloads by role, not by name', () => {
  it('uses a selected workload that declares a role over the catalog one, and keeps standalone ones out of overhead', () => {
    const mine = workload('my-handoff', [ROLE.handoff]);
    const probe = workload('my-probe', [ROLE.standalone]);
    const plan = planOf([strategy('atomic', 'atomic'), strategy('biased', 'biased')], [catalogWorkloads[0] as ModuleInfo, mine, probe]);
    expect(new Set(cellsOf(plan, 'brc-sweep').map((c) => c.workload))).toEqual(new Set(['my-handoff']));
    expect(new Set(cellsOf(plan, 'overhead').map((c) => c.workload))).toEqual(new Set(['rc-private', 'my-handoff']));
  });

  it('times one operation only on per-op workloads', () => {
    const plan = planOf([strategy('atomic', 'atomic')], [catalogWorkloads[0] as ModuleInfo, workload('churny')]);
    for (const c of cellsOf(plan, 'overhead')) expect(c.micro).toBe(c.workload === 'rc-private');
  });
});

const clean: Correctness = { lostUpdates: 0, leaks: 0, doubleFrees: 0, useAfterFree: 0, auditMismatches: 0, corruptions: 0, mismatches: [], checks: [], ok: true };
const outcome = (correctness: Correctness = clean): CellOutcome => ({
  strategy: 's',
  workload: 'w',
  threads: 1,
  final: { ops: 0, elapsedMs: 0, opsPerThread: [] },
  totalOps: 1,
  counters: {},
  threadCounters: [],
  timeline: [],
  measurements: [],
  correctness,
  heap: { pagesUsed: 1, heapMB: 1, liveAtAudit: 0 },
});

describe('what the runner takes from an experiment', () => {
  it('gives ratios to the baseline by its name, only when the experiment asks for them', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0.5, max: 2, noNaN: true }), { minLength: 3, maxLength: 12 }), fc.double({ min: 0.2, max: 5, noNaN: true }), (speed, ratio) => {
        const plan = planOf([strategy('atomic', 'atomic')], catalogWorkloads.slice(0, 1), { groups: ['overhead'] });
        const block = plan.blocks[0];
        if (block === undefined) throw new Error('no overhead block');
        // The baseline runs at the machine's speed; atomic at `ratio` of it, give or take 10% by round.
        const slices = (k: (i: number) => number): SliceResult[] => speed.map((s, i) => ({ ops: Math.round(1e6 * s * k(i)), elapsedMs: 1, opsPerThread: [] }));
        const records: CellRecord[] = block.cells.map((spec) => ({
          spec,
          slices: slices(spec.strategy === 'control' ? () => 1 : (i) => ratio * (1 + 0.1 * (i % 3))),
          warmup: { ms: 1, slices: 1, steady: true },
          outcome: outcome(),
          counting: { ops: 1, counters: {}, correctness: clean },
        }));
        const withRatio = aggregateBlock(block, records, 1, { ratioBaseline: plan.baseline }) as MeasuredCell[];
        const atomic = withRatio.find((c) => c.strategy === 'atomic');
        const control = withRatio.find((c) => c.strategy === 'control');
        if (atomic === undefined || control === undefined) throw new Error('cells missing');
        expect(atomic.baselineRatio).toEqual({ baseline: 'control', ...pairedRatio(atomic, control) });
        expect(control.baselineRatio?.median).toBe(1);
        expect((aggregateBlock(block, records, 1, {}) as MeasuredCell[]).some((c) => c.baselineRatio !== undefined)).toBe(false);
        // The baseline's own ratio (exactly 1, width 0) does not count toward the resolution finding.
        const r = atomic.baselineRatio;
        if (r === undefined) throw new Error('no ratio');
        const f = computeFindings(withRatio, findingsContext(plan));
        expect(f.medianRatioIntervalWidth).toBe(Math.round(((r.high - r.low) / r.median) * 10000) / 10000);
      }),
      { numRuns: 30 },
    );
  });

  it('accepts a cell with no counting pass only from an experiment that runs none', () => {
    const plan = planOf([strategy('atomic', 'atomic')], catalogWorkloads.slice(0, 1), { groups: ['overhead'] });
    const spec = plan.blocks[0]?.cells[0];
    if (spec === undefined) throw new Error('no cell');
    const record: CellRecord = { spec, slices: [{ ops: 10, elapsedMs: 1, opsPerThread: [10] }], warmup: { ms: 1, slices: 1, steady: true }, outcome: outcome() };
    expect(aggregateCell(record, 1).status).toBe('failed');
    const cell = aggregateCell(record, 1, { countingPass: false });
    expect(cell.status).toBe('measured');
    expect((cell as MeasuredCell).counters).toEqual({});
  });

  it("never files a check as a measurement: measurements come only from the workload's own measurements", () => {
    const plan = planOf([strategy('atomic', 'atomic')], catalogWorkloads.slice(0, 1), { groups: ['overhead'] });
    const spec = plan.blocks[0]?.cells[0];
    if (spec === undefined) throw new Error('no cell');
    const checks = [{ name: 'ioLatencyP50Ms', expected: 0, observed: 3.5 }];
    const record: CellRecord = {
      spec,
      slices: [{ ops: 10, elapsedMs: 1, opsPerThread: [10] }],
      warmup: { ms: 1, slices: 1, steady: true },
      outcome: outcome({ ...clean, checks }),
      counting: { ops: 1, counters: {}, correctness: clean },
    };
    const cell = aggregateCell(record, 1) as MeasuredCell;
    expect(cell.measurements).toBeUndefined();
    expect(cell.correctness.checks).toEqual(checks);
  });
});
