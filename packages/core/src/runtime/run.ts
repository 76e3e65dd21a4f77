import { Worker } from 'node:worker_threads';
import { RunError } from '../errors.ts';
import { auditHeap, countMortalLive, type RefcountMismatch } from '../heap/audit.ts';
import { createHeapBuffer, DEFAULT_HEAP_MB } from '../heap/createHeap.ts';
import { Heap } from '../heap/heap.ts';
import {
  CTRL_CORRUPTIONS,
  CTRL_DOUBLE_FREES,
  CTRL_PROGRESS_BASE,
  CTRL_START,
  CTRL_STOP,
  CTRL_USE_AFTER_FREE,
  PROGRESS_BEAT,
  PROGRESS_OPS_HI,
  PROGRESS_OPS_LO,
  PROGRESS_STATE,
  PROGRESS_STRIDE,
  ThreadState,
  type ThreadStateName,
} from '../heap/layout.ts';
import { loadStrategyFactory, loadWorkloadFactory } from '../modules/load.ts';
import { workerBundle } from '../modules/bundle.ts';
import { type Catalog, displayPath, resolveModuleRef } from '../modules/resolve.ts';
import { strategyInstanceProblem } from '../strategy/define.ts';
import type { StrategyOptions, TimelineEvent } from '../strategy/types.ts';
import { assertWorkloadParams } from '../workload/params.ts';
import type { WorkloadCheck, WorkloadParams } from '../workload/types.ts';
import type { WorkerInit, WorkerMessage } from './messages.ts';

/** Options of one run. */
export interface RunOptions {
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
  /** Run for this long (ms). Ignored when `opsPerThread` is set. @defaultValue 1000 */
  readonly durationMs?: number;
  /** Run exactly this many operations per thread instead of a duration. */
  readonly opsPerThread?: number;
  /**
   * Run the workload this long (ms) on every thread before the measured window opens, so the
   * JIT has compiled the hot path before anything is timed. Warm-up operations count for the
   * workload's own checks (`verify` gets every operation) but not for `ops`, `opsPerThread`,
   * `elapsedMs` or `opsPerSec`. A timed run (no `opsPerThread`) warms up for at least the
   * workload's own `warmupMs`. @defaultValue 0
   */
  readonly warmupMs?: number;
  /** Heap size in MiB. @defaultValue 256 */
  readonly heapMB?: number;
  /** Options for the strategy (e.g. `switchIntervalMs`). */
  readonly strategyOptions?: StrategyOptions;
  /** Parameters for the workload. */
  readonly params?: WorkloadParams;
  /** Seed for the workload's randomness. @defaultValue 1 */
  readonly seed?: number;
  /** Abort with a diagnostic when no thread finishes a batch for this long (ms). @defaultValue 10000 */
  readonly stallTimeoutMs?: number;
  /** Target duration of one batch between stop-flag checks (ms). @defaultValue 1 */
  readonly batchTargetMs?: number;
  /** Aborts the run (workers are terminated). */
  readonly signal?: AbortSignal;
}

/** What a run found about correctness. Every number is 0 for a correct strategy. */
export interface Correctness {
  /** Updates the workload expected but did not find (its own check). */
  readonly lostUpdates: number;
  /** Mortal objects still alive after every root was released. */
  readonly leaks: number;
  /** Frees of an object that was already free. */
  readonly doubleFrees: number;
  /** Reads of freed objects during the run plus references to freed slots at the audit. */
  readonly useAfterFree: number;
  /** Objects whose count differed from the references to them at the audit. */
  readonly auditMismatches: number;
  /** Corrupted free lists found by the allocator. */
  readonly corruptions: number;
  /** The first mismatching objects. */
  readonly mismatches: readonly RefcountMismatch[];
  /** The workload's checked values. */
  readonly checks: readonly WorkloadCheck[];
  /** True when every count above is 0. */
  readonly ok: boolean;
}

/** Result of one run. */
export interface RunResult {
  readonly strategy: string;
  readonly workload: string;
  readonly threads: number;
  /** Operations done by each worker in the measured window (index 0 = thread 1). */
  readonly opsPerThread: readonly number[];
  /** Operations done during the warm-up (`warmupMs`), all threads together; 0 without one. */
  readonly warmupOps: number;
  /** Total operations. */
  readonly ops: number;
  /** From the first thread passing the start barrier to the last one stopping (ms). */
  readonly elapsedMs: number;
  /** ops / elapsed seconds. */
  readonly opsPerSec: number;
  /** The strategy's counters, summed over the worker threads. */
  readonly counters: Readonly<Record<string, number>>;
  /** The strategy's counters per worker thread. */
  readonly threadCounters: readonly Readonly<Record<string, number>>[];
  /** Lock events of all threads in time order (if the strategy records them). */
  readonly timeline: readonly TimelineEvent[];
  readonly correctness: Correctness;
  /** Heap figures: pages used, objects left, heap size. */
  readonly heap: { readonly pagesUsed: number; readonly heapMB: number; readonly liveAtAudit: number };
}

