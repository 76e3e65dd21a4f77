/**
 * The results file (`results.json`) that `rclab bench` writes and `rclab report` and
 * `rclab compare` read. Other tools read it too, so the names here are fixed for a schema
 * version; `results.schema.json` beside this file is the JSON Schema, validated on every read.
 *
 * Version history: `rclab/results@1` — first version.
 */

/** The `schema` value of this version. */
export const RESULTS_SCHEMA = 'rclab/results@1';

/** A median with its 95% interval (distribution-free, from order statistics of the trials). */
export interface Interval {
  readonly median: number;
  readonly low: number;
  readonly high: number;
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
  readonly trials: number;
  readonly durationMs: number;
  /** Unmeasured warm-up before each trial's measured window (ms). */
  readonly warmupMs?: number;
  /** The parts of the suite that ran (cell groups). */
  readonly groups?: readonly string[];
  readonly switchIntervalMs: number;
  /** Interpreter checkpoint placement: `every` instruction or `backedges` (and calls). */
  readonly checkpoints: string;
  readonly heapMB: number;
  readonly seed: number;
}

/** What part of the suite a cell belongs to, so the report can pick cells per chart. */
export type CellGroup = 'overhead' | 'scaling' | 'brc-sweep' | 'switch-interval' | 'convoy' | 'atomicity' | 'harness' | (string & {});

/** One trial of a cell: what one `run()` measured. */
export interface Trial {
  readonly opsPerSec: number;
  readonly ops: number;
  readonly elapsedMs: number;
  readonly counters: Readonly<Record<string, number>>;
}

/** What the checks found, summed over a cell's trials (0 means clean). */
export interface CellCorrectness {
  readonly lostUpdates: number;
  readonly leaks: number;
  readonly doubleFrees: number;
  readonly useAfterFree: number;
  readonly auditMismatches: number;
  /** True when every count above is 0 in every trial. */
  readonly ok: boolean;
  /** The workload's checked values from the last trial (expected vs observed). */
  readonly checks?: readonly { readonly name: string; readonly expected: number; readonly observed: number }[];
}

/** Per-operation timing from tinybench (micro workloads, one thread). */
export interface MicroTiming {
  readonly meanNs: number;
  readonly p50Ns: number;
  readonly p99Ns: number;
  /** Relative margin of error, percent. */
  readonly rme: number;
  readonly samples: number;
}

/** One measured cell: a strategy on a workload at a thread count (and parameters). */
export interface Cell {
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
  /** The raw per-trial figures. */
  readonly trials: readonly Trial[];
  readonly opsPerSec: Interval;
  /** Throughput over the same strategy on one thread (same group and params). */
  readonly speedup?: Interval;
  /** Throughput over `unsafe` on one thread on the same workload. */
  readonly relativeToUnsafe?: Interval;
  readonly micro?: MicroTiming;
  /** The strategy's counters: median over trials of each counter. */
  readonly counters: Readonly<Record<string, number>>;
  /** Counters divided by operations (median trial). */
  readonly countersPerOp: Readonly<Record<string, number>>;
  readonly correctness: CellCorrectness;
  /** Set when the cell could not be measured (e.g. a strategy crashed); figures are then empty. */
  readonly error?: string;
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
}
