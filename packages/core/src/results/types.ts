/**
 * The results file (`results.json`) that `rclab bench` writes and `rclab report` and
 * `rclab compare` read. Other tools read it too, so the names here are fixed for a schema
 * version. These types are the one declaration of the file: `results.schema.json` beside this
 * file is generated from them (`pnpm schema`; a test fails when it drifts), and it is what every
 * read validates against. The JSDoc comments become the schema's descriptions, and the tags
 * `@minimum` / `@asType integer` its constraints.
 *
 * The file names no implementation: strategies, workloads, suite groups and the suite's own
 * knobs are strings here, and the facts about each strategy and workload (description, family,
 * counters with units, timeline event kinds, parameters) travel in the file's `catalog`, written
 * from the factories themselves.
 *
 * To add a field: add it here as optional (with a JSDoc line), run `pnpm schema`, commit both.
 * An optional field is not a version bump; renaming or removing one is.
 *
 * Version history:
 * - `rclab/results@1` — first version: cells of a few separate trials each.
 * - `rclab/results@2` — cells measured in interleaved slices: per-slice samples, warm-up,
 *   the machine's steadiness, counters from a counting pass, measurements with units, and
 *   measured and failed cells as a discriminated union on `status`.
 * - `rclab/results@3` — the `catalog`; `baselineRatio` (a ratio to a named baseline) instead of
 *   `baselineRatio`; the suite's own knobs in `config.suiteOptions`; one `Correctness` with
 *   `checks` and the audit's first `mismatches` always present.
 */
import type { ParamSpec } from '../workload/params.ts';

/** The `schema` value of this version. */
export const RESULTS_SCHEMA = 'rclab/results@3';

/** A parameter or option value: what a cell's `params` and the suite's knobs hold. */
export type Scalar = number | string | boolean;

/**
 * A whole number of things, 0 or more.
 * @asType integer
 * @minimum 0
 */
export type Count = number;

/**
 * A whole number, 1 or more (threads, rounds, cores).
 * @asType integer
 * @minimum 1
 */
export type PositiveInt = number;

/**
 * A rate, a duration or a size: 0 or more.
 * @minimum 0
 */
export type NonNegative = number;

/** A median with its 95% interval (distribution-free, from order statistics of the samples). */
export interface Interval {
  readonly median: number;
  readonly low: number;
  readonly high: number;
  /** Samples behind it (slices, or rounds for a paired ratio). */
  readonly n?: Count;
}

/** The machine and the software that produced the results. */
export interface ResultsEnv {
  readonly node: string;
  readonly v8: string;
  readonly cpuModel: string;
  /** `os.availableParallelism()`: the cores a run can use. */
  readonly cores: PositiveInt;
  readonly platform: string;
  readonly arch: string;
  readonly osRelease: string;
  readonly totalMemoryMB: NonNegative;
  /** ISO 8601 time the run started. */
  readonly date: string;
  readonly rclabVersion: string;
  /** The command line, as typed (arguments after `rclab`). */
  readonly commandLine: readonly string[];
  /** @asType integer */
  readonly seed: number;
}

/** How the run was configured. */
export interface ResultsConfig {
  /** The suite's preset: `quick`, `full`, or `custom` (explicit options). */
  readonly suite: string;
  /** The selected strategies (factory names), in the order they were given. */
  readonly strategies: readonly string[];
  readonly workloads: readonly string[];
  /** Thread counts of the scaling group. */
  readonly threads: readonly PositiveInt[];
  /** Rounds of the interleaved schedule: slices per cell (throughput groups). */
  readonly rounds: PositiveInt;
  /**
   * Length of one slice (ms) in the throughput groups.
   * @exclusiveMinimum 0
   */
  readonly sliceMs: number;
  /** Warm-up bounds: each cell runs until its throughput is steady, at least `minMs`, at most `maxMs`. */
  readonly warmup: { readonly minMs: NonNegative; readonly maxMs: NonNegative };
  /** The parts of the suite that ran (cell groups, named by the suite). */
  readonly groups?: readonly string[];
  /**
   * The strategy every cell's `baselineRatio` is taken against (the cost floor), when the run
   * had one.
   */
  readonly baseline?: string;
  /**
   * The suite's own knobs, by name, as the tool that wrote the file defines them (rclab's bench:
   * `switchIntervalMs` — the GIL's switch interval outside its sweep —, `checkpoints` — the
   * interpreter's checkpoint placement outside the atomicity group). Readers look a knob up by
   * name and treat a missing one as unknown.
   */
  readonly suiteOptions: Readonly<Record<string, Scalar>>;
  /** Heap per run (MB). */
  readonly heapMB: PositiveInt;
  /** @asType integer */
  readonly seed: number;
}

