import type { StrategyOptions, StrategyReport } from '../strategy/types.ts';
import type { WorkloadParams } from '../workload/types.ts';

/** What a worker is started with (`workerData`). Plain data only: it crosses a thread. */
export interface WorkerInit {
  readonly tag: 'rclab-worker';
  readonly buffer: SharedArrayBuffer;
  /** Per-thread slice figures, `SLICE_STRIDE` float64 words per thread (see `slice-words.ts`). */
  readonly sliceBuffer: SharedArrayBuffer;
  readonly threadIndex: number;
  readonly threads: number;
  readonly strategyUrl: string;
  readonly workloadUrl: string;
  readonly strategyOptions: StrategyOptions;
  /** Create the counting variant of the strategy (a counting pass) instead of the timed one. */
  readonly counting: boolean;
  readonly params: WorkloadParams;
  readonly seed: number;
  readonly setupData: unknown;
  /** Aim for batches of about this many milliseconds between pause-flag checks. */
  readonly batchTargetMs: number;
}

/** Messages from a worker to the main thread. */
export type WorkerMessage =
  | { readonly type: 'ready' }
  | {
      readonly type: 'done';
      /** Operations of the closing run (`CTRL_FINAL_OPS`), 0 without one. */
      readonly finalOps: number;
      /** Wall-clock ms (timeOrigin + now) when the closing run started and ended. */
      readonly finalStartedAt: number;
      readonly finalEndedAt: number;
      /** Every operation the thread did, warm-up included (the workload's `verify` gets these). */
      readonly totalOps: number;
      /** The strategy's reports at each `mark` (the first opens the measured window, a second closes it). */
      readonly marks: readonly StrategyReport[];
      /** Wall-clock ms of each mark. */
      readonly markedAt: readonly number[];
      /** The strategy's report after `detach`. */
      readonly report: StrategyReport;
    }
  | { readonly type: 'failed'; readonly message: string; readonly stack: string; readonly phase: string };
