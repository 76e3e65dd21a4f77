/**
 * From suite options and the strategies and workloads found, the plan: blocks of cells. Pure:
 * the same inputs give the same plan, which is how `--resume` finds its place again.
 */
import { type SkippedGroup, type StrategyEntry, type SystemRecord, UsageError, type WorkloadEntry } from '@rclab/core';
import { EXPERIMENTS, experimentOf } from '../experiments/index.ts';
import { ROLE } from '../experiments/roles.ts';
import { type CellExtra, type Experiment, isFamilyLead, type PlanContext, runTraits } from '../experiments/types.ts';
import type { PythonResolution } from '../cpython/describe.ts';
import type { ModuleInfo } from './catalogs.ts';
import type { Block, CellSpec, Plan, SuiteOptions } from './types.ts';

/** What the planner is given besides the options. */
export interface PlanInputs {
  /** The selected strategies, in order. */
  readonly strategies: readonly ModuleInfo[];
  /** The selected workloads, in order. */
  readonly workloads: readonly ModuleInfo[];
  /**
   * Every strategy and workload of the catalogs that loads, in catalog order: where an
   * experiment finds what the user did not select (the `unsafe` baseline, the harness's probes).
   */
  readonly catalogStrategies: readonly ModuleInfo[];
  readonly catalogWorkloads: readonly ModuleInfo[];
  readonly cores: number;
  /** The interpreters of the `cpython` group, described (when the group is selected). */
  readonly pythons?: PythonResolution;
}

export { PAIR_THREADS } from '../experiments/pair.ts';

/** The family of the strategy every ratio is relative to: the uncounted control. */
export const BASELINE_FAMILY = 'unsafe';

/** Cell id: `group/strategy/workload/threads[/param=value…]` with params in key order. */
export function cellId(group: string, strategy: string, workload: string, threads: number, params: Readonly<Record<string, unknown>>): string {
  const extra = Object.keys(params)
    .sort()
    .map((k) => `/${k}=${String(params[k])}`)
    .join('');
  return `${group}/${strategy}/${workload}/${threads}${extra}`;
}

const familyOf = (m: ModuleInfo): string => m.family ?? 'custom';

/** Makes the plan: each selected experiment's blocks, in registry order. Throws `UsageError` for duplicate names. */
export function makePlan(options: SuiteOptions, inputs: PlanInputs): Plan {
  const { cores } = inputs;
  checkUnique(inputs.strategies, 'strategies');
  checkUnique(inputs.workloads, 'workloads');
  const groups = new Set<string>(options.groups);
  const strategies = inputs.strategies;
  const baseline = inputs.catalogStrategies.find((s) => familyOf(s) === BASELINE_FAMILY);
  const blocks: Block[] = [];
  const notes: string[] = [];
  const systems: SystemRecord[] = [];
  const skipped: SkippedGroup[] = [];
  const families: Record<string, string> = {};
  for (const s of [...(baseline !== undefined ? [baseline] : []), ...inputs.catalogStrategies, ...strategies]) families[s.name] = familyOf(s);
  for (const experiment of EXPERIMENTS) {
    if (!groups.has(experiment.name)) continue;
    const planned = experiment.plan(planContext(experiment, options, inputs, baseline));
    for (const b of planned.blocks) {
      if (b.cells.length === 0) continue;
      blocks.push({
        id: b.id,
        group: experiment.name,
        label: b.label,
        cells: b.cells,
        rounds: Math.max(1, Math.round(b.rounds)),
        sliceMs: b.sliceMs,
        ...(b.roles !== undefined ? { roles: b.roles } : {}),
        ...(runTraits(experiment).measure === 'fixed-work' ? { fixedWork: true } : {}),
      });
    }
    notes.push(...planned.notes);
    systems.push(...(planned.systems ?? []));
    skipped.push(...(planned.skipped ?? []));
  }
  return {
    options,
    blocks,
    cores,
    notes,
    strategyNames: strategies.map((s) => s.name),
    workloadNames: inputs.workloads.map((w) => w.name),
    ...(baseline !== undefined ? { baseline: baseline.name } : {}),
    families,
    catalog: planCatalog(blocks, inputs, baseline),
    ...(systems.length > 0 ? { systems } : {}),
    ...(skipped.length > 0 ? { skipped } : {}),
  };
}

