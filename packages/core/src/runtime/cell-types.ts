/** The shapes of a live cell: what it runs, what a slice and a warm-up measured, what it reports. */
import type { ModuleLoader } from '../modules/loader.ts';
import type { Catalog } from '../modules/resolve.ts';
import type { StrategyOptions, TimelineEvent } from '../strategy/types.ts';
import type { Correctness } from '../results/types.ts';
import type { WorkloadMeasurement, WorkloadParams } from '../workload/types.ts';

/** What a cell runs. */
export interface CellOptions {
  /** Built-in strategy name (looked up in `strategies`) or a path / `file:` URL to a module. */
  readonly strategy: string;
  /** Built-in workload name (looked up in `workloads`) or a path / `file:` URL to a module. */
  readonly workload: string;
  /** Worker threads (1..250). */
  readonly threads: number;
  /** Built-in strategies: name → module URL. @defaultValue `{}` */
  readonly strategies?: Catalog;
  /** Built-in workloads: name → module URL. @defaultValue `{}` */
  readonly workloads?: Catalog;
  /** Heap size in MiB. @defaultValue 256 */
  readonly heapMB?: number;
  /** Options for the strategy (e.g. `switchIntervalMs`). */
  readonly strategyOptions?: StrategyOptions;
  /** Parameters for the workload. */
  readonly params?: WorkloadParams;
  /** Seed for the workload's randomness. @defaultValue 1 */
  readonly seed?: number;
  /**
   * Create the strategy's counting variant (a counting pass: exact counters, not timed) instead
   * of the timed one. See `StrategyContext.counting`. @defaultValue false
   */
  readonly counting?: boolean;
  /** Fail with a diagnostic when no thread finishes a batch for this long (ms). @defaultValue 10000 */
  readonly stallTimeoutMs?: number;
  /** Target duration of one batch between pause-flag checks (ms). @defaultValue 0.5 */
  readonly batchTargetMs?: number;
  /** Aborts the cell (workers are terminated). */
  readonly signal?: AbortSignal;
  /**
   * The run's module loader: loads each module and builds each bundle once for every cell that
   * shares it (see `ModuleLoader`). Without one the cell makes its own and disposes it when it
   * closes.
   */
  readonly loader?: ModuleLoader;
}

/** What one slice measured. */
export interface SliceResult {
  /** Operations, all threads together. */
  readonly ops: number;
  /** From the first thread starting to the last one stepping aside (ms). */
  readonly elapsedMs: number;
  /** Operations per thread (index 0 = thread 1). */
  readonly opsPerThread: readonly number[];
}

/** How to warm up: slices of `sliceMs` until steady, at least `minMs`, at most `maxMs`. */
export interface WarmupOptions {
  readonly minMs: number;
  readonly maxMs: number;
  readonly sliceMs: number;
}

/** What a warm-up did. */
export interface WarmupResult {
  /** Time spent in warm-up slices (ms). */
  readonly ms: number;
  readonly slices: number;
  /** False when `maxMs` ran out before the throughput settled. */
  readonly steady: boolean;
}

/**
 * What the suite's interleaving needs from a cell: warm it up, run it for a slice, stop it.
 * A live cell of this runtime is one; so is a real CPython process that obeys the same commands.
 */
export interface SlicedCell {
  warmup(options: WarmupOptions): Promise<WarmupResult>;
  slice(ms: number): Promise<SliceResult>;
  /** Ends the cell at once (errors, Ctrl-C): its workers are terminated, nothing is checked. */
  kill(): Promise<void>;
}

/** What the checks found: one type from `run()` to the results cell. */
export type { Correctness } from '../results/types.ts';

/** What a closed cell reports. */
export interface CellOutcome {
  /** The factories' names. */
  readonly strategy: string;
  readonly workload: string;
  readonly threads: number;
  /** The closing run's figures (`close(finalOps)`): ops per thread, their sum and its time. */
  readonly final: SliceResult;
  /** Every operation of every thread, warm-up and slices included. */
  readonly totalOps: number;
  /** The strategy's counters in the measured window (first `mark()` to the second, or to the end), summed over workers. */
  readonly counters: Readonly<Record<string, number>>;
  /** The same per worker thread. */
  readonly threadCounters: readonly Readonly<Record<string, number>>[];
  /** Lock events of all threads in the measured window, in time order. */
  readonly timeline: readonly TimelineEvent[];
  /** The workload's own measurements of the run. */
  readonly measurements: readonly WorkloadMeasurement[];
  readonly correctness: Correctness;
  /** Heap figures: pages used, objects left, heap size. */
  readonly heap: { readonly pagesUsed: number; readonly heapMB: number; readonly liveAtAudit: number };
}
