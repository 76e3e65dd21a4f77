import type { StrategyReport } from '../strategy/types.ts';
import type { CellOptions } from './cell-types.ts';

/**
 * What a worker is started with (`workerData`): the cell's options it needs, defaults filled in
 * (documented once, in `CellOptions`), plus the shared memory and the modules' URLs. Plain data
 * only: it crosses a thread.
 */
export interface WorkerInit extends Required<Pick<CellOptions, 'threads' | 'strategyOptions' | 'counting' | 'params' | 'seed' | 'batchTargetMs'>> {
  readonly tag: 'rclab-worker';
  readonly buffer: SharedArrayBuffer;
  /** Per-thread slice figures, `SLICE_STRIDE` float64 words per thread (see `slice-words.ts`). */
  readonly sliceBuffer: SharedArrayBuffer;
  readonly threadIndex: number;
  readonly strategyUrl: string;
  readonly workloadUrl: string;
  /** What the workload's `setup` returned on the main thread. */
  readonly setupData: unknown;
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
