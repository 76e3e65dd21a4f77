/**
 * # The experiment contract
 *
 * An experiment is one part of the suite (a "group" in the results: `cell.group`): what it
 * compares, how its cells are planned, how they are run, and what it concludes. Each one is a
 * module under `src/experiments/` that default-exports an {@link Experiment}, listed once in
 * `experiments/index.ts` (the registry, whose order is the suite's order). The report draws it
 * with one chart module (`@rclab/report`'s `ChartModule`) that reads its cells by group. That is
 * all adding an experiment takes (docs/experiments.md walks through it).
 *
 * An experiment never matches a strategy or workload by name. It asks for them by what they
 * declare:
 * - strategies by `family` (`StrategyFactory.family`: `gil`, `biased`, `atomic`, `locked`,
 *   `unsafe`, or a user's own) and `threadSafe`; a family's lead is its member named after the
 *   family (`gil`, `biased`), which the quick suite sweeps alone and the full suite with every
 *   variant (see {@link PlanContext.familyMembers});
 * - workloads by role (`WorkloadFactory.roles`, listed in `experiments/roles.ts`) and by the
 *   parameters they declare;
 * - the ratio baseline (the uncounted `unsafe` control) by family, through {@link PlanContext.baseline}.
 *
 * Lifecycle, for one `rclab bench`:
 * 1. `plan(ctx)` once per selected experiment, in registry order, on the main thread: pure (the
 *    same inputs give the same blocks), because `--resume` re-plans to find its place.
 * 2. The runner measures each block (see {@link ExperimentRun}); a block's cells are compared
 *    with each other, so they are measured together, interleaved slice by slice.
 * 3. `derive(cells, block)` once per finished block: figures computed across its cells.
 * 4. `findings(cells, ctx)` over every finished cell of the experiment, each time results are
 *    written: named figures and sentences for the summary and the report.
 */
import type { Cell, MeasuredCell, SkippedGroup, SystemRecord } from '@rclab/core';
import type { PythonResolution } from '../cpython/describe.ts';
import type { CellRecord } from '../suite/aggregate.ts';
import type { Catalogs, ModuleInfo } from '../suite/catalogs.ts';
import type { Block, CellSpec, SuiteOptions } from '../suite/types.ts';

/** Named findings: numbers, sentences, or `null` for "not resolved". */
export type Findings = Record<string, number | string | null>;

/** Whether an experiment runs by default in each preset (`--groups` overrides it). */
export interface PresetInclusion {
  readonly quick: boolean;
  readonly full: boolean;
}

/** What a cell may set beyond strategy, workload and threads (everything else has a default). */
export interface CellExtra {
  /** Parameters that define the cell: part of its id and its results (merged over `--param`). */
  readonly params?: Readonly<Record<string, number | string | boolean>>;
  /** Parameters passed to the workload only (not part of the id). */
  readonly runParams?: Readonly<Record<string, number | string | boolean>>;
  /** Strategy options over the suite's (e.g. a swept `switchIntervalMs`). */
  readonly strategyOptions?: Readonly<Record<string, number | string | boolean>>;
  /** Also time one operation (one-thread cells of a `per-op` workload). */
  readonly micro?: boolean;
  /** Keep the lock-event timeline of the measured window. */
  readonly timeline?: boolean;
  /** Added only as the baseline of ratios, not because the user selected it. */
  readonly baseline?: boolean;
  /** This cell's `throughput` when it differs from its experiment's `run.throughput` (a mixed experiment such as `cpython`). */
  readonly throughput?: boolean;
}

/** A block as an experiment plans it: {@link Block} without the group (the experiment's name). */
export interface BlockDraft {
  /** Unique within the suite (`overhead/rc-private`, `brc-sweep`). */
  readonly id: string;
  /** Human label for progress lines. */
  readonly label: string;
  readonly cells: readonly CellSpec[];
  /** Rounds: slices per cell (rounded, at least 1; a block with no cell is dropped). */
  readonly rounds: number;
  /** Length of one slice (ms). */
  readonly sliceMs: number;
  /** Cell id → the part that cell plays in the experiment, for `derive` to find it by (e.g. the harness's `empty` probe). */
  readonly roles?: Readonly<Record<string, string>>;
}

/** What an experiment plans: its blocks in run order, and one line per thing it left out or added. */
export interface ExperimentPlan {
  readonly blocks: readonly BlockDraft[];
  readonly notes: readonly string[];
  /** Real systems its cells run on beside the model (the results' `systems`: the `cpython` group's interpreters). */
  readonly systems?: readonly SystemRecord[];
  /** Itself, when it was asked for but cannot run, with the one-line reason (recorded in the results). */
  readonly skipped?: readonly SkippedGroup[];
}

