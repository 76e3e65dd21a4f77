/**
 * From suite options and the strategies and workloads found, the plan: blocks of cells. Pure:
 * the same inputs give the same plan, which is how `--resume` finds its place again.
 */
import { UsageError } from '@rclab/core';
import type { PythonResolution } from '../cpython/describe.ts';
import type { ModuleInfo } from './catalogs.ts';
import { planCpython } from './groups/cpython.ts';
import { MICRO_WORKLOADS, SPECIAL_WORKLOADS } from './presets.ts';
import type { Block, CellSpec, GroupName, Plan, SuiteOptions } from './types.ts';

/** What the planner is given besides the options. */
export interface PlanInputs {
  /** The selected strategies, in order. */
  readonly strategies: readonly ModuleInfo[];
  /** The selected workloads, in order. */
  readonly workloads: readonly ModuleInfo[];
  /** `unsafe` from the catalog (the baseline of every ratio), if the catalog has it. */
  readonly unsafe?: ModuleInfo;
  /** `atomic` from the catalog (the harness compares it with a bare atomic loop), if present. */
  readonly atomic?: ModuleInfo;
  /** Built-in workloads by name that the special groups use when present (`handoff`, `cpu-bound`, `atomicity`, `convoy`, `empty`, `rc-private`). */
  readonly named: Readonly<Record<string, ModuleInfo | undefined>>;
  /** Whether `convoy` is the harness's own probe (it understands `cpuThreads`). */
  readonly harnessConvoy: boolean;
  readonly cores: number;
  /** The interpreters of the `cpython` group, described (when the group is selected). */
  readonly pythons?: PythonResolution;
}

/** Threads used by the two-thread groups (BRC sweep, switch interval, convoy, atomicity). */
export const PAIR_THREADS = 2;

/** Cell id: `group/strategy/workload/threads[/param=value…]` with params in key order. */
export function cellId(group: string, strategy: string, workload: string, threads: number, params: Readonly<Record<string, unknown>>): string {
  const extra = Object.keys(params)
    .sort()
    .map((k) => `/${k}=${String(params[k])}`)
    .join('');
  return `${group}/${strategy}/${workload}/${threads}${extra}`;
}

