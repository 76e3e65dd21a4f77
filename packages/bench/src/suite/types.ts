/**
 * What a suite is: options (what the user asked for, after presets), and the plan made from
 * them (blocks of cells whose trials are interleaved).
 */
import type { SkippedGroup, StrategyEntry, StrategyOptions, SystemRecord, WorkloadEntry, WorkloadParams } from '@rclab/core';

/** A suite group: the name of a registered experiment (the list is `GROUPS` in experiments/index.ts, which imports this file). */
export type GroupName = string;

/** The grid of the `brc-paper` group (its presets are in experiments/brc-paper/plan.ts). */
export interface BrcPaperOptions {
  /** N, objects the owner allocates per pass. */
  readonly objects: number;
  /** Owner incref/decref pairs per object (Table 6's 3–36 operations per object). */
  readonly ks: readonly number[];
  readonly remoteFractions: readonly number[];
  /**
   * "D long": dummy work units per object, long enough that the releaser finishes inside the
   * dummy computation (the paper's setting; `releaserInsideDummy` says whether it did). Every k
   * is also run with D = 0, the releases on the critical path.
   */
  readonly dummy: number;
  /** Rounds: passes timed per cell. */
  readonly rounds: number;
}

/** Everything that defines a suite. Stored in the journal so `--resume` re-makes the same plan. */
export interface SuiteOptions {
  /** `quick`, `full`, or `custom` (a preset changed by explicit options). */
  readonly suite: 'quick' | 'full' | 'custom';
  /** Strategy references as given: built-in names or paths to modules. */
  readonly strategies: readonly string[];
  /** Workload references as given: built-in names or paths to modules. */
  readonly workloads: readonly string[];
  /** Thread counts of the scaling group. */
  readonly threads: readonly number[];
  /** Rounds of the interleaved schedule, each one slice of every cell of a comparison (throughput groups). */
  readonly rounds: number;
  /** Length of one slice (ms) in the overhead group; the other groups derive theirs from it. */
  readonly sliceMs: number;
  /** Warm-up: each cell runs slices until its throughput is steady, at least this long (ms)… */
  readonly warmupMinMs: number;
  /** …and at most this long (ms). */
  readonly warmupMaxMs: number;
  /** Measured window of each cell's counting pass (ms): its counters are exact, its time is not used. */
  readonly countMs: number;
  /** The GIL's switch interval outside the switch-interval sweep (ms). */
  readonly switchIntervalMs: number;
  /** Interpreter checkpoint placement outside the atomicity group (`every` or `backedges`). */
  readonly checkpoints: 'every' | 'backedges';
  readonly heapMB: number;
  readonly seed: number;
  /** Workload parameters given with `--param KEY=VALUE`, passed to every run (and part of each cell's params). */
  readonly params?: Readonly<Record<string, string>>;
  /** Groups to run. */
  readonly groups: readonly GroupName[];
  /** Workloads of the scaling group (a subset of `workloads`; all of them when empty). */
  readonly scalingWorkloads: readonly string[];
  /** Remote fractions R of the BRC sweep. */
  readonly remoteFractions: readonly number[];
  /** The grid of the `brc-paper` group (the BRC paper's §7.5 experiment); its preset's when absent. */
  readonly brcPaper?: BrcPaperOptions;
  /** Switch intervals of the GIL sweep (ms). */
  readonly switchIntervals: readonly number[];
  /** Length of one convoy slice (ms): long enough for a few dozen I/O waits. */
  readonly convoySliceMs: number;
  /** Rounds of the convoy group. */
  readonly convoyRounds: number;
  /** Rounds of the atomicity group (a correctness check: a few slices are enough). */
  readonly atomicityRounds: number;
  /** Abort a run with no progress for this long (ms). */
  readonly stallTimeoutMs: number;
  /** Interpreters of the `cpython` group as given with `--python` (none: `python3`). */
  readonly pythons?: readonly string[];
}

/** One cell to measure. */
export interface CellSpec {
  /** `group/strategy/workload/threads[/param=value…]` — unique within a suite. */
  readonly id: string;
  readonly group: GroupName;
  /** Display name (the factory's `name`). */
  readonly strategy: string;
  /** What `run()` is given: a built-in name or a path. */
  readonly strategyRef: string;
  readonly workload: string;
  readonly workloadRef: string;
  readonly threads: number;
  readonly oversubscribed: boolean;
  /** Parameters that define the cell (recorded in the results). */
  readonly params: Readonly<Record<string, number | string | boolean>>;
  /** Parameters passed to the workload (cell params plus suite-wide ones such as `checkpoints`). */
  readonly runParams: WorkloadParams;
  readonly strategyOptions: StrategyOptions;
  /** Also report the time of one operation from the slices (micro workloads, one thread). */
  readonly micro: boolean;
  /** Keep the lock-event timeline of its measured window. */
  readonly timeline: boolean;
  /** A throughput cell: a slice with no operation is an error (not for correctness-only groups). */
  readonly throughput: boolean;
  /** Added only as the `unsafe` baseline of ratios, not because the user selected it. */
  readonly baseline: boolean;
  /** A cell on a real Python (the `cpython` group): run by `rclab_driver.py`, not by a strategy. */
  readonly python?: { readonly path: string; readonly scenario: string };
}

/** Cells compared with each other: interleaved slice by slice, round r in rotated order. */
export interface Block {
  readonly id: string;
  readonly group: GroupName;
  /** Human label for progress lines. */
  readonly label: string;
  readonly cells: readonly CellSpec[];
  /** Rounds (slices per cell) and the slice length (ms). */
  readonly rounds: number;
  readonly sliceMs: number;
  /** Cell id → the part that cell plays in its experiment (see `BlockDraft.roles`). */
  readonly roles?: Readonly<Record<string, string>>;
  /**
   * A fixed-work block (its experiment's `run.measure` is `fixed-work`): each round runs every
   * cell for exactly one operation per thread (one complete unit of work, e.g. a `brc-paper`
   * pass) instead of a slice of `sliceMs`, which is then only the planner's estimate of one
   * unit. The round's sample is the unit's wall time.
   */
  readonly fixedWork?: boolean;
}

/** A planned suite. */
export interface Plan {
  readonly options: SuiteOptions;
  readonly blocks: readonly Block[];
  readonly cores: number;
  /** Things the planner left out or added, each one line (printed before the run). */
  readonly notes: readonly string[];
  /** Display names of the strategies and workloads the plan uses. */
  readonly strategyNames: readonly string[];
  readonly workloadNames: readonly string[];
  /** Display name of the baseline of every `baselineRatio` (the catalog's `unsafe`-family strategy), if any. */
  readonly baseline?: string;
  /** Family of every strategy the plan uses, by display name. */
  readonly families: Readonly<Record<string, string>>;
  /** Every strategy and workload the plan's cells use, as their factories describe themselves (the results' `catalog`). */
  readonly catalog: { readonly strategies: readonly StrategyEntry[]; readonly workloads: readonly WorkloadEntry[] };
  /** Real systems the plan runs beside the model (the `cpython` group's interpreters). */
  readonly systems?: readonly SystemRecord[];
  /** Groups asked for that cannot run, each with its one-line reason. */
  readonly skipped?: readonly SkippedGroup[];
}