/**
 * Runs a workload under a strategy on `threads` real worker threads over one shared heap, then
 * checks the heap: the workload's own verdict, the reference audit, double frees, use after
 * free, and leaks once every root is released.
 *
 * The main thread is thread index 0: it builds the workload's shared objects under the
 * strategy (holding the interpreter, as CPython's main thread does), steps aside for the run
 * (`beginBlocking`, as a thread blocked in `join` does), and takes the interpreter back to
 * audit and release.
 *
 * @throws RunError when a worker throws (naming the thread, strategy and workload) or the
 *   run stops making progress for `stallTimeoutMs` (a deadlocked strategy); every worker is
 *   terminated first.
 * @throws UsageError for an unknown strategy or workload name, or a parameter value the
 *   workload's declaration does not allow.
 */
export async function run(options: RunOptions): Promise<RunResult> {
  const threads = options.threads;
  if (!Number.isInteger(threads) || threads < 1 || threads > 250) {
    throw new RangeError(`threads must be an integer 1..250, got ${threads}`);
  }
  const strategyUrl = resolveModuleRef(options.strategy, options.strategies ?? {}, 'strategy');
  const workloadUrl = resolveModuleRef(options.workload, options.workloads ?? {}, 'workload');
  const [strategyFactory, workloadFactory] = await Promise.all([
    loadStrategyFactory(strategyUrl, isBuiltin(options.strategies, options.strategy)),
    loadWorkloadFactory(workloadUrl, isBuiltin(options.workloads, options.workload)),
  ]);
  const strategyOptions = options.strategyOptions ?? {};
  const params = options.params ?? {};
  // A declared parameter with a bad value fails here, in one line, before any thread starts.
  assertWorkloadParams(workloadFactory, params);
  const seed = options.seed ?? 1;
  const heapMB = options.heapMB ?? DEFAULT_HEAP_MB;
  // A user's module is named by its file too, so an error inside a worker points at it.
  const strategyLabel = isBuiltin(options.strategies, options.strategy) ? `'${strategyFactory.name}'` : `'${strategyFactory.name}' (${displayPath(strategyUrl)})`;
  const workloadLabel = isBuiltin(options.workloads, options.workload) ? `'${workloadFactory.name}'` : `'${workloadFactory.name}' (${displayPath(workloadUrl)})`;
  const label = `strategy ${strategyLabel}, workload ${workloadLabel}, ${threads} thread${threads === 1 ? '' : 's'}`;

  const buffer = createHeapBuffer({
    heapMB,
    threads,
    headerWords: strategyFactory.headerWords,
    strategyWords: strategyFactory.sharedWords?.(threads) ?? 0,
    workloadWords: workloadFactory.sharedWords?.(threads, params) ?? 0,
  });
  const heap = new Heap(buffer, 0);
  strategyFactory.initShared?.(heap, threads, strategyOptions);
  const strategy = strategyFactory.create({ heap, threadIndex: 0, threads, options: strategyOptions, counting: true });
  const problem = strategyInstanceProblem(strategy);
  if (problem !== undefined) throw new RunError('setup-error', `strategy '${strategyFactory.name}': ${problem}`);
  heap.bind(strategy);

  strategy.attach();
  let setupData: unknown;
  try {
    setupData = workloadFactory.setup({ heap, strategy, threads, params, seed });
  } catch (error) {
    throw new RunError('setup-error', `setup of ${label} failed: ${errorMessage(error)}`, { cause: error });
  }
  strategy.beginBlocking();

  const workerFile = await workerBundle(strategyUrl, workloadUrl);
  const done = await runWorkers({
    workerFile,
    buffer,
    threads,
    label,
    strategyUrl,
    workloadUrl,
    strategyOptions,
    params,
    seed,
    setupData,
    opsPerThread: options.opsPerThread ?? 0,
    durationMs: options.opsPerThread !== undefined ? 0 : (options.durationMs ?? 1000),
    // A timed run is a measurement: give the workload at least the warm-up it says it needs.
    warmupMs: Math.max(0, options.warmupMs ?? 0, options.opsPerThread === undefined ? (workloadFactory.warmupMs ?? 0) : 0),
    stallTimeoutMs: options.stallTimeoutMs ?? 10_000,
    batchTargetMs: options.batchTargetMs ?? 1,
    signal: options.signal,
  });

  strategy.endBlocking();
  strategy.checkpoint();
  const opsPerThread = done.map((d) => d.ops);
  const warmupOps = done.reduce((a, d) => a + d.warmupOps, 0);
  const verdict = workloadFactory.verify?.({ heap, strategy, threads, params, seed }, setupData, done.map((d) => d.ops + d.warmupOps));
  const audit = auditHeap(heap, strategy);
  heap.releaseRoots();
  strategy.checkpoint();
  const leaks = countMortalLive(heap, strategy);
  strategy.detach();
  // Read the heap's checker counters again: releasing the roots can free an object twice too.
  const final = checkerCounters(heap);

  const startedAt = Math.min(...done.map((d) => d.startedAt));
  const endedAt = Math.max(...done.map((d) => d.endedAt));
  const elapsedMs = Math.max(endedAt - startedAt, 1e-6);
  const ops = opsPerThread.reduce((a, b) => a + b, 0);
  const threadCounters = done.map((d) => d.report.counters);
  const counters: Record<string, number> = {};
  for (const c of threadCounters) for (const [k, v] of Object.entries(c)) counters[k] = (counters[k] ?? 0) + v;
  const timeline = done.flatMap((d) => d.report.timeline ?? []).sort((a, b) => a.t - b.t);

  const correctness = {
    lostUpdates: verdict?.lostUpdates ?? 0,
    leaks,
    doubleFrees: final.doubleFrees,
    useAfterFree: final.useAfterFree + audit.danglingRefs + audit.badRefs,
    auditMismatches: audit.auditMismatches,
    corruptions: final.corruptions,
    mismatches: audit.mismatches,
    checks: verdict?.checks ?? [],
  };
  const ok =
    correctness.lostUpdates === 0 &&
    leaks === 0 &&
    correctness.doubleFrees === 0 &&
    correctness.useAfterFree === 0 &&
    correctness.auditMismatches === 0 &&
    correctness.corruptions === 0;

  return {
    strategy: strategyFactory.name,
    workload: workloadFactory.name,
    threads,
    opsPerThread,
    warmupOps,
    ops,
    elapsedMs,
    opsPerSec: ops / (elapsedMs / 1000),
    counters,
    threadCounters,
    timeline,
    correctness: { ...correctness, ok },
    heap: { pagesUsed: heap.pagesUsed, heapMB, liveAtAudit: audit.liveObjects },
  };
}