/**
 * The results' catalog: every strategy and workload the cells use, as their factories describe
 * themselves, the baseline first, then the rest in the order the cells first use them.
 */
function planCatalog(blocks: readonly Block[], inputs: PlanInputs, baseline: ModuleInfo | undefined): Plan['catalog'] {
  const strategyInfo = new Map<string, ModuleInfo>();
  for (const s of [...inputs.catalogStrategies, ...inputs.strategies]) strategyInfo.set(s.name, s);
  const workloadInfo = new Map<string, ModuleInfo>();
  for (const w of [...inputs.catalogWorkloads, ...inputs.workloads]) workloadInfo.set(w.name, w);
  const strategies = new Map<string, StrategyEntry>();
  const workloads = new Map<string, WorkloadEntry>();
  const cells = blocks.flatMap((b) => b.cells);
  if (baseline !== undefined && cells.some((c) => c.strategy === baseline.name)) strategies.set(baseline.name, baseline.entry as StrategyEntry);
  for (const c of cells) {
    const s = strategyInfo.get(c.strategy);
    if (s !== undefined && !strategies.has(c.strategy)) strategies.set(c.strategy, s.entry as StrategyEntry);
    const w = workloadInfo.get(c.workload);
    if (w !== undefined && !workloads.has(c.workload)) workloads.set(c.workload, w.entry as WorkloadEntry);
  }
  return { strategies: [...strategies.values()], workloads: [...workloads.values()] };
}

/** The context one experiment plans in. */
function planContext(experiment: Experiment, options: SuiteOptions, inputs: PlanInputs, baseline: ModuleInfo | undefined): PlanContext {
  const group = experiment.name;
  const throughput = runTraits(experiment).throughput;
  const hasRole = (w: ModuleInfo, role: string): boolean => w.roles?.includes(role) === true;
  const common = { checkpoints: options.checkpoints };
  const strategyOptions = { switchIntervalMs: options.switchIntervalMs };
  const catalogWorkload = (role: string): ModuleInfo | undefined => inputs.catalogWorkloads.find((w) => hasRole(w, role));
  return {
    options,
    cores: inputs.cores,
    strategies: inputs.strategies,
    workloads: inputs.workloads,
    regular: inputs.workloads.filter((w) => !hasRole(w, ROLE.standalone)),
    baseline,
    baselineSelected: baseline !== undefined && inputs.strategies.some((s) => s.name === baseline.name),
    workloadFor: (role) => inputs.workloads.find((w) => hasRole(w, role)) ?? catalogWorkload(role),
    catalogWorkload,
    workloadNamed: (name) => inputs.workloads.find((w) => w.name === name) ?? inputs.catalogWorkloads.find((w) => w.name === name),
    pythons: inputs.pythons,
    catalogStrategy: (family) => inputs.catalogStrategies.find((s) => familyOf(s) === family),
    familyMembers(family, lead = false) {
      const members = inputs.strategies.filter((s) => familyOf(s) === family);
      const leads = members.filter((s) => isFamilyLead(s.name, family));
      return lead && options.suite !== 'full' && leads.length > 0 ? leads : members;
    },
    familyOf,
    cell(s: ModuleInfo, w: ModuleInfo, threads: number, extra: CellExtra = {}): CellSpec {
      const params = { ...options.params, ...extra.params };
      return {
        id: cellId(group, s.name, w.name, threads, params),
        group,
        strategy: s.name,
        strategyRef: s.ref,
        workload: w.name,
        workloadRef: w.ref,
        threads,
        oversubscribed: threads > inputs.cores,
        params,
        runParams: { ...common, ...extra.runParams, ...params },
        strategyOptions: { ...strategyOptions, ...(extra.timeline === true ? { recordTimeline: true } : {}), ...extra.strategyOptions },
        micro: extra.micro ?? false,
        timeline: extra.timeline ?? false,
        baseline: extra.baseline ?? false,
        throughput: extra.throughput ?? throughput,
      };
    },
  };
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
  for (const b of plan.blocks) {
    const own = experimentOf(b.group);
    for (const c of b.cells) if (!done(c.id)) ms += own?.estimateCellMs !== undefined ? own.estimateCellMs(c, b, plan.options) : estimateCellMs(c, b, plan.options);
  }
  return ms;
}
