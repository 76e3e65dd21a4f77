/**
 * The `cpython` experiment's plan: the interpreter suite's scenarios on real Pythons (`--python`, repeatable;
 * `python3` by default), each interpreter a system of its own beside the model. Three parts:
 *
 * 1. **plan** (`planCpython`): one block per scenario, holding every interpreter's cells and the
 *    model's (a strategy of the `gil` family for a GIL build, of the `biased` family for a
 *    free-threaded one: the family's lead when selected, else its first selected member) on the
 *    same scenario at the same thread counts, so the runner interleaves them slice by slice and
 *    their ratios are paired like every other comparison;
 * 2. **systems** (`cpythonSystems`): the interpreters as results' `systems` records;
 * 3. **findings** (`cpythonFindings`, in `../cpython.ts`): the few figures the summary quotes.
 *
 * With no usable Python the group is skipped with one line naming what was tried, and the run
 * goes on without it. The report's side-by-side tables (report/src/tables/cpython*.ts) read the
 * cells and the `systems` records from the results file.
 */
import type { SkippedGroup, SystemRecord } from '@rclab/core';
import type { PythonDescription, PythonResolution } from '../../cpython/describe.ts';
import { PYTHON_SCENARIO_INFO } from '../../cpython/scenarios.ts';
import { isFamilyLead } from '../types.ts';
import type { ModuleInfo } from '../../suite/catalogs.ts';
import type { Block, CellSpec, SuiteOptions } from '../../suite/types.ts';

/** The group's name, as `--groups` takes it and cells carry it. */
export const CPYTHON_GROUP = 'cpython';

/** Scenarios every run of the group measures at the run's thread counts (and 1 and 2). */
export const CPYTHON_THROUGHPUT_SCENARIOS: readonly string[] = ['cpu-bound', 'io-bound', 'native', 'shared-read', 'counter'];
/** ftscalingbench's patterns (the model's workloads of the same names): the full suite only (the quick one stays within its time). */
export const CPYTHON_FTSCALING_SCENARIOS: readonly string[] = [
  'load_string_const',
  'load_tuple_const',
  'create_dict',
  'create_pyobject',
  'pyfunction',
  'module_function',
  'thread_local_read',
];
/** Threads of the quiz and the sweep (as the model's own atomicity and switch-interval groups). */
export const CPYTHON_PAIR_THREADS = 2;

/**
 * The strategy family a system's model comes from: `gil` for a GIL build (or a free-threaded one
 * run with the GIL on), `biased` otherwise.
 */
export function modelFor(d: Pick<PythonDescription, 'build' | 'gilEnabled'>): 'gil' | 'biased' {
  return d.build === 'free-threaded' && d.gilEnabled !== true ? 'biased' : 'gil';
}

/** The families the full suite always sets beside the interpreters, whatever builds they are. */
const FULL_SUITE_MODEL_FAMILIES: readonly string[] = ['gil', 'biased'];

/**
 * The usable interpreters as `systems` records, one per executable, each with a unique name.
 * `modelOf` names the model strategy of a family (the plan's pick); without one, or when the
 * run has no strategy of that family, a record names the family itself.
 */
export function cpythonSystems(resolution: PythonResolution, modelOf: (family: string) => string | undefined = () => undefined): SystemRecord[] {
  const out: SystemRecord[] = [];
  for (const d of resolution.pythons) {
    if (out.some((s) => s.executable === d.executable && d.executable !== '')) continue;
    const name = out.some((s) => s.name === d.label) ? `${d.label} (${d.python})` : d.label;
    out.push({
      name,
      kind: 'python',
      python: d.python,
      executable: d.executable,
      version: d.version,
      implementation: d.implementation,
      build: d.build,
      gilEnabled: d.gilEnabled,
      // NaN would not survive JSON: an interpreter that did not say is at CPython's default.
      switchIntervalMs: Number.isFinite(d.switchIntervalMs) ? d.switchIntervalMs : 5,
      model: modelOf(modelFor(d)) ?? modelFor(d),
      ...(d.compiler !== '' ? { compiler: d.compiler } : {}),
      ...(d.platform !== '' ? { platform: d.platform } : {}),
      ...(d.machine !== '' ? { machine: d.machine } : {}),
    });
  }
  return out;
}

