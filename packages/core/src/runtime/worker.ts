/**
 * Worker entry: one real thread of a cell. The runtime bundles this file with the strategy and
 * workload modules (see `modules/bundle.ts`) and starts each worker from that bundle, which
 * calls `startWorker` with the two modules.
 *
 * The thread lives as long as its cell. It creates its strategy instance and workload body
 * once, attaches, and then obeys the main thread's commands (`CTRL_CMD`, issued by bumping
 * `CTRL_GEN`):
 * - `slice`: wait until every thread of the cell is awake (`CTRL_AWAKE`), so all start
 *   together; take the interpreter back, run the workload in batches until `CTRL_RUN` drops to
 *   0 (or, for a fixed-work slice, until `CTRL_SLICE_OPS` operations are done), step aside
 *   again, and leave the slice's figures in the slice buffer;
 * - `mark`: snapshot the strategy's counters (the measured window opens);
 * - `close`: run `CTRL_FINAL_OPS` operations if asked, then finish, detach and report.
 *
 * Between commands the thread is **paused in a blocking section** (`beginBlocking`), exactly
 * like a Python thread in `time.sleep`: under a GIL it holds no lock, so a paused thread never
 * stalls a running one. It publishes a heartbeat after every batch, so the main thread's
 * watchdog can tell a slow slice from a deadlocked strategy.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Heap } from '../heap/heap.ts';
import {
  CTRL_ACKS,
  CTRL_AWAKE,
  CTRL_CMD,
  CTRL_FINAL_OPS,
  CTRL_GEN,
  CTRL_PROGRESS_BASE,
  CTRL_RUN,
  CTRL_SLICE_OPS,
  PROGRESS_BEAT,
  PROGRESS_OPS_HI,
  PROGRESS_OPS_LO,
  PROGRESS_STATE,
  PROGRESS_STRIDE,
  ThreadState,
  WorkerCommand,
} from '../heap/layout.ts';
import { defaultExport, displayPath } from '../modules/resolve.ts';
import { assertStrategyFactory, strategyInstanceProblem } from '../strategy/define.ts';
import type { StrategyReport } from '../strategy/types.ts';
import { assertWorkloadFactory } from '../workload/define.ts';
import type { WorkloadThread } from '../workload/types.ts';
import { wallMs } from './clock.ts';
import type { WorkerInit, WorkerMessage } from './messages.ts';
import { SLICE_END, SLICE_OPS, SLICE_START, sliceWord } from './slice-words.ts';

const OPS_SPLIT = 1 << 30;
const MAX_BUDGET = 1 << 20;

function post(message: WorkerMessage): void {
  (parentPort as NonNullable<typeof parentPort>).postMessage(message);
}

/** Batch sizing and the running operation count, kept across slices so each slice starts at speed. */
interface Batcher {
  readonly body: WorkloadThread;
  readonly i32: Int32Array;
  readonly progress: number;
  readonly targetMs: number;
  budget: number;
  total: number;
}

/**
 * Runs batches until `CTRL_RUN` is 0 (`limit` 0) or exactly `limit` operations are done. One
 * batch is sized to take about `targetMs`: long enough that the checks cost nothing, short
 * enough that a pause request is seen at once.
 */
function runBatches(b: Batcher, limit: number): number {
  const { body, i32, progress, targetMs } = b;
  let ops = 0;
  // A timed slice runs at least one batch on every thread, even one the OS kept off its core
  // until the pause request came: every slice then holds work from every thread.
  for (let first = true; ; first = false) {
    let want = b.budget;
    if (limit > 0) {
      want = Math.min(want, limit - ops);
      if (want <= 0) break;
    } else if (!first && Atomics.load(i32, CTRL_RUN) === 0) break;
    const t0 = performance.now();
    ops += body.step(want);
    const dt = performance.now() - t0;
    const total = b.total + ops;
    Atomics.store(i32, progress + PROGRESS_OPS_LO, total % OPS_SPLIT);
    Atomics.store(i32, progress + PROGRESS_OPS_HI, Math.floor(total / OPS_SPLIT));
    Atomics.add(i32, progress + PROGRESS_BEAT, 1);
    if (dt < targetMs / 2 && b.budget < MAX_BUDGET) b.budget *= 2;
    else if (dt > targetMs * 2 && b.budget > 1) b.budget = b.budget >>> 1;
  }
  b.total += ops;
  return ops;
}

function copyReport(r: StrategyReport): StrategyReport {
  return { counters: { ...r.counters }, ...(r.timeline !== undefined ? { timeline: [...r.timeline] } : {}) };
}

