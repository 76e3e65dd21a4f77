/**
 * A cell whose workers are alive: it builds the heap and the workload's shared objects on the
 * main thread, starts the workers (`worker-pool.ts`), and gives them commands through the
 * heap's control words (`control-channel.ts`) — run a slice, mark the measured window, close —
 * then runs the checks (`cell-checks.ts`). See the module doc of `worker.ts` for the worker's
 * side of the protocol.
 */
import { RunError } from '../errors.ts';
import { createHeapBuffer, DEFAULT_HEAP_MB } from '../heap/createHeap.ts';
import { Heap } from '../heap/heap.ts';
import { CTRL_RUN, PROGRESS_STATE, ThreadState, WorkerCommand } from '../heap/layout.ts';
import type { ModuleLoader } from '../modules/loader.ts';
import { strategyInstanceProblem } from '../strategy/define.ts';
import type { Strategy, StrategyFactory } from '../strategy/types.ts';
import type { WorkloadFactory } from '../workload/types.ts';
import { checkRun, windowFigures } from './cell-checks.ts';
import { ControlChannel, turn } from './control-channel.ts';
import type { CellOptions, CellOutcome, SlicedCell, SliceResult, WarmupOptions, WarmupResult } from './cell-types.ts';
import { guardMainThread } from './main-watchdog.ts';
import { SLICE_STRIDE, sliceFigures } from './slice-words.ts';
import { isSteady } from './steady.ts';
import { type Done, WorkerPool } from './worker-pool.ts';

/** A fixed-work slice fails after this many stall timeouts even while its threads show progress. */
const FIXED_WORK_STALLS = 20;
/**
 * Least time a cell's workers may take to start before the start counts as stalled. A worker
 * shows no sign of life until it has compiled its bundle and built its thread, which on a busy
 * 2-core machine takes seconds; a short stall timeout (a test's, to catch a deadlock in a slice
 * quickly) must not fail the start.
 */
const START_STALL_MS = 20_000;

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A cell whose workers are alive. Use its methods one at a time (each waits for the workers). */
export class LiveCell implements SlicedCell {
  /** `strategy …, workload …, N threads`, for messages. */
  readonly label: string;
  readonly threads: number;
  readonly strategyFactory: StrategyFactory;
  readonly workloadFactory: WorkloadFactory;
  readonly #options: CellOptions;
  readonly #heapMB: number;
  readonly #stallMs: number;
  #heap: Heap | undefined;
  #main: Strategy | undefined;
  #setupData: unknown;
  #i32: Int32Array = new Int32Array(0);
  #slices: Float64Array = new Float64Array(0);
  #pool: WorkerPool | undefined;
  #channel: ControlChannel | undefined;
  #closed = false;
  /** The loader this cell made for itself (none was given): disposed when the cell ends. */
  readonly #ownLoader: ModuleLoader | undefined;
  readonly #onAbort = (): void => this.#pool?.fail(new RunError('worker-error', `run of ${this.label} was aborted`));

  constructor(options: CellOptions, strategyFactory: StrategyFactory, workloadFactory: WorkloadFactory, label: string, ownLoader?: ModuleLoader) {
    this.#options = options;
    this.#ownLoader = ownLoader;
    this.threads = options.threads;
    this.strategyFactory = strategyFactory;
    this.workloadFactory = workloadFactory;
    this.label = label;
    this.#heapMB = options.heapMB ?? DEFAULT_HEAP_MB;
    this.#stallMs = options.stallTimeoutMs ?? 10_000;
  }