/**
 * Source maps in workers only when debugging (`RCLAB_DEBUG=1`): Node's source-map support costs
 * about 30 ms per worker start, a quarter of a trial's fixed cost, and errors reach the user as
 * one line without a stack anyway.
 */
const WORKER_EXEC_ARGV: string[] = process.env.RCLAB_DEBUG === '1' ? ['--enable-source-maps'] : [];

interface WorkerPlan {
  readonly workerFile: string;
  readonly buffer: SharedArrayBuffer;
  readonly threads: number;
  readonly label: string;
  readonly strategyUrl: string;
  readonly workloadUrl: string;
  readonly strategyOptions: StrategyOptions;
  readonly params: WorkloadParams;
  readonly seed: number;
  readonly setupData: unknown;
  readonly opsPerThread: number;
  readonly durationMs: number;
  readonly warmupMs: number;
  readonly stallTimeoutMs: number;
  readonly batchTargetMs: number;
  readonly signal: AbortSignal | undefined;
}

type Done = Extract<WorkerMessage, { type: 'done' }>;

/** Starts the workers, releases them together, stops them, and collects what they report. */
function runWorkers(plan: WorkerPlan): Promise<Done[]> {
  const i32 = new Int32Array(plan.buffer);
  const workers: Worker[] = [];
  const results: (Done | undefined)[] = new Array(plan.threads).fill(undefined);
  let ready = 0;
  let finished = 0;
  let settled = false;
  const timers: NodeJS.Timeout[] = [];

  return new Promise<Done[]>((resolve, reject) => {
    const cleanup = (): void => {
      settled = true;
      for (const t of timers) clearTimeout(t);
      plan.signal?.removeEventListener('abort', onAbort);
    };
    const fail = (error: Error): void => {
      if (settled) return;
      cleanup();
      Atomics.store(i32, CTRL_STOP, 1);
      void Promise.all(workers.map((w) => w.terminate())).then(
        () => reject(error),
        () => reject(error),
      );
    };
    const onAbort = (): void => fail(new RunError('worker-error', `run of ${plan.label} was aborted`));
    if (plan.signal?.aborted) {
      reject(new RunError('worker-error', `run of ${plan.label} was aborted`));
      return;
    }
    plan.signal?.addEventListener('abort', onAbort);

    const start = (): void => {
      Atomics.store(i32, CTRL_START, 1);
      Atomics.notify(i32, CTRL_START);
      if (plan.durationMs > 0) timers.push(setTimeout(() => Atomics.store(i32, CTRL_STOP, 1), plan.warmupMs + plan.durationMs));
    };

    for (let t = 1; t <= plan.threads; t++) {
      const init: WorkerInit = {
        tag: 'rclab-worker',
        buffer: plan.buffer,
        threadIndex: t,
        threads: plan.threads,
        strategyUrl: plan.strategyUrl,
        workloadUrl: plan.workloadUrl,
        strategyOptions: plan.strategyOptions,
        params: plan.params,
        seed: plan.seed,
        setupData: plan.setupData,
        opsPerThread: plan.opsPerThread,
        warmupMs: plan.warmupMs,
        batchTargetMs: plan.batchTargetMs,
      };
      const worker = new Worker(plan.workerFile, { workerData: init, execArgv: WORKER_EXEC_ARGV });
      workers.push(worker);
      worker.on('message', (message: WorkerMessage) => {
        if (settled) return;
        if (message.type === 'ready') {
          if (++ready === plan.threads) start();
        } else if (message.type === 'done') {
          results[t - 1] = message;
          if (++finished === plan.threads) {
            cleanup();
            // Acquire every worker's final state store before the caller reads the heap.
            for (let k = 1; k <= plan.threads; k++) Atomics.load(i32, progressWord(i32, k, PROGRESS_STATE));
            void Promise.all(workers.map((w) => w.terminate())).then(() => resolve(results as Done[]));
          }
        } else {
          fail(
            new RunError(
              'worker-error',
              `thread ${t} of ${plan.label} failed while ${message.phase}: ${message.message}`,
              { cause: Object.assign(new Error(message.message), { stack: message.stack }) },
            ),
          );
        }
      });
      worker.on('error', (error) => fail(new RunError('worker-error', `thread ${t} of ${plan.label} crashed: ${error.message}`, { cause: error })));
      worker.on('exit', (code) => {
        if (!settled && results[t - 1] === undefined) {
          fail(new RunError('worker-error', `thread ${t} of ${plan.label} exited (code ${code}) before finishing`));
        }
      });
    }

    // Watchdog: any finished batch anywhere (or a thread reaching the barrier) is progress.
    let lastBeat = -1;
    let lastChange = performance.now();
    const poll = Math.min(250, Math.max(20, plan.stallTimeoutMs / 10));
    const watch = (): void => {
      if (settled) return;
      let beat = ready;
      for (let t = 1; t <= plan.threads; t++) beat += Atomics.load(i32, progressWord(i32, t, PROGRESS_BEAT));
      const now = performance.now();
      if (beat !== lastBeat) {
        lastBeat = beat;
        lastChange = now;
      } else if (now - lastChange > plan.stallTimeoutMs) {
        fail(new RunError('stalled', stallDiagnostic(i32, plan, now - lastChange)));
        return;
      }
      timers.push(setTimeout(watch, poll));
    };
    timers.push(setTimeout(watch, poll));
  });
}