/** A value a workload checked: what a correct run gives and what this one gave. */
export interface Check {
  readonly name: string;
  readonly expected: number;
  readonly observed: number;
}

/** An object whose count differed from the references to it at the audit. */
export interface RefcountMismatch {
  readonly ref: number;
  /** The object's type tag. */
  readonly tag: number;
  /** References found: from live objects' reference slots and from roots. */
  readonly expected: number;
  /** What the strategy's `refcount` said. */
  readonly actual: number;
}

/**
 * What the checks found on a run: core's `run()` and a closed cell report it, and a results cell
 * carries it (summed over the timed run and the counting pass). Every count is 0 for a correct
 * strategy.
 */
export interface Correctness {
  /** Updates the workload expected but did not find (its own check). */
  readonly lostUpdates: Count;
  /** Mortal objects still alive after every root was released. */
  readonly leaks: Count;
  /** Frees of an object that was already free. */
  readonly doubleFrees: Count;
  /** Reads of freed objects during the run plus references to freed slots at the audit. */
  readonly useAfterFree: Count;
  /** Objects whose count differed from the references to them at the audit. */
  readonly auditMismatches: Count;
  /** Corrupted free lists the allocator found. */
  readonly corruptions: Count;
  /** True when every count above is 0. */
  readonly ok: boolean;
  /** The workload's checked values (expected vs observed); empty when it checks none. */
  readonly checks: readonly Check[];
  /** The first objects whose count was wrong at the audit (a few at most). */
  readonly mismatches: readonly RefcountMismatch[];
}

/** A measured value with its unit (a latency, a queue length, a busy time). */
export interface Measurement {
  readonly value: number;
  /** `ms`, `ns`, `count`, `objects`, `bytes`, `ratio`, … */
  readonly unit: string;
}

/** Per-operation time of a one-thread cell, from its slices (ns per operation in each slice). */
export interface MicroTiming {
  readonly meanNs: number;
  readonly p50Ns: number;
  readonly p99Ns: number;
  /** Relative margin of error, percent. */
  readonly rme: number;
  readonly samples: Count;
}

/** A throughput ratio to the run's baseline strategy (`config.baseline`), paired by round. */
export interface BaselineRatio extends Interval {
  /** The strategy divided by (the cost floor, e.g. `unsafe`). */
  readonly baseline: string;
}

/** What every cell has, measured or not. */
export interface CellBase {
  /** Unique within the file: `group/strategy/workload/threads[/param=value…]`. */
  readonly id: string;
  /** The part of the suite it belongs to (named by the suite), so the report can pick cells per chart. */
  readonly group: string;
  readonly strategy: string;
  readonly workload: string;
  readonly threads: PositiveInt;
  /** More threads than cores: the point measures time-slicing, not parallelism. */
  readonly oversubscribed: boolean;
  /** Parameters that define the cell beyond strategy/workload/threads (e.g. `remoteFraction`). */
  readonly params: Readonly<Record<string, Scalar>>;
}

/** Warm-up of one cell: time, slices, and whether the throughput settled before the bound. */
export interface CellWarmup {
  readonly ms: NonNegative;
  readonly slices: Count;
  readonly steady: boolean;
}