/** Makes the plan. Throws `UsageError` for duplicate names. */
export function makePlan(options: SuiteOptions, inputs: PlanInputs): Plan {
  const { cores } = inputs;
  const notes: string[] = [];
  checkUnique(inputs.strategies, 'strategies');
  checkUnique(inputs.workloads, 'workloads');
  const groups = new Set<GroupName>(options.groups);
  const strategies = inputs.strategies;
  const unsafe = inputs.unsafe;
  const unsafeSelected = strategies.some((s) => s.name === 'unsafe');
  const baselineNeeded = unsafe !== undefined && !unsafeSelected;
  const common = { checkpoints: options.checkpoints };
  const strategyOptions = { switchIntervalMs: options.switchIntervalMs };

  const cell = (
    group: GroupName,
    s: ModuleInfo,
    w: ModuleInfo,
    threads: number,
    extra: {
      params?: Record<string, number | string | boolean>;
      runParams?: Record<string, number | string | boolean>;
      strategyOptions?: Record<string, number | string | boolean>;
      micro?: boolean;
      timeline?: boolean;
      baseline?: boolean;
      throughput?: boolean;
    } = {},
  ): CellSpec => {
    const params = { ...options.params, ...extra.params };
    return {
      id: cellId(group, s.name, w.name, threads, params),
      group,
      strategy: s.name,
      strategyRef: s.ref,
      workload: w.name,
      workloadRef: w.ref,
      threads,
      oversubscribed: threads > cores,
      params,
      runParams: { ...common, ...extra.runParams, ...params },
      strategyOptions: { ...strategyOptions, ...(extra.timeline === true ? { recordTimeline: true } : {}), ...extra.strategyOptions },
      micro: extra.micro ?? false,
      timeline: extra.timeline ?? false,
      baseline: extra.baseline ?? false,
      throughput: extra.throughput ?? true,
    };
  };

  const blocks: Block[] = [];
  const push = (id: string, group: GroupName, label: string, cells: CellSpec[], rounds: number, sliceMs: number): void => {
    if (cells.length > 0) blocks.push({ id, group, label, cells, rounds: Math.max(1, Math.round(rounds)), sliceMs });
  };
  // Slice lengths: the overhead group's, and longer ones where a slice must hold lock hand-offs
  // (several switch intervals) or hand-offs between threads.
  const r = options.rounds;
  const slice = options.sliceMs;
  const multiSlice = Math.max(4 * slice, 4 * options.switchIntervalMs);
  const regular = inputs.workloads.filter((w) => !SPECIAL_WORKLOADS.has(w.name));

  if (groups.has('overhead')) {
    for (const w of regular) {
      const cells: CellSpec[] = [];
      if (baselineNeeded) cells.push(cell('overhead', unsafe, w, 1, { micro: MICRO_WORKLOADS.has(w.name), baseline: true }));
      for (const s of strategies) cells.push(cell('overhead', s, w, 1, { micro: MICRO_WORKLOADS.has(w.name) }));
      push(`overhead/${w.name}`, 'overhead', `overhead · ${w.name}`, cells, r, slice);
    }
    if (baselineNeeded) notes.push('unsafe added to the overhead group as the baseline of the ratios');
    if (unsafe === undefined) notes.push('no unsafe strategy in the catalog: overhead ratios are left out');
  }

  if (groups.has('scaling')) {
    const wanted = options.scalingWorkloads.length > 0 ? new Set(options.scalingWorkloads) : undefined;
    const chosen = regular.filter((w) => wanted === undefined || wanted.has(w.name) || wanted.has(w.ref));
    const threads = [...new Set(options.threads)].sort((a, b) => a - b);
    for (const w of chosen) {
      const cells: CellSpec[] = [];
      if (baselineNeeded) cells.push(cell('scaling', unsafe, w, 1, { baseline: true }));
      for (const s of strategies) for (const t of threads) cells.push(cell('scaling', s, w, t));
      // More rounds than the sweeps: a speedup's ratio spans a full turn of the CPU rotation.
      push(`scaling/${w.name}`, 'scaling', `scaling · ${w.name}`, cells, (r * 5) / 8, multiSlice);
    }
    if (chosen.length === 0) notes.push('scaling group skipped: none of its workloads is selected');
    const over = threads.filter((t) => t > cores);
    if (chosen.length > 0 && over.length > 0) {
      notes.push(`${over.join(', ')} threads > ${cores} cores: those points are marked oversubscribed (time-slicing, not parallelism)`);
    }
  }

  if (groups.has('brc-sweep')) {
    const handoff = pick(inputs, 'handoff');
    // `biased` against `atomic`, as in the paper; the full suite adds the other biased variants.
    const biased = strategies.filter((s) => s.name.startsWith('biased'));
    const chosen = options.suite !== 'full' && biased.some((s) => s.name === 'biased') ? biased.filter((s) => s.name === 'biased') : biased;
    const pair = strategies.filter((s) => s.name === 'atomic' || chosen.includes(s));
    if (handoff !== undefined && pair.some((s) => s.name.startsWith('biased'))) {
      const cells: CellSpec[] = [];
      for (const r of options.remoteFractions) {
        for (const s of pair) cells.push(cell('brc-sweep', s, handoff, PAIR_THREADS, { params: { remoteFraction: r } }));
      }
      push('brc-sweep', 'brc-sweep', 'BRC sweep · handoff', cells, r / 2, 2 * slice);
    } else {
      notes.push('BRC sweep skipped: it needs the handoff workload and a biased strategy (against atomic)');
    }
  }

  if (groups.has('switch-interval')) {
    const cpu = pick(inputs, 'cpu-bound');
    // `gil`; the full suite adds the other GIL variants.
    const allGils = strategies.filter((s) => s.name.startsWith('gil'));
    const gils = options.suite !== 'full' && allGils.some((s) => s.name === 'gil') ? allGils.filter((s) => s.name === 'gil') : allGils;
    if (cpu !== undefined && gils.length > 0) {
      const cells: CellSpec[] = [];
      for (const ms of options.switchIntervals) {
        for (const s of gils) {
          cells.push(
            cell('switch-interval', s, cpu, PAIR_THREADS, {
              params: { switchIntervalMs: ms },
              strategyOptions: { switchIntervalMs: ms },
              timeline: true,
            }),
          );
        }
      }
      push('switch-interval', 'switch-interval', 'GIL switch interval · cpu-bound', cells, Math.max(6, r / 10), Math.max(4 * slice, 5 * Math.max(...options.switchIntervals)));
    } else {
      notes.push('switch-interval sweep skipped: it needs the cpu-bound workload and a gil strategy');
    }
  }

  if (groups.has('convoy')) {
    const convoy = inputs.named.convoy;
    if (convoy !== undefined && strategies.length > 0) {
      const cells: CellSpec[] = [];
      for (const s of strategies) {
        const run = { timeline: true, throughput: false };
        // The I/O thread alone: the latency of the same waits with nobody holding a lock.
        if (inputs.harnessConvoy && s.name.startsWith('gil')) cells.push(cell('convoy', s, convoy, 1, { ...run, params: { cpuThreads: 0 } }));
        cells.push(cell('convoy', s, convoy, PAIR_THREADS, { ...run, params: inputs.harnessConvoy ? { cpuThreads: 1 } : {} }));
      }
      push('convoy', 'convoy', 'convoy · CPU-bound beside I/O-bound', cells, options.convoyRounds, options.convoySliceMs);
    } else notes.push('convoy run skipped: no convoy workload');
  }

  if (groups.has('atomicity')) {
    const atomicity = pick(inputs, 'atomicity');
    if (atomicity !== undefined) {
      const cells: CellSpec[] = [];
      for (const checkpoints of ['every', 'backedges'] as const) {
        for (const s of strategies) {
          cells.push(cell('atomicity', s, atomicity, PAIR_THREADS, { params: { checkpoints }, throughput: false }));
        }
      }
      push('atomicity', 'atomicity', 'atomicity · six expressions', cells, options.atomicityRounds, 4 * slice);
    } else notes.push('atomicity group skipped: no atomicity workload');
  }

  // Real Pythons beside the model: the group's own module plans it (groups/cpython.ts).
  let cpython: ReturnType<typeof planCpython> | undefined;
  if (groups.has('cpython')) {
    const resolution = inputs.pythons ?? { pythons: [], skipped: [{ python: '', reason: 'no Python was described' }] };
    cpython = planCpython(options, { resolution, strategies, workload: (name) => pick(inputs, name), harnessConvoy: inputs.harnessConvoy, cores }, (s, w, t, extra) => cell('cpython', s, w, t, extra));
    for (const b of cpython.blocks) push(b.id, 'cpython', b.label, [...b.cells], b.rounds, b.sliceMs);
    notes.push(...cpython.notes);
  }

  // Last: the harness's own cost — nothing (`empty`), and `rc-private`'s operations as a bare
  // typed-array loop, plain and atomic, interleaved with `unsafe` and `atomic` on `rc-private`.
  if (groups.has('harness')) {
    const empty = inputs.named.empty;
    const bare = inputs.named.bare;
    const rc = inputs.named['rc-private'];
    const atomic = inputs.atomic;
    if (unsafe !== undefined && empty !== undefined) {
      const base = { baseline: !unsafeSelected };
      const cells = [cell('harness', unsafe, empty, 1, base)];
      if (bare !== undefined) {
        cells.push(cell('harness', unsafe, bare, 1, { ...base, params: { atomic: false } }), cell('harness', unsafe, bare, 1, { ...base, params: { atomic: true } }));
      }
      if (rc !== undefined) {
        cells.push(cell('harness', unsafe, rc, 1, base));
        if (atomic !== undefined) cells.push(cell('harness', atomic, rc, 1, { baseline: !strategies.some((s) => s.name === 'atomic') }));
      }
      push('harness', 'harness', 'harness: its own cost, and bare loops', cells, r / 2, slice);
    } else notes.push('harness figures skipped: they need the unsafe strategy and the empty workload');
  }

  return {
    options,
    blocks,
    cores,
    notes,
    strategyNames: strategies.map((s) => s.name),
    workloadNames: inputs.workloads.map((w) => w.name),
    ...(cpython !== undefined && cpython.systems.length > 0 ? { systems: cpython.systems } : {}),
    ...(cpython?.skipped !== undefined ? { skipped: [cpython.skipped] } : {}),
  };
}

