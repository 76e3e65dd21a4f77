/**
 * `run()`: one strategy on one workload, measured as one window — a live cell (`cell.ts`) with
 * a warm-up, one long slice (or a fixed number of operations per thread), and the checks. The
 * suite does not use it (it interleaves cells slice by slice); tests, the conformance kit and
 * API users do.
 */
import { type CellOptions, type CellOutcome, openCell } from './cell.ts';

export type { Correctness } from './cell.ts';

/** Options of one run. */
export interface RunOptions extends CellOptions {
  /** Run for this long (ms). Ignored when `opsPerThread` is set. @defaultValue 1000 */
  readonly durationMs?: number;
  /** Run exactly this many operations per thread instead of a duration. */
  readonly opsPerThread?: number;
  /**
   * Warm up at least this long (ms) before the measured window opens, so the JIT has compiled
   * the hot path before anything is timed; a timed run also warms up until its throughput is
   * steady (at least the workload's own `warmupMs`, at most 2 s). Warm-up operations count for
   * the workload's checks (`verify` gets every operation) but not for `ops`, `opsPerThread`,
   * `elapsedMs`, `opsPerSec` or the counters. @defaultValue 0
   */
  readonly warmupMs?: number;
  /**
   * Count with the strategy's counting variant (exact counters, see `StrategyContext.counting`).
   * @defaultValue true — `run()` reports counters; a timed comparison uses the suite.
   */
  readonly counting?: boolean;
}

/**
 * Result of one run: the closed cell's names, counters, timeline, measurements, checks and heap
 * figures (documented in `CellOutcome`), and the measured window's own figures.
 */
export interface RunResult extends Pick<CellOutcome, 'strategy' | 'workload' | 'threads' | 'counters' | 'threadCounters' | 'timeline' | 'measurements' | 'correctness' | 'heap'> {
  /** Operations done by each worker in the measured window (index 0 = thread 1). */
  readonly opsPerThread: readonly number[];
  /** Operations done during the warm-up, all threads together; 0 without one. */
  readonly warmupOps: number;
  /** Total operations in the measured window. */
  readonly ops: number;
  /** From the first thread starting the window to the last one stopping (ms). */
  readonly elapsedMs: number;
  /** ops / elapsed seconds. */
  readonly opsPerSec: number;
  /** Warm-up: how long, in how many slices, and whether the throughput settled. */
  readonly warmup: { readonly ms: number; readonly slices: number; readonly steady: boolean };
}

/** Longest warm-up of a timed run that never settles (ms). */
const MAX_WARMUP_MS = 2000;
/** Warm-up slice length (ms). */
const WARMUP_SLICE_MS = 5;

/**
 * Runs a workload under a strategy on `threads` real worker threads over one shared heap, then
 * checks the heap: the workload's own verdict, the reference audit, double frees, use after
 * free, and leaks once every root is released.
 *
 * @throws RunError when a worker throws (naming the thread, strategy and workload) or the run
 *   stops making progress for `stallTimeoutMs` (a deadlocked strategy); every worker is
 *   terminated first.
 * @throws UsageError for an unknown strategy or workload name, or a parameter value the
 *   workload's declaration does not allow.
 */
export async function run(options: RunOptions): Promise<RunResult> {
  const cell = await openCell({ ...options, counting: options.counting ?? true });
  try {
    const fixed = options.opsPerThread !== undefined;
    const minMs = Math.max(0, options.warmupMs ?? 0, fixed ? 0 : (cell.workloadFactory.warmupMs ?? 0));
    let warmup = { ms: 0, slices: 0, steady: true };
    if (minMs > 0 || !fixed) {
      warmup = await cell.warmup({ minMs, maxMs: Math.max(minMs, fixed ? minMs : MAX_WARMUP_MS), sliceMs: WARMUP_SLICE_MS });
    }
    // The window opens here, after the warm-up: the counters leave out the warm-up and the
    // runtime's own step aside (each worker waits for its first command in a blocking section).
    await cell.mark();
    let window = { ops: 0, elapsedMs: 0, opsPerThread: [] as readonly number[] };
    if (!fixed) {
      window = await cell.slice(options.durationMs ?? 1000);
    }
    const outcome = await cell.close(fixed ? Math.max(1, options.opsPerThread ?? 1) : 0);
    if (fixed) window = outcome.final;
    const warmupOps = outcome.totalOps - window.ops;
    return {
      strategy: outcome.strategy,
      workload: outcome.workload,
      threads: outcome.threads,
      opsPerThread: window.opsPerThread,
      warmupOps,
      ops: window.ops,
      elapsedMs: window.elapsedMs,
      opsPerSec: window.ops / (window.elapsedMs / 1000),
      warmup,
      counters: outcome.counters,
      threadCounters: outcome.threadCounters,
      timeline: outcome.timeline,
      measurements: outcome.measurements,
      correctness: outcome.correctness,
      heap: outcome.heap,
    };
  } catch (error) {
    await cell.kill();
    throw error;
  }
}