function main(init: WorkerInit, strategyModule: Record<string, unknown>, workloadModule: Record<string, unknown>): void {
  let phase = 'loading modules';
  let i32: Int32Array | undefined;
  let progress = 0;
  try {
    const { buffer, threadIndex, threads } = init;
    const heap = new Heap(buffer, threadIndex);
    i32 = heap.i32;
    progress = (i32[CTRL_PROGRESS_BASE] as number) + threadIndex * PROGRESS_STRIDE;
    const slices = new Float64Array(init.sliceBuffer);
    const strategyFactory = defaultExport(strategyModule, 'strategy');
    assertStrategyFactory(strategyFactory, displayPath(init.strategyUrl));
    const workloadFactory = defaultExport(workloadModule, 'workload');
    assertWorkloadFactory(workloadFactory, displayPath(init.workloadUrl));

    phase = 'creating the strategy';
    const strategy = strategyFactory.create({ heap, threadIndex, threads, options: init.strategyOptions, counting: init.counting });
    const problem = strategyInstanceProblem(strategy);
    if (problem !== undefined) throw new TypeError(`strategy '${strategyFactory.name}': ${problem}`);
    heap.bind(strategy);

    phase = 'creating the workload thread';
    const body = workloadFactory.thread({ heap, strategy, threads, threadIndex, params: init.params, seed: init.seed }, init.setupData);
    const batcher: Batcher = { body, i32, progress, targetMs: init.batchTargetMs, budget: 1, total: 0 };

    phase = 'attaching';
    strategy.attach();
    strategy.beginBlocking();
    Atomics.store(i32, progress + PROGRESS_STATE, ThreadState.paused);
    post({ type: 'ready' });

    let gen = 0;
    const marks: StrategyReport[] = [];
    const markedAt: number[] = [];
    for (;;) {
      while (Atomics.load(i32, CTRL_GEN) === gen) Atomics.wait(i32, CTRL_GEN, gen, 1000);
      gen = Atomics.load(i32, CTRL_GEN);
      const command = Atomics.load(i32, CTRL_CMD);
      if (command === WorkerCommand.close) break;
      if (command === WorkerCommand.mark) {
        phase = 'reporting';
        marks.push(copyReport(strategy.report()));
        markedAt.push(wallMs());
      } else {
        phase = 'running';
        Atomics.store(i32, progress + PROGRESS_STATE, ThreadState.running);
        // Start together: the last thread to wake releases the others.
        if (Atomics.add(i32, CTRL_AWAKE, 1) + 1 === threads) Atomics.notify(i32, CTRL_AWAKE);
        else for (let a = Atomics.load(i32, CTRL_AWAKE); a < threads; a = Atomics.load(i32, CTRL_AWAKE)) Atomics.wait(i32, CTRL_AWAKE, a, 100);
        const startedAt = wallMs();
        strategy.endBlocking();
        // A fixed-work slice runs exactly its operations; a timed one until told to stop.
        const ops = runBatches(batcher, Atomics.load(i32, CTRL_SLICE_OPS));
        const endedAt = wallMs();
        strategy.beginBlocking();
        slices[sliceWord(threadIndex, SLICE_START)] = startedAt;
        slices[sliceWord(threadIndex, SLICE_END)] = endedAt;
        slices[sliceWord(threadIndex, SLICE_OPS)] = ops;
        Atomics.store(i32, progress + PROGRESS_STATE, ThreadState.paused);
      }
      // Seq-cst: the slice figures above happen-before the main thread's read of the count.
      Atomics.add(i32, CTRL_ACKS, 1);
      Atomics.notify(i32, CTRL_ACKS);
    }

    phase = 'running';
    Atomics.store(i32, progress + PROGRESS_STATE, ThreadState.running);
    strategy.endBlocking();
    const finalOpsWanted = Atomics.load(i32, CTRL_FINAL_OPS);
    const finalStartedAt = wallMs();
    const finalOps = finalOpsWanted > 0 ? runBatches(batcher, finalOpsWanted) : 0;
    const finalEndedAt = wallMs();

    phase = 'finishing';
    Atomics.store(i32, progress + PROGRESS_STATE, ThreadState.finishing);
    body.finish();
    strategy.detach();
    const report = strategy.report();
    // A seq-cst store: everything this thread wrote to the heap happens-before the main
    // thread's load of this word, which it does before it audits.
    Atomics.store(i32, progress + PROGRESS_STATE, ThreadState.done);
    post({ type: 'done', finalOps, finalStartedAt, finalEndedAt, totalOps: batcher.total, marks, markedAt, report });
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    post({ type: 'failed', message: e.message, stack: e.stack ?? '', phase });
    if (i32 !== undefined) {
      Atomics.store(i32, progress + PROGRESS_STATE, ThreadState.failed);
      Atomics.add(i32, CTRL_ACKS, 1);
      Atomics.notify(i32, CTRL_ACKS);
    }
  }
}

/** Called by the worker bundle with the strategy and workload modules it was built with. */
export function startWorker(strategyModule: Record<string, unknown>, workloadModule: Record<string, unknown>): void {
  const init = workerData as WorkerInit | undefined;
  if (init?.tag === 'rclab-worker' && parentPort !== null) main(init, strategyModule, workloadModule);
}