/** Everything `plan` may use. Pure data plus helpers; one context per experiment. */
export interface PlanContext {
  readonly options: SuiteOptions;
  readonly cores: number;
  /** Selected strategies, in the user's order. */
  readonly strategies: readonly ModuleInfo[];
  /** Selected workloads, in the user's order. */
  readonly workloads: readonly ModuleInfo[];
  /** Selected workloads that are general throughput workloads (no `standalone` role). */
  readonly regular: readonly ModuleInfo[];
  /** The ratio baseline: the catalog's strategy of family `unsafe`, if it has one. */
  readonly baseline: ModuleInfo | undefined;
  /** Whether the user selected the baseline (else an experiment adds it, marked `baseline`). */
  readonly baselineSelected: boolean;
  /** The selected workload with `role`, else the catalog's first one with it. */
  workloadFor(role: string): ModuleInfo | undefined;
  /** The catalog's first workload with `role` (probes the user never selects). */
  catalogWorkload(role: string): ModuleInfo | undefined;
  /**
   * The selected workload named `name`, else the catalog's. Only for an experiment whose own
   * scenarios are named after the model's workloads (the `cpython` group runs `cpu-bound` on a
   * real Python beside the model's `cpu-bound`); every other experiment asks by role.
   */
  workloadNamed(name: string): ModuleInfo | undefined;
  /** The interpreters of the `cpython` group, described, when that group was selected. */
  readonly pythons: PythonResolution | undefined;
  /** The catalog's first strategy of `family`. */
  catalogStrategy(family: string): ModuleInfo | undefined;
  /**
   * Selected strategies of `family`. With `lead: true`, outside the full suite, only the family's
   * lead (its member named after the family) when it is selected; otherwise every member.
   */
  familyMembers(family: string, lead?: boolean): readonly ModuleInfo[];
  /** The family a strategy declares (`custom` when it declares none). */
  familyOf(strategy: ModuleInfo): string;
  /** A cell of this experiment (id, group, suite-wide params and options filled in). */
  cell(strategy: ModuleInfo, workload: ModuleInfo, threads: number, extra?: CellExtra): CellSpec;
}

/** Everything `findings` may use. */
export interface FindingsContext {
  /** Display name of the ratio baseline (`baselineRatio` is relative to it), if the plan has one. */
  readonly baseline: string | undefined;
  /** The family of a strategy of the plan, by display name (`custom` when unknown). */
  familyOf(strategy: string): string;
  /** The real systems the plan set beside the model (the `cpython` experiment's interpreters); empty when none. */
  readonly systems: readonly SystemRecord[];
}

/**
 * How the runner treats an experiment's blocks. Every field has the default noted; a new
 * experiment usually sets only `throughput`.
 */
export interface ExperimentRun {
  /**
   * A throughput experiment: a slice with no operation fails its cell. False for
   * correctness-only experiments (atomicity) and probes whose threads may all be waiting
   * (convoy). Default true.
   */
  readonly throughput: boolean;
  /**
   * `timed`: cells run for a time and count operations, interleaved slice by slice. `fixed-work`:
   * every slice is one complete operation per thread (a whole unit of work, such as a
   * `brc-paper` pass), run unpaused and timed; warm-up and counting pass are whole units too
   * (suite/fixed-work.ts), and the cells' samples carry each unit's time. Default `timed`.
   */
  readonly measure: 'timed' | 'fixed-work';
  /** Each cell gets a counting pass (the strategy's counting variant, fresh workers): exact counters. Default true. */
  readonly countingPass: boolean;
  /**
   * Cells get `baselineRatio` (ratio to the one-thread baseline cell of the same workload
   * and params) and their intervals count toward the suite's resolution findings. Default false.
   */
  readonly ratiosToBaseline: boolean;
}

/** What a block's own measurement ({@link Experiment.measureBlock}) is given. */
export interface MeasureContext {
  readonly options: SuiteOptions;
  readonly catalogs: Catalogs;
  /** Aborted on Ctrl-C: stop, kill what you started, and throw. */
  readonly signal: AbortSignal;
  /** One short label of what runs now (progress lines). */
  busy(label: string): void;
}

/** One experiment of the suite: one module under `src/experiments/`, listed in `experiments/index.ts`. */
export interface Experiment<Name extends string = string> {
  /** The group name: `--groups`, the cell id's first part and `cell.group` in results. */
  readonly name: Name;
  /** One line: what it compares and why (`rclab bench --help`, docs). */
  readonly description: string;
  /** Whether `quick` and `full` run it by default. */
  readonly presets: PresetInclusion;
  /** How the runner treats its blocks (defaults: see {@link ExperimentRun}). */
  readonly run?: Partial<ExperimentRun>;
  /** Blocks of cells to measure, in run order. Pure. */
  plan(ctx: PlanContext): ExperimentPlan;
  /**
   * Measures a block itself instead of the runner's interleaved timed slices (a `fixed-work`
   * experiment, or cells that are not this runtime's workers): one record per cell, in the
   * block's order, each with its slices (one per timed trial), outcome and counting figures,
   * or its error. The runner aggregates and journals them like any block's.
   */
  measureBlock?(block: Block, ctx: MeasureContext): Promise<readonly CellRecord[]>;
  /**
   * Rough wall time (ms) of one of its blocks' cells, for the ETA before anything ran, when the
   * runner's estimate for timed slices does not fit (a `measureBlock` of its own).
   */
  estimateCellMs?(cell: CellSpec, block: Block, options: SuiteOptions): number;
  /**
   * Figures computed across a finished block's cells (they go to results' `harness` section
   * today, the one figures section of the schema). `block.roles` names the parts cells play.
   */
  derive?(cells: readonly Cell[], block: Block): Readonly<Record<string, number>>;
  /** Named findings from every measured cell of this experiment (its own group), for summary and report. */
  findings?(cells: readonly MeasuredCell[], ctx: FindingsContext): Findings;
}

/**
 * Whether `strategy` (a display name) is the lead of `family`: the member named after the
 * family (`gil` of the `gil` family, not `gil-noforce`). The quick suite sweeps a family's lead
 * alone when it is selected.
 */
export function isFamilyLead(strategy: string, family: string): boolean {
  return strategy === family;
}

/** The runner's traits of an experiment, defaults filled in. */
export function runTraits(e: Pick<Experiment, 'run'>): ExperimentRun {
  return { throughput: true, measure: 'timed', countingPass: true, ratiosToBaseline: false, ...e.run };
}

/** Identity helper that keeps an experiment's name a literal type (so the registry types `GroupName`). */
export function defineExperiment<Name extends string>(e: Experiment<Name>): Experiment<Name> {
  return e;
}
