/**
 * Per-operation timing of a micro workload with tinybench, in this process on one thread: the
 * strategy and workload run on the main thread exactly as they do in a worker (main thread
 * sets up as thread 0 and steps aside with `beginBlocking`, the measured thread is thread 1),
 * and tinybench times batches of `batch` operations, warm-up first.
 *
 * Figures are per operation: each sample is one batch's time divided by its size, so p50/p99
 * are percentiles of batch means (a single 3 ns operation cannot be timed on its own).
 */
import {
  type Catalog,
  createHeapBuffer,
  Heap,
  loadStrategyFactory,
  loadWorkloadFactory,
  type MicroTiming,
  resolveModuleRef,
  type StrategyFactory,
  type StrategyOptions,
  type WorkloadFactory,
  type WorkloadParams,
} from '@rclab/core';
import { Bench } from 'tinybench';

const loadStrategy = loadStrategyFactory as (url: string, builtin?: boolean) => Promise<StrategyFactory>;
const loadWorkload = loadWorkloadFactory as (url: string, builtin?: boolean) => Promise<WorkloadFactory>;

/** What to time. */
export interface MicroOptions {
  readonly strategy: string;
  readonly workload: string;
  readonly strategies: Catalog;
  readonly workloads: Catalog;
  readonly params?: WorkloadParams;
  readonly strategyOptions?: StrategyOptions;
  readonly seed?: number;
  /** @defaultValue 16 */
  readonly heapMB?: number;
  /** tinybench time budget (ms). @defaultValue 200 */
  readonly timeMs?: number;
  /** Operations per timed sample. @defaultValue 1024 */
  readonly batch?: number;
}

/** Times a batch function with tinybench; figures per operation. */
export async function timeBatches(step: (budget: number) => number, timeMs: number, batch: number): Promise<MicroTiming> {
  let ops = 0;
  let calls = 0;
  const bench = new Bench({ time: timeMs, warmupTime: Math.max(20, Math.min(100, timeMs / 2)), iterations: 16, throws: true });
  bench.add('batch', () => {
    ops += step(batch);
    calls++;
  });
  await bench.run();
  const result = bench.tasks[0]?.result;
  if (result === undefined || (result.state !== 'completed' && result.state !== 'aborted-with-statistics')) {
    throw new Error(`tinybench did not complete (${result?.state ?? 'no result'})`);
  }
  const lat = result.latency;
  // If some batches did fewer operations than asked (a consumer that found nothing), scale by
  // the real mean; percentiles then assume full batches.
  const perOp = calls > 0 && ops > 0 ? (calls * batch) / ops : 1;
  const ns = (ms: number): number => (ms * 1e6 * perOp) / batch;
  return { meanNs: ns(lat.mean), p50Ns: ns(lat.p50), p99Ns: ns(lat.p99), rme: lat.rme, samples: lat.samplesCount };
}

/** Times one operation of `workload` under `strategy` on one thread, in this process. */
export async function microTiming(options: MicroOptions): Promise<MicroTiming> {
  const strategyUrl = resolveModuleRef(options.strategy, options.strategies, 'strategy');
  const workloadUrl = resolveModuleRef(options.workload, options.workloads, 'workload');
  const [sf, wf] = await Promise.all([
    loadStrategy(strategyUrl, options.strategies[options.strategy] !== undefined),
    loadWorkload(workloadUrl, options.workloads[options.workload] !== undefined),
  ]);
  const params = options.params ?? {};
  const so = options.strategyOptions ?? {};
  const seed = options.seed ?? 1;
  const buffer = createHeapBuffer({
    heapMB: options.heapMB ?? 16,
    threads: 1,
    headerWords: sf.headerWords,
    strategyWords: sf.sharedWords?.(1) ?? 0,
    workloadWords: wf.sharedWords?.(1, params) ?? 0,
  });
  const heap0 = new Heap(buffer, 0);
  sf.initShared?.(heap0, 1, so);
  const main = sf.create({ heap: heap0, threadIndex: 0, threads: 1, options: so });
  heap0.bind(main);
  main.attach();
  const data = wf.setup({ heap: heap0, strategy: main, threads: 1, params, seed });
  main.beginBlocking();
  const heap1 = new Heap(buffer, 1);
  const strategy = sf.create({ heap: heap1, threadIndex: 1, threads: 1, options: so });
  heap1.bind(strategy);
  const body = wf.thread({ heap: heap1, strategy, threads: 1, threadIndex: 1, params, seed }, structuredClone(data));
  strategy.attach();
  try {
    return await timeBatches((n) => body.step(n), options.timeMs ?? 200, options.batch ?? 1024);
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
