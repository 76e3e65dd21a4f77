/**
 * The results file (`results.json`) that `rclab bench` writes and `rclab report` and
 * `rclab compare` read. Other tools read it too, so the names here are fixed for a schema
 * version; `results.schema.json` beside this file is the JSON Schema, validated on every read.
 *
 * Version history:
 * - `rclab/results@1` — first version: cells of a few separate trials each.
 * - `rclab/results@2` — cells measured in interleaved slices: per-slice samples, warm-up,
 *   the machine's steadiness, counters from a counting pass, measurements with units, and
 *   measured and failed cells as a discriminated union on `status`.
 */

/** The `schema` value of this version. */
export const RESULTS_SCHEMA = 'rclab/results@2';

/** A median with its 95% interval (distribution-free, from order statistics of the samples). */
export interface Interval {
  readonly median: number;
  readonly low: number;
  readonly high: number;
  /** Samples behind it (slices, or rounds for a paired ratio). */
  readonly n?: number;
}

/** The machine and the software that produced the results. */
export interface ResultsEnv {
  readonly node: string;
  readonly v8: string;
  readonly cpuModel: string;
  /** `os.availableParallelism()`: the cores a run can use. */
  readonly cores: number;
  readonly platform: string;
  readonly arch: string;
  readonly osRelease: string;
  readonly totalMemoryMB: number;
  /** ISO 8601 time the run started. */
  readonly date: string;
  readonly rclabVersion: string;
  /** The command line, as typed (arguments after `rclab`). */
  readonly commandLine: readonly string[];
  readonly seed: number;
}

/** How the run was configured. */
export interface ResultsConfig {
  /** `quick`, `full`, or `custom` (explicit options). */
  readonly suite: string;
  readonly strategies: readonly string[];
  readonly workloads: readonly string[];
  readonly threads: readonly number[];
  /** Rounds of the interleaved schedule: slices per cell (throughput groups). */
  readonly rounds: number;
  /** Length of one slice (ms) in the throughput groups. */
  readonly sliceMs: number;
  /** Warm-up bounds: each cell runs until its throughput is steady, at least `minMs`, at most `maxMs`. */
  readonly warmup: { readonly minMs: number; readonly maxMs: number };
  /** The parts of the suite that ran (cell groups). */
  readonly groups?: readonly string[];
  readonly switchIntervalMs: number;
  /** Interpreter checkpoint placement: `every` instruction or `backedges` (and calls). */
  readonly checkpoints: string;
  readonly heapMB: number;
  readonly seed: number;
}

/** What part of the suite a cell belongs to, so the report can pick cells per chart. */
export type CellGroup = 'overhead' | 'scaling' | 'brc-sweep' | 'switch-interval' | 'convoy' | 'atomicity' | 'harness' | 'cpython' | (string & {});

/** What the checks found on a cell's run (0 means clean). */
export interface CellCorrectness {
  readonly lostUpdates: number;
  readonly leaks: number;
  readonly doubleFrees: number;
  readonly useAfterFree: number;
  readonly auditMismatches: number;
  /** Corrupted free lists the allocator found. */
  readonly corruptions: number;
  /** True when every count above is 0 in the timed run and in the counting pass. */
  readonly ok: boolean;
  /** The workload's checked values (expected vs observed). */
  readonly checks?: readonly { readonly name: string; readonly expected: number; readonly observed: number }[];
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
  readonly samples: number;
}

/** What every cell has, measured or not. */
export interface CellBase {
  /** Unique within the file: `group/strategy/workload/threads[/param=value…]`. */
  readonly id: string;
  readonly group: CellGroup;
  readonly strategy: string;
  readonly workload: string;
  readonly threads: number;
  /** More threads than cores: the point measures time-slicing, not parallelism. */
  readonly oversubscribed: boolean;
  /** Parameters that define the cell beyond strategy/workload/threads (e.g. `remoteFraction`). */
  readonly params: Readonly<Record<string, number | string | boolean>>;
}

/** A cell that ran: its slices, their statistics, and what the checks found. */
export interface MeasuredCell extends CellBase {
  readonly status: 'measured';
  readonly error?: undefined;
  /** Its warm-up: time, slices, and whether the throughput settled before the bound. */
  readonly warmup: { readonly ms: number; readonly slices: number; readonly steady: boolean };
  /** Slice length (ms) and the number of slices (one per round). */
  readonly sliceMs: number;
  /** Per-slice figures in round order. */
  readonly samples: { readonly opsPerSec: readonly number[] };
  /**
   * Rounds per ratio window (default 1): in a block where one-thread cells rotated over the CPUs
   * beside multi-thread cells, a ratio compares means over a full turn of the rotation.
   */
  readonly ratioSpan?: number;
  readonly opsPerSec: Interval;
  /** Throughput over the same strategy on one thread (same group and params), paired by round. */
  readonly speedup?: Interval;
  /** Throughput over `unsafe` on one thread on the same workload, paired by round. */
  readonly relativeToUnsafe?: Interval;
  readonly micro?: MicroTiming;
  /** The strategy's counters over the measured window of the counting pass. */
  readonly counters: Readonly<Record<string, number>>;
  /** Counters divided by the counting pass's operations (exact: no warm-up in them). */
  readonly countersPerOp: Readonly<Record<string, number>>;
  /** The workload's own measurements, with units. */
  readonly measurements?: Readonly<Record<string, Measurement>>;
  readonly correctness: CellCorrectness;
}

/** A cell that could not be measured: a worker threw, the run stalled, a slice did no work. */
export interface FailedCell extends CellBase {
  readonly status: 'failed';
  /** One line: what went wrong. */
  readonly error: string;
}

/** One cell: a strategy on a workload at a thread count (and parameters). */
export type Cell = MeasuredCell | FailedCell;

/** How steady the machine was while the cells ran: a fixed kernel timed once per round. */
export interface Steadiness {
  /** Rounds timed. */
  readonly rounds: number;
  /** Median kernel time, ns per iteration. */
  readonly medianNs: number;
  /** (p90 − p10) / median of the kernel times. */
  readonly spread: number;
  /** True when the kernel times fall in two groups at least 10% apart (the VM changed speed). */
  readonly switched: boolean;
  /** True when the spread is under 10% and the machine did not switch speeds. */
  readonly steady: boolean;
  /** What to do about it when not steady (one line). */
  readonly advice?: string;
}

/** Lock events of one run, for the GIL timeline (the article's Diagram 2 from real data). */
export interface Timeline {
  readonly strategy: string;
  readonly workload: string;
  readonly threads: number;
  readonly params: Readonly<Record<string, number | string | boolean>>;
  /** Events with `t` in ms from the first event. */
  readonly events: readonly { readonly t: number; readonly thread: number; readonly kind: string }[];
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