  /** @internal Builds the heap, runs the workload's setup and starts the workers. */
  async start(strategyUrl: string, workloadUrl: string, workerFile: string): Promise<void> {
    const o = this.#options;
    const sf = this.strategyFactory;
    const wf = this.workloadFactory;
    const threads = this.threads;
    const strategyOptions = o.strategyOptions ?? {};
    const params = o.params ?? {};
    const seed = o.seed ?? 1;
    const buffer = createHeapBuffer({
      heapMB: this.#heapMB,
      threads,
      headerWords: sf.headerWords,
      strategyWords: sf.sharedWords?.(threads) ?? 0,
      workloadWords: wf.sharedWords?.(threads, params) ?? 0,
    });
    const heap = new Heap(buffer, 0);
    this.#heap = heap;
    this.#i32 = heap.i32;
    sf.initShared?.(heap, threads, strategyOptions);
    // The main thread's instance sets up and audits; it is never timed.
    const main = sf.create({ heap, threadIndex: 0, threads, options: strategyOptions, counting: false });
    const problem = strategyInstanceProblem(main);
    if (problem !== undefined) throw new RunError('setup-error', `strategy '${sf.name}': ${problem}`);
    heap.bind(main);
    this.#main = main;
    main.attach();
    try {
      this.#setupData = wf.setup({ heap, strategy: main, threads, params, seed });
    } catch (error) {
      throw new RunError('setup-error', `setup of ${this.label} failed: ${errorMessage(error)}`, { cause: error });
    }
    // Step aside while the workers run, as a thread blocked in `join` does.
    main.beginBlocking();
    Atomics.store(this.#i32, CTRL_RUN, 0);

    const sliceBuffer = new SharedArrayBuffer(Float64Array.BYTES_PER_ELEMENT * SLICE_STRIDE * threads);
    this.#slices = new Float64Array(sliceBuffer);
    if (o.signal?.aborted) throw new RunError('worker-error', `run of ${this.label} was aborted`);
    const pool = new WorkerPool(this.label, threads, this.#stallMs, this.#i32);
    this.#pool = pool;
    this.#channel = new ControlChannel(this.#i32, pool, threads, this.#stallMs, this.label);
    o.signal?.addEventListener('abort', this.#onAbort);
    pool.start(workerFile, (t) => ({
      tag: 'rclab-worker',
      buffer,
      sliceBuffer,
      threadIndex: t,
      threads,
      strategyUrl,
      workloadUrl,
      strategyOptions,
      counting: o.counting ?? false,
      params,
      seed,
      setupData: this.#setupData,
      batchTargetMs: o.batchTargetMs ?? 0.5,
    }));
    await this.#until(() => pool.ready === threads, 'starting', Math.max(this.#stallMs, START_STALL_MS));
  }

  /** Waits for `cond` (see `WorkerPool.until`); on a failure or a stall the cell is killed first. */
  async #until(cond: () => boolean, doing: string, stallMs?: number): Promise<void> {
    try {
      await (this.#pool as WorkerPool).until(cond, doing, stallMs);
    } catch (error) {
      await this.kill();
      throw error;
    }
  }

  /** Throws the pool's failure, if any, after killing the cell. */
  async #throwIfFailed(): Promise<void> {
    const failure = this.#pool?.failure;
    if (failure === undefined) return;
    await this.kill();
    throw failure;
  }

  /** Gives a command and waits for every worker to acknowledge it (the end of a slice). */
  async #command(command: number, runMs: number, sliceOps = 0, sliceTimeoutMs = Infinity): Promise<void> {
    this.#assertOpen();
    const pool = this.#pool as WorkerPool;
    const i32 = this.#i32;
    const channel = this.#channel as ControlChannel;
    channel.post(command, sliceOps);
    if (runMs > 0) await channel.runFor(runMs);
    if (sliceOps > 0) await channel.awaitFixedWork(sliceOps, sliceTimeoutMs);
    channel.spinForAcks();
    await this.#until(() => channel.acknowledged(), 'finishing a slice');
    await turn();
    await this.#throwIfFailed();
    for (let t = 1; t <= this.threads; t++) {
      if (Atomics.load(i32, pool.progressWord(t, PROGRESS_STATE)) === ThreadState.failed) {
        // Its message is on the way: wait for it, so the error says what happened.
        await this.#until(() => pool.failure !== undefined, 'reporting a failure');
      }
    }
  }

  /** Runs one slice of about `ms` milliseconds on every thread and returns what it did. */
  async slice(ms: number): Promise<SliceResult> {
    await this.#command(WorkerCommand.slice, Math.max(ms, 0.01));
    return sliceFigures(this.#slices, this.threads);
  }

  /**
   * Runs one fixed-work slice: every thread runs exactly `ops` more operations, without being
   * paused, and the slice lasts from the first thread starting to the last one finishing. For a
   * workload whose operation is a whole unit of work (`brc-paper`'s pass), that is the unit's
   * wall time. It fails after `timeoutMs` (default: 20 stall timeouts) even while its threads
   * show progress, for work that never completes.
   */
  async sliceOps(ops: number, timeoutMs: number = FIXED_WORK_STALLS * this.#stallMs): Promise<SliceResult> {
    if (!Number.isInteger(ops) || ops < 1) throw new RangeError(`sliceOps needs a whole number of operations of at least 1, got ${ops}`);
    await this.#command(WorkerCommand.slice, 0, ops, timeoutMs);
    Atomics.store(this.#i32, CTRL_RUN, 0);
    return sliceFigures(this.#slices, this.threads);
  }

  /** Runs slices of `sliceMs` until the throughput is steady (see `steady.ts`), within `minMs`..`maxMs`. */
  async warmup(options: WarmupOptions): Promise<WarmupResult> {
    const rates: number[] = [];
    let ms = 0;
    for (;;) {
      const s = await this.slice(options.sliceMs);
      ms += s.elapsedMs;
      rates.push(s.ops / s.elapsedMs);
      if (ms >= options.minMs && isSteady(rates)) return { ms, slices: rates.length, steady: true };
      if (ms >= options.maxMs) return { ms, slices: rates.length, steady: false };
    }
  }

  /**
   * Opens the measured window: counters and timeline events before this are left out. A second
   * mark closes it (the counters of a closing run, `finish` and `detach` are then left out too).
   */
  async mark(): Promise<void> {
    await this.#command(WorkerCommand.mark, 0);
  }

  /**
   * Closes the cell: every worker runs `finalOps` more operations if asked (each thread on its
   * own, without pausing, as a run to a fixed count does), finishes, detaches and reports; then
   * the main thread takes the interpreter back and runs every check on the whole run.
   */
  async close(finalOps = 0): Promise<CellOutcome> {
    this.#assertOpen();
    const pool = this.#pool as WorkerPool;
    const i32 = this.#i32;
    (this.#channel as ControlChannel).postClose(finalOps);
    await this.#until(() => pool.done.every((d) => d !== undefined), 'closing');
    const done = pool.done as Done[];
    // Acquire every worker's final state store before reading the heap.
    for (let t = 1; t <= this.threads; t++) Atomics.load(i32, pool.progressWord(t, PROGRESS_STATE));
    this.#closed = true;
    pool.stop();
    this.#options.signal?.removeEventListener('abort', this.#onAbort);
    const terminated = pool.terminate();

    const heap = this.#heap as Heap;
    const main = this.#main as Strategy;
    const o = this.#options;
    // Taking the interpreter back waits for whoever holds it: a strategy whose detach() kept its
    // lock would hang the main thread here, where nothing else can run — so it is watched.
    guardMainThread(
      this.#stallMs,
      `${this.label}: the main thread could not take the interpreter back after the run within ${(this.#stallMs / 1000).toFixed(1)} s (a strategy whose detach() keeps its lock?); stopped`,
      () => {
        main.endBlocking();
        main.checkpoint();
      },
    );
    const ctx = { heap, strategy: main, threads: this.threads, params: o.params ?? {}, seed: o.seed ?? 1 };
    const checked = checkRun(ctx, this.workloadFactory, this.#setupData, done);
    const window = windowFigures(done);
    await terminated;
    await this.#ownLoader?.dispose();
    return {
      strategy: this.strategyFactory.name,
      workload: this.workloadFactory.name,
      threads: this.threads,
      final: window.final,
      totalOps: window.totalOps,
      counters: window.counters,
      threadCounters: window.threadCounters,
      timeline: window.timeline,
      measurements: checked.measurements,
      correctness: checked.correctness,
      heap: { pagesUsed: heap.pagesUsed, heapMB: this.#heapMB, liveAtAudit: checked.liveAtAudit },
    };
  }

  async kill(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#pool?.stop();
    this.#options.signal?.removeEventListener('abort', this.#onAbort);
    Atomics.store(this.#i32, CTRL_RUN, 0);
    await this.#pool?.terminate().catch(() => undefined);
    await this.#ownLoader?.dispose();
  }

  #assertOpen(): void {
    if (this.#closed) throw new RunError('worker-error', `run of ${this.label} is closed`);
  }
}
