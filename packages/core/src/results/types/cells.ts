// The cells: a strategy on a workload at a thread count, measured or failed.
// Part of the results contract: `../types.ts` declares the whole file and re-exports this, and `pnpm schema` starts there.
import type { Correctness } from './correctness.ts';
import type { Count, Interval, NonNegative, PositiveInt, Scalar } from './values.ts';

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