function progressWord(i32: Int32Array, thread: number, field: number): number {
  return (i32[CTRL_PROGRESS_BASE] as number) + thread * PROGRESS_STRIDE + field;
}

const STATE_NAMES = Object.fromEntries(Object.entries(ThreadState).map(([k, v]) => [v, k])) as Record<number, ThreadStateName>;

function stallDiagnostic(i32: Int32Array, plan: WorkerPlan, idleMs: number): string {
  const threads: string[] = [];
  for (let t = 1; t <= plan.threads; t++) {
    const state = STATE_NAMES[Atomics.load(i32, progressWord(i32, t, PROGRESS_STATE))] ?? 'unknown';
    const ops =
      Atomics.load(i32, progressWord(i32, t, PROGRESS_OPS_HI)) * 2 ** 30 + Atomics.load(i32, progressWord(i32, t, PROGRESS_OPS_LO));
    threads.push(`thread ${t}: ${state}, ${ops} ops`);
  }
  return (
    `run of ${plan.label} made no progress for ${(idleMs / 1000).toFixed(1)} s and was stopped ` +
    `(a deadlocked strategy, or a workload step that never returns); ${threads.join('; ')}`
  );
}

function checkerCounters(heap: Heap): { doubleFrees: number; useAfterFree: number; corruptions: number } {
  return {
    doubleFrees: Atomics.load(heap.i32, CTRL_DOUBLE_FREES),
    useAfterFree: Atomics.load(heap.i32, CTRL_USE_AFTER_FREE),
    corruptions: Atomics.load(heap.i32, CTRL_CORRUPTIONS),
  };
}

function isBuiltin(catalog: Catalog | undefined, ref: string): boolean {
  return catalog?.[ref] !== undefined;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