/** A cell that ran: its slices, their statistics, and what the checks found. */
export interface MeasuredCell extends CellBase {
  readonly status: 'measured';
  readonly error?: undefined;
  readonly warmup: CellWarmup;
  /**
   * Slice length (ms) of its block; for a fixed-work cell, its median slice.
   * @exclusiveMinimum 0
   */
  readonly sliceMs: number;
  /**
   * Per-slice figures in round order. A fixed-work cell (the `brc-paper` group) ran one complete
   * unit of work per slice (one operation per thread, unpaused): `timeMs` is each one's wall time.
   */
  readonly samples: {
    /**
     * Throughput of each slice (ops/s).
     * @minItems 1
     */
    readonly opsPerSec: readonly NonNegative[];
    /** Wall time of each slice (ms), fixed-work cells only. */
    readonly timeMs?: readonly NonNegative[];
  };
  /**
   * Rounds per ratio window (default 1): in a block where one-thread cells rotated over the CPUs
   * beside multi-thread cells, a ratio compares means over a full turn of the rotation.
   */
  readonly ratioSpan?: PositiveInt;
  readonly opsPerSec: Interval;
  /** Fixed-work cells: the wall time of one unit of work (ms), median and interval of `samples.timeMs`. */
  readonly timeMs?: Interval;
  /** Throughput over the same strategy on one thread (same group and params), paired by round. */
  readonly speedup?: Interval;
  /** Throughput over the baseline strategy on one thread on the same workload, paired by round. */
  readonly baselineRatio?: BaselineRatio;
  readonly micro?: MicroTiming;
  /** The strategy's counters over the measured window of the counting pass (units in the catalog). */
  readonly counters: Readonly<Record<string, number>>;
  /** Counters divided by the counting pass's operations (exact: no warm-up in them). */
  readonly countersPerOp: Readonly<Record<string, number>>;
  /** The workload's own measurements, with units. */
  readonly measurements?: Readonly<Record<string, Measurement>>;
  readonly correctness: Correctness;
}

/** A cell that could not be measured: a worker threw, the run stalled, a slice did no work. */
export interface FailedCell extends CellBase {
  readonly status: 'failed';
  /**
   * One line: what went wrong.
   * @minLength 1
   */
  readonly error: string;
}

/** One cell: a strategy on a workload at a thread count (and parameters). */
export type Cell = MeasuredCell | FailedCell;

/** How steady the machine was while the cells ran: a fixed kernel timed once per round. */
export interface Steadiness {
  /** Rounds timed. */
  readonly rounds: Count;
  /** Median kernel time, ns per iteration. */
  readonly medianNs: number;
  /** (p90 − p10) / median of the kernel times. */
  readonly spread: NonNegative;
  /** True when the kernel times fall in two groups at least 10% apart (the VM changed speed). */
  readonly switched: boolean;
  /** True when the spread is under 10% and the machine did not switch speeds. */
  readonly steady: boolean;
  /** What to do about it when not steady (one line). */
  readonly advice?: string;
}

/** One recorded lock event: `t` in ms from the first event of its timeline. */
export interface TimelineEntry {
  readonly t: number;
  /** @asType integer */
  readonly thread: number;
  /** One of the strategy's `timeline` kinds in the catalog. */
  readonly kind: string;
}

/** Lock events of one run, for the GIL timeline (the article's Diagram 2 from real data). */
export interface Timeline {
  readonly strategy: string;
  readonly workload: string;
  readonly threads: PositiveInt;
  readonly params: Readonly<Record<string, Scalar>>;
  readonly events: readonly TimelineEntry[];
}

/** The families of the built-in strategies; a user's strategy may name its own. */
export type StrategyFamily = 'gil' | 'biased' | 'atomic' | 'locked' | 'unsafe';

/** One counter a strategy reports, with its unit. */
export interface CounterSpec {
  /** The key in `counters` (e.g. `atomicOps`). */
  readonly name: string;
  /** `count`, `ms`, `ns`, `objects`, … */
  readonly unit: string;
  /** One line: what it counts. */
  readonly description?: string;
}

/**
 * What a timeline event does to its thread's hold on the interpreter: `acquire` starts holding,
 * `release` ends it, `forced-release` ends it because another thread asked (drawn as a mark
 * too), `block`/`unblock` bracket a blocking call with the lock released, `request` means the
 * thread has been waiting and asked the holder to drop, and `marker` is an instant drawn as a mark.
 */
