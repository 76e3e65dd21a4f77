import type { StrategyOptions, StrategyReport } from '../strategy/types.ts';
import type { WorkloadParams } from '../workload/types.ts';

/** What a worker is started with (`workerData`). Plain data only: it crosses a thread. */
export interface WorkerInit {
  readonly tag: 'rclab-worker';
  readonly buffer: SharedArrayBuffer;
  readonly threadIndex: number;
  readonly threads: number;
  readonly strategyUrl: string;
  readonly workloadUrl: string;
  readonly strategyOptions: StrategyOptions;
  readonly params: WorkloadParams;
  readonly seed: number;
  readonly setupData: unknown;
  /** Stop after this many operations (0: run until the stop flag). */
  readonly opsPerThread: number;
  /** Run this long (ms) before the measured window; those operations are reported apart. */
  readonly warmupMs: number;
  /** Aim for batches of about this many milliseconds between stop-flag checks. */
  readonly batchTargetMs: number;
}

/** Messages from a worker to the main thread. */
export type WorkerMessage =
  | { readonly type: 'ready' }
  | {
      readonly type: 'done';
      /** Operations in the measured window. */
      readonly ops: number;
      /** Operations during the warm-up, before the measured window. */
      readonly warmupOps: number;
      /** Wall-clock ms (timeOrigin + now) when the thread's measured window opened. */
      readonly startedAt: number;
      /** Wall-clock ms when the thread stopped running the workload. */
      readonly endedAt: number;
      readonly report: StrategyReport;
    }
  | { readonly type: 'failed'; readonly message: string; readonly stack: string; readonly phase: string };
