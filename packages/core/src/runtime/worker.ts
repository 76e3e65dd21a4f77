/**
 * Worker entry: one real thread of a run. `run()` bundles this file with the strategy and
 * workload modules (see `modules/bundle.ts`) and starts each worker from that bundle, which
 * calls `startWorker` with the two modules.
 *
 * The thread loads the strategy and workload modules by URL, creates its strategy instance,
 * waits at the start barrier with the others, then runs the workload in batches, checking the
 * stop flag and publishing progress between batches so the main thread's watchdog can tell a
 * slow run from a deadlocked one.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Heap } from '../heap/heap.ts';
import {
  CTRL_PROGRESS_BASE,
  CTRL_READY,
  CTRL_START,
  CTRL_STOP,
  PROGRESS_BEAT,
  PROGRESS_OPS_HI,
  PROGRESS_OPS_LO,
  PROGRESS_STATE,
  PROGRESS_STRIDE,
  ThreadState,
} from '../heap/layout.ts';
import { assertStrategyFactory } from '../strategy/define.ts';
import { assertWorkloadFactory } from '../workload/define.ts';
import { defaultExport, displayPath } from '../modules/resolve.ts';
import { strategyInstanceProblem } from '../strategy/define.ts';
import type { Strategy } from '../strategy/types.ts';
import type { WorkloadThread } from '../workload/types.ts';
import { wallMs } from './clock.ts';
import type { WorkerInit, WorkerMessage } from './messages.ts';

const OPS_SPLIT = 1 << 30;
const MAX_BUDGET = 1 << 20;

function post(message: WorkerMessage): void {
  (parentPort as NonNullable<typeof parentPort>).postMessage(message);
}

function main(init: WorkerInit, strategyModule: Record<string, unknown>, workloadModule: Record<string, unknown>): void {
  let phase = 'loading modules';
  try {
    const { buffer, threadIndex, threads } = init;
    const heap = new Heap(buffer, threadIndex);
    const i32 = heap.i32;
    const progress = (i32[CTRL_PROGRESS_BASE] as number) + threadIndex * PROGRESS_STRIDE;
    const strategyFactory = defaultExport(strategyModule, 'strategy');
    assertStrategyFactory(strategyFactory, displayPath(init.strategyUrl));
    const workloadFactory = defaultExport(workloadModule, 'workload');
    assertWorkloadFactory(workloadFactory, displayPath(init.workloadUrl));

    phase = 'creating the strategy';
    const strategy = strategyFactory.create({ heap, threadIndex, threads, options: init.strategyOptions, counting: true });
    const problem = strategyInstanceProblem(strategy);
    if (problem !== undefined) throw new TypeError(`strategy '${strategyFactory.name}': ${problem}`);
    heap.bind(strategy);

    phase = 'creating the workload thread';
    const body = workloadFactory.thread(
      { heap, strategy, threads, threadIndex, params: init.params, seed: init.seed },
      init.setupData,
    );

    Atomics.store(i32, progress + PROGRESS_STATE, ThreadState.ready);
    Atomics.add(i32, CTRL_READY, 1);
    post({ type: 'ready' });
    while (Atomics.load(i32, CTRL_START) === 0) Atomics.wait(i32, CTRL_START, 0, 1000);

    phase = 'running';
    Atomics.store(i32, progress + PROGRESS_STATE, ThreadState.running);
    let startedAt = wallMs();
    strategy.attach();
    let warmupOps = 0;
    if (init.warmupMs > 0) {
      // Warm-up: the same batches, reported apart; the measured window opens after it.
      warmupOps = runBatches(body, i32, progress, 0, init.batchTargetMs, performance.now() + init.warmupMs);
      startedAt = wallMs();
    }
    const ops = runBatches(body, i32, progress, init.opsPerThread, init.batchTargetMs);
    const endedAt = wallMs();

    phase = 'finishing';
    Atomics.store(i32, progress + PROGRESS_STATE, ThreadState.finishing);
    body.finish();
    strategy.detach();
    const report = (strategy as Strategy).report();
    // A seq-cst store: everything this thread wrote to the heap happens-before the main
    // thread's load of this word, which it does before it audits.
    Atomics.store(i32, progress + PROGRESS_STATE, ThreadState.done);
    post({ type: 'done', ops, warmupOps, startedAt, endedAt, report });
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    post({ type: 'failed', message: e.message, stack: e.stack ?? '', phase });
  }
}

/**
 * Runs the workload until the stop flag (or the operation target), in batches sized so that
 * one batch takes about `targetMs`: long enough that the checks cost nothing, short enough
 * that a stop request is seen at once. With a `deadline` (a `performance.now()` time) it also
 * stops there (the warm-up).
 */
function runBatches(body: WorkloadThread, i32: Int32Array, progress: number, limit: number, targetMs: number, deadline = Infinity): number {
  let ops = 0;
  let budget = 1;
  while (Atomics.load(i32, CTRL_STOP) === 0) {
    const want = limit > 0 ? Math.min(budget, limit - ops) : budget;
    if (want <= 0) break;
    const t0 = performance.now();
    if (t0 >= deadline) break;
    ops += body.step(want);
    const dt = performance.now() - t0;
    Atomics.store(i32, progress + PROGRESS_OPS_LO, ops % OPS_SPLIT);
    Atomics.store(i32, progress + PROGRESS_OPS_HI, Math.floor(ops / OPS_SPLIT));
    Atomics.add(i32, progress + PROGRESS_BEAT, 1);
    if (dt < targetMs / 2 && budget < MAX_BUDGET) budget *= 2;
    else if (dt > targetMs * 2 && budget > 1) budget = budget >>> 1;
  }
  return ops;
}

/** Called by the worker bundle with the strategy and workload modules it was built with. */
export function startWorker(strategyModule: Record<string, unknown>, workloadModule: Record<string, unknown>): void {
  const init = workerData as WorkerInit | undefined;
  if (init?.tag === 'rclab-worker' && parentPort !== null) main(init, strategyModule, workloadModule);
}