/** A named workload for a special group: the selected one of that name, else the catalog's. */
function pick(inputs: PlanInputs, name: string): ModuleInfo | undefined {
  return inputs.workloads.find((w) => w.name === name) ?? inputs.named[name];
}

function checkUnique(list: readonly ModuleInfo[], what: string): void {
  const seen = new Map<string, string>();
  for (const m of list) {
    const before = seen.get(m.name);
    if (before !== undefined) {
      throw new UsageError(`two ${what} are both named '${m.name}' (${before} and ${m.ref}): each must have its own name`);
    }
    seen.set(m.name, m.ref);
  }
}

/** Slices a plan runs (timed slices of every cell). */
export function planSlices(plan: Plan): number {
  let n = 0;
  for (const b of plan.blocks) n += b.rounds * b.cells.length;
  return n;
}

/** Cells in a plan. */
export function planCells(plan: Plan): number {
  return plan.blocks.reduce((n, b) => n + b.cells.length, 0);
}

/**
 * Rough wall time of one cell (ms), measured on a 2-core machine (a quick suite the old
 * estimate put at 2:10 took 2:58): starting its workers and building the heap (~90 ms plus
 * ~15 ms a thread), its warm-up (to steady: about 0.3 s is typical, more for the
 * interpreter), its slices (~1 ms of pause, resume and CPU pinning each), and the counting
 * pass (a second start, a short warm-up and its window).
 */
export function estimateCellMs(c: CellSpec, block: Block, o: SuiteOptions): number {
  const start = 90 + 15 * c.threads;
  const warmup = Math.min(o.warmupMaxMs, Math.max(3 * o.warmupMinMs, 300));
  const slices = block.rounds * (block.sliceMs + 1);
  const counting = start + o.warmupMinMs + Math.max(o.countMs, block.sliceMs) + 30;
  return start + warmup + slices + counting;
}

/** Rough wall time of a plan (ms), for the ETA before any cell has run; `done` cells are skipped. */
export function estimatePlanMs(plan: Plan, done: (id: string) => boolean = () => false): number {
  let ms = 0;
  for (const b of plan.blocks) for (const c of b.cells) if (!done(c.id)) ms += estimateCellMs(c, b, plan.options);
  return ms;
}