export type TimelineRole = 'acquire' | 'release' | 'forced-release' | 'block' | 'unblock' | 'request' | 'marker';

/** One kind of event a strategy's timeline records. */
export interface TimelineKindSpec {
  /** The event's `kind` (e.g. `forced-drop`). */
  readonly kind: string;
  readonly role: TimelineRole;
  /** One line: what happened. */
  readonly description?: string;
}

/** A strategy as its factory describes itself. */
export interface StrategyEntry {
  readonly name: string;
  readonly description: string;
  /** Whether it claims exact counts under concurrency (the control does not). */
  readonly threadSafe: boolean;
  /** What kind of design it is: a built-in family or a user's own word. */
  readonly family: StrategyFamily | (string & Record<never, never>);
  /** The counters it reports, with units (a counter not listed is a plain count). */
  readonly counters: readonly CounterSpec[];
  /** The kinds of event its timeline records (empty when it records none). */
  readonly timeline: readonly TimelineKindSpec[];
}

/** A workload as its factory describes itself. */
export interface WorkloadEntry {
  readonly name: string;
  readonly description: string;
  /** What one operation is (what `opsPerSec` and every per-op figure count). */
  readonly op?: string;
  /** The parameters it reads, with kinds and defaults. */
  readonly params: readonly ParamSpec[];
}

/**
 * The strategies and workloads of the run, as their factories describe themselves, in display
 * order (the baseline first, then as selected).
 */
export interface ResultsCatalog {
  readonly strategies: readonly StrategyEntry[];
  readonly workloads: readonly WorkloadEntry[];
}

/**
 * A system measured beside the model: a real interpreter the `cpython` group ran its scenarios
 * on. Its cells carry `name` as their `strategy`, so every chart and table can show it as a
 * column of its own.
 */
export interface SystemRecord {
  /** The name its cells carry in `strategy` (e.g. `CPython 3.11.7`, `CPython 3.13.1t`). */
  readonly name: string;
  /** What kind of system: `python` (a real interpreter run by `rclab_driver.py`). */
  readonly kind: 'python';
  /** What was asked for (`python3`, `/usr/bin/python3.13t`). */
  readonly python: string;
  /** `sys.executable`. */
  readonly executable: string;
  /** `platform.python_version()`, e.g. `3.11.7`. */
  readonly version: string;
  /** `platform.python_implementation()`: `CPython`, `PyPy`, … */
  readonly implementation: string;
  /** `free-threaded` when `sysconfig.get_config_var('Py_GIL_DISABLED')` is set, else `gil`. */
  readonly build: 'gil' | 'free-threaded';
  /** `sys._is_gil_enabled()` where it exists (3.13+), else null. */
  readonly gilEnabled: boolean | null;
  /** `sys.getswitchinterval()` in ms, as the interpreter starts. */
  readonly switchIntervalMs: number;
  /** The model strategy its cells are compared with (`gil` for a GIL build, `biased` for a free-threaded one). */
  readonly model: string;
  readonly compiler?: string;
  readonly platform?: string;
  readonly machine?: string;
}

/** A group of the suite that was asked for but did not run, and why (one line). */
export interface SkippedGroup {
  readonly group: string;
  readonly reason: string;
}

/** The whole file. */
export interface ResultsFile {
  readonly schema: typeof RESULTS_SCHEMA;
  readonly env: ResultsEnv;
  readonly config: ResultsConfig;
  readonly catalog: ResultsCatalog;
  readonly cells: readonly Cell[];
  readonly timelines: readonly Timeline[];
  /** Figures about the harness itself (overhead of an empty workload, bare-loop costs). */
  readonly harness?: Readonly<Record<string, number>>;
  /** Findings the run computed (e.g. `brcBreakEven`), for the report's text. */
  readonly findings?: Readonly<Record<string, number | string | null>>;
  /** The calibration kernel over the whole run. */
  readonly steadiness?: Steadiness;
  /** Real systems measured beside the model (the `cpython` group's interpreters). */
  readonly systems?: readonly SystemRecord[];
  /** Groups asked for that did not run, each with its reason (e.g. no usable Python). */
  readonly skipped?: readonly SkippedGroup[];
}