/** Makes one of the model's cells in the group (makePlan's cell maker, group fixed). */
export type ModelCellMaker = (
  s: ModuleInfo,
  w: ModuleInfo,
  threads: number,
  extra: { params?: Record<string, number | string | boolean>; strategyOptions?: Record<string, number | string | boolean>; throughput?: boolean },
) => CellSpec;

/** What the planner gives the group. */
export interface CpythonPlanInputs {
  /** The described interpreters (and the ones that could not be used). */
  readonly resolution: PythonResolution;
  /** The selected strategies (the model's side: members of the `gil` and `biased` families). */
  readonly strategies: readonly ModuleInfo[];
  /** The family a strategy declares (`PlanContext.familyOf`). */
  readonly familyOf: (strategy: ModuleInfo) => string;
  /** A workload by name (selected or built-in). */
  readonly workload: (name: string) => ModuleInfo | undefined;
  /** Whether `convoy` is the harness's probe (it takes `cpuThreads`). */
  readonly harnessConvoy: boolean;
  readonly cores: number;
}

/** A block before the planner adds it (`rounds` is rounded there). */
export type BlockDraft = Omit<Block, 'group'>;

/** What the group adds to a plan. */
export interface CpythonPlan {
  readonly blocks: readonly BlockDraft[];
  readonly notes: readonly string[];
  readonly systems: readonly SystemRecord[];
  readonly skipped?: SkippedGroup;
}

