/**
 * Worker side of the per-operation timing: one strategy and one workload (or a bare loop) per
 * worker, so every call site the timing goes through sees exactly one strategy class, as in a
 * benchmark run's worker. (Timing several strategies in one isolate would make the workload's
 * `strategy.incref(…)` call sites polymorphic, then megamorphic, and the later strategies would
 * be measured slower than they are.) `micro.ts` bundles this file with the two modules and
 * starts it.
 */
import { parentPort, workerData } from 'node:worker_threads';
import {
  assertStrategyFactory,
  assertWorkloadFactory,
  createHeapBuffer,
  Heap,
  type MicroTiming,
  type StrategyFactory,
  type StrategyOptions,
  type WorkloadFactory,
  type WorkloadParams,
} from '@rclab/core';
import { bareRcLoop } from './bare.ts';
import { timeBatches } from './time-batches.ts';

/** What the worker is started with. */
export interface MicroWorkerInit {
  readonly tag: 'rclab-micro';
  /** Time a bare loop instead of a strategy on a workload. */
  readonly bare?: 'plain' | 'atomic';
  readonly params: WorkloadParams;
  readonly strategyOptions: StrategyOptions;
  readonly seed: number;
  readonly heapMB: number;
  readonly timeMs: number;
  readonly batch: number;
}

/** What the worker answers. */
export type MicroWorkerMessage = { readonly type: 'done'; readonly micro: MicroTiming } | { readonly type: 'failed'; readonly message: string };

/** Times `workload` under `strategy` on one thread, as thread 1 of a one-thread run. */
export async function timeStrategy(sf: StrategyFactory, wf: WorkloadFactory, init: MicroWorkerInit): Promise<MicroTiming> {
  const { params, strategyOptions: so, seed } = init;
  const buffer = createHeapBuffer({
    heapMB: init.heapMB,
    threads: 1,
    headerWords: sf.headerWords,
    strategyWords: sf.sharedWords?.(1) ?? 0,
    workloadWords: wf.sharedWords?.(1, params) ?? 0,
  });
  // The set-up thread (0) builds the shared objects and steps aside, as in run().
  const heap0 = new Heap(buffer, 0);
  sf.initShared?.(heap0, 1, so);
  const main = sf.create({ heap: heap0, threadIndex: 0, threads: 1, options: so, counting: false });
  heap0.bind(main);
  main.attach();
  const data = wf.setup({ heap: heap0, strategy: main, threads: 1, params, seed });
  main.beginBlocking();
  const heap1 = new Heap(buffer, 1);
  const strategy = sf.create({ heap: heap1, threadIndex: 1, threads: 1, options: so, counting: false });
  heap1.bind(strategy);
  const body = wf.thread({ heap: heap1, strategy, threads: 1, threadIndex: 1, params, seed }, structuredClone(data));
  strategy.attach();
  try {
    return await timeBatches((n) => body.step(n), init.timeMs, init.batch);
  } finally {
    body.finish();
    strategy.detach();
    main.endBlocking();
    main.checkpoint();
    heap0.releaseRoots();
    main.checkpoint();
    main.detach();
  }
}

/** Called by the bundle with the strategy and workload modules (or nothing, for a bare loop). */
export function startMicroWorker(strategyModule?: Record<string, unknown>, workloadModule?: Record<string, unknown>): void {
  const init = workerData as MicroWorkerInit | undefined;
  if (init?.tag !== 'rclab-micro' || parentPort === null) return;
  const port = parentPort;
  const work = async (): Promise<MicroTiming> => {
    if (init.bare !== undefined) {
      const loop = bareRcLoop(64, 8, init.bare === 'atomic');
      const micro = await timeBatches((n) => loop.step(n), init.timeMs, init.batch);
      if (loop.sink() === -1) throw new Error('unreachable'); // keeps the loop's result alive
      return micro;
    }
    const sf = strategyModule?.default ?? strategyModule?.strategy;
    const wf = workloadModule?.default ?? workloadModule?.workload;
    assertStrategyFactory(sf, 'strategy');
    assertWorkloadFactory(wf, 'workload');
    return timeStrategy(sf, wf, init);
  };
  work().then(
    (micro) => port.postMessage({ type: 'done', micro } satisfies MicroWorkerMessage),
    (error: unknown) => port.postMessage({ type: 'failed', message: error instanceof Error ? error.message : String(error) } satisfies MicroWorkerMessage),
  );
}