/** Plans the group: see the module doc. Pure, so `--resume` re-makes the same blocks. */
export function planCpython(options: SuiteOptions, inputs: CpythonPlanInputs, modelCell: ModelCellMaker): CpythonPlan {
  const notes = inputs.resolution.skipped.map((s) => `cpython group: ${s.reason}; it runs without that one`);
  // A family's model: its lead when selected, else its first selected member.
  const modelOf = (family: string): ModuleInfo | undefined => {
    const members = inputs.strategies.filter((s) => inputs.familyOf(s) === family);
    return members.find((s) => isFamilyLead(s.name, family)) ?? members[0];
  };
  const systems = cpythonSystems(inputs.resolution, (family) => modelOf(family)?.name);
  if (systems.length === 0) {
    const reason = inputs.resolution.skipped.map((s) => s.reason).join('; ') || 'no Python was given';
    return { blocks: [], notes: [], systems: [], skipped: { group: CPYTHON_GROUP, reason } };
  }
  const families = new Set([...inputs.resolution.pythons.map(modelFor), ...(options.suite === 'full' ? FULL_SUITE_MODEL_FAMILIES : [])]);
  const picked = new Set([...families].map(modelOf));
  const models = inputs.strategies.filter((s) => picked.has(s));
  for (const family of new Set(inputs.resolution.pythons.map(modelFor))) {
    if (modelOf(family) === undefined) notes.push(`cpython group: '${family}' is not among the strategies, so its interpreters have no model cells beside them`);
  }
  const info = new Map(PYTHON_SCENARIO_INFO.map((s) => [s.name, s]));
  const threads = [...new Set([1, CPYTHON_PAIR_THREADS, ...options.threads])].sort((a, b) => a - b);
  const pythonCell = (sys: SystemRecord, scenario: string, t: number, params: Record<string, number | string | boolean>, throughput: boolean): CellSpec => {
    const workload = info.get(scenario)?.workload ?? scenario;
    return {
      id: cellIdOf(sys.name, workload, t, params),
      group: CPYTHON_GROUP,
      strategy: sys.name,
      strategyRef: sys.python,
      workload,
      workloadRef: scenario,
      threads: t,
      oversubscribed: t > inputs.cores,
      params,
      runParams: params,
      strategyOptions: {},
      micro: false,
      timeline: false,
      throughput,
      baseline: false,
      python: { path: sys.python, scenario },
    };
  };
  // Both sides of one scenario: every interpreter and every model strategy at each point.
  const both = (
    scenario: string,
    points: readonly { t: number; params: Record<string, number | string | boolean> }[],
    throughput: boolean,
    models_: readonly ModuleInfo[],
    modelExtra: (p: Record<string, number | string | boolean>) => Record<string, Record<string, number | string | boolean>> = () => ({}),
  ): CellSpec[] => {
    const cells: CellSpec[] = [];
    const w = inputs.workload(info.get(scenario)?.workload ?? scenario);
    for (const sys of systems) for (const p of points) cells.push(pythonCell(sys, scenario, p.t, p.params, throughput));
    if (w !== undefined) for (const s of models_) for (const p of points) cells.push(modelCell(s, w, p.t, { params: p.params, throughput, ...modelExtra(p.params) }));
    return cells;
  };

  const blocks: BlockDraft[] = [];
  // Python slices must hold several switch intervals (a thread sees its deadline only once it
  // has the GIL back): at least four, as the model's multi-thread slices.
  const sliceMs = Math.max(4 * options.sliceMs, 4 * options.switchIntervalMs);
  const rounds = Math.max(Math.min(options.rounds, 6), Math.round(options.rounds / 6));
  // The scenarios follow --workloads: a scenario runs when the workload it mirrors is selected
  // (the quick suite's default workloads leave ftscalingbench's patterns out, the full one has
  // them); the convoy and the switch-interval sweep go with cpu-bound.
  const selected = (w: string): boolean => options.workloads.includes(w);
  const scenarios = [...CPYTHON_THROUGHPUT_SCENARIOS, ...CPYTHON_FTSCALING_SCENARIOS].filter((sc) => selected(info.get(sc)?.workload ?? sc));
  for (const scenario of scenarios) {
    const cells = both(
      scenario,
      threads.map((t) => ({ t, params: {} })),
      true,
      models,
    );
    blocks.push({ id: `cpython/${scenario}`, label: `cpython · ${scenario}`, cells, rounds, sliceMs });
  }
  // The quiz: a correctness check, a few slices are enough.
  if (selected('atomicity'))
    blocks.push({
      id: 'cpython/atomicity',
      label: 'cpython · six expressions',
      cells: both('atomicity', [{ t: CPYTHON_PAIR_THREADS, params: {} }], false, models),
      rounds: options.atomicityRounds,
      sliceMs,
    });
  // The convoy: the I/O thread alone, then beside a CPU-bound one (the model's probe only).
  const convoyPoints = [
    { t: 1, params: { cpuThreads: 0 } },
    { t: CPYTHON_PAIR_THREADS, params: { cpuThreads: 1 } },
  ];
  if (selected('cpu-bound'))
    blocks.push({
      id: 'cpython/convoy',
      label: 'cpython · convoy',
      cells: both('convoy', convoyPoints, false, inputs.harnessConvoy ? models : []),
      rounds: options.convoyRounds,
      sliceMs: options.convoySliceMs,
    });
  // The switch-interval sweep: cpu-bound on two threads, `sys.setswitchinterval` against `gil`'s.
  const sweep = options.switchIntervals.map((ms) => ({ t: CPYTHON_PAIR_THREADS, params: { switchIntervalMs: ms } }));
  if (selected('cpu-bound'))
    blocks.push({
      id: 'cpython/switch-interval',
      label: 'cpython · switch interval',
      cells: both(
        'cpu-bound',
        sweep,
        true,
        models.filter((s) => inputs.familyOf(s) === 'gil'),
        (p) => ({ strategyOptions: { switchIntervalMs: Number(p.switchIntervalMs) } }),
      ),
      rounds: Math.max(Math.min(options.rounds, 6), options.rounds / 10),
      sliceMs: Math.max(sliceMs, 5 * Math.max(...options.switchIntervals)),
    });
  return { blocks, notes, systems };
}

/** The id scheme of every cell (`plan.ts`'s `cellId`), for a system's cell. */
function cellIdOf(system: string, workload: string, threads: number, params: Readonly<Record<string, unknown>>): string {
  const extra = Object.keys(params)
    .sort()
    .map((k) => `/${k}=${String(params[k])}`)
    .join('');
  return `${CPYTHON_GROUP}/${system}/${workload}/${threads}${extra}`;
}
