/**
 * A live cell: one strategy on one workload at a thread count, with its workers started once
 * and kept alive, run in short slices on command, and checked when it closes.
 *
 * This is rclab's one runtime. `run()` is a cell with one long slice; the suite opens every cell
 * of a comparison, warms each one up until its throughput is steady, then interleaves their
 * slices round by round (the suite's runner) so that every cell sees the same machine; the
 * per-operation timing is a one-thread cell's slices. See the module doc of `worker.ts` for the
 * worker's side of the protocol.
 */
import { Worker } from 'node:worker_threads';
import { RunError } from '../errors.ts';
import { auditHeap, countMortalLive, type RefcountMismatch } from '../heap/audit.ts';
import { createHeapBuffer, DEFAULT_HEAP_MB } from '../heap/createHeap.ts';
import { Heap } from '../heap/heap.ts';
import {
  CTRL_ACKS,
  CTRL_AWAKE,
  CTRL_CMD,
  CTRL_CORRUPTIONS,
  CTRL_DOUBLE_FREES,
  CTRL_FINAL_OPS,
  CTRL_GEN,
  CTRL_PROGRESS_BASE,
  CTRL_RUN,
  CTRL_SLICE_OPS,
  CTRL_USE_AFTER_FREE,
  PROGRESS_BEAT,
  PROGRESS_OPS_HI,
  PROGRESS_OPS_LO,
  PROGRESS_STATE,
  PROGRESS_STRIDE,
  ThreadState,
  type ThreadStateName,
  WorkerCommand,
} from '../heap/layout.ts';
import { workerBundle } from '../modules/bundle.ts';
import { loadStrategyFactory, loadWorkloadFactory } from '../modules/load.ts';
import { type Catalog, displayPath, resolveModuleRef } from '../modules/resolve.ts';
import { strategyInstanceProblem } from '../strategy/define.ts';
import type { Strategy, StrategyFactory, StrategyOptions, StrategyReport, TimelineEvent } from '../strategy/types.ts';
import { assertWorkloadParams } from '../workload/params.ts';
import type { WorkloadCheck, WorkloadFactory, WorkloadMeasurement, WorkloadParams } from '../workload/types.ts';
import type { WorkerInit, WorkerMessage } from './messages.ts';
import { SLICE_END, SLICE_OPS, SLICE_START, SLICE_STRIDE, sliceWord } from './slice-words.ts';
import { guardMainThread } from './main-watchdog.ts';
import { isSteady } from './steady.ts';

/** What a cell runs. */
export interface CellOptions {
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
  /** Heap size in MiB. @defaultValue 256 */
  readonly heapMB?: number;
  /** Options for the strategy (e.g. `switchIntervalMs`). */
  readonly strategyOptions?: StrategyOptions;
  /** Parameters for the workload. */
  readonly params?: WorkloadParams;
  /** Seed for the workload's randomness. @defaultValue 1 */
  readonly seed?: number;
  /**
   * Create the strategy's counting variant (a counting pass: exact counters, not timed) instead
   * of the timed one. See `StrategyContext.counting`. @defaultValue false
   */
  readonly counting?: boolean;
  /** Fail with a diagnostic when no thread finishes a batch for this long (ms). @defaultValue 10000 */
  readonly stallTimeoutMs?: number;
  /** Target duration of one batch between pause-flag checks (ms). @defaultValue 0.5 */
  readonly batchTargetMs?: number;
  /** Aborts the cell (workers are terminated). */
  readonly signal?: AbortSignal;
}

/** What one slice measured. */
export interface SliceResult {
  /** Operations, all threads together. */
  readonly ops: number;
  /** From the first thread starting to the last one stepping aside (ms). */
  readonly elapsedMs: number;
  /** Operations per thread (index 0 = thread 1). */
  readonly opsPerThread: readonly number[];
}

/** How to warm up: slices of `sliceMs` until steady, at least `minMs`, at most `maxMs`. */
export interface WarmupOptions {
  readonly minMs: number;
  readonly maxMs: number;
  readonly sliceMs: number;
}

/** What a warm-up did. */
export interface WarmupResult {
  /** Time spent in warm-up slices (ms). */
  readonly ms: number;
  readonly slices: number;
  /** False when `maxMs` ran out before the throughput settled. */
  readonly steady: boolean;
}

/**
 * What the suite's interleaving needs from a cell: warm it up, run it for a slice, stop it.
 * A live cell of this runtime is one; so is a real CPython process that obeys the same commands.
 */
export interface SlicedCell {
  warmup(options: WarmupOptions): Promise<WarmupResult>;
  slice(ms: number): Promise<SliceResult>;
  /** Ends the cell at once (errors, Ctrl-C): its workers are terminated, nothing is checked. */
  kill(): Promise<void>;
}

/** What the checks found. Every number is 0 for a correct strategy. */
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

/** What a closed cell reports. */
export interface CellOutcome {
  /** The factories' names. */
  readonly strategy: string;
  readonly workload: string;
  readonly threads: number;
  /** The closing run's figures (`close(finalOps)`): ops per thread, their sum and its time. */
  readonly final: SliceResult;
  /** Every operation of every thread, warm-up and slices included. */
  readonly totalOps: number;
  /** The strategy's counters in the measured window (first `mark()` to the second, or to the end), summed over workers. */
  readonly counters: Readonly<Record<string, number>>;
  /** The same per worker thread. */
  readonly threadCounters: readonly Readonly<Record<string, number>>[];
  /** Lock events of all threads in the measured window, in time order. */
  readonly timeline: readonly TimelineEvent[];
  /** The workload's own measurements of the run. */
  readonly measurements: readonly WorkloadMeasurement[];
  readonly correctness: Correctness;
  /** Heap figures: pages used, objects left, heap size. */
  readonly heap: { readonly pagesUsed: number; readonly heapMB: number; readonly liveAtAudit: number };
}

/**
 * Source maps in workers only when debugging (`RCLAB_DEBUG=1`): Node's source-map support costs
 * about 30 ms per worker start, and errors reach the user as one line without a stack anyway.
 */
const WORKER_EXEC_ARGV: string[] = process.env.RCLAB_DEBUG === '1' ? ['--enable-source-maps'] : [];

/** A fixed-work slice fails after this many stall timeouts even while its threads show progress. */
const FIXED_WORK_STALLS = 20;

/** Longest the main thread sleeps in one piece while a slice runs before it lets its event loop turn. */
const SLEEP_CHUNK_MS = 20;

const STATE_NAMES = Object.fromEntries(Object.entries(ThreadState).map(([k, v]) => [v, k])) as Record<number, ThreadStateName>;

type Done = Extract<WorkerMessage, { type: 'done' }>;

/** Lets the event loop run (worker messages, signals, timers) and comes back. */
function turn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Opens a cell: builds the heap and the workload's shared objects on the main thread (thread 0,
 * holding the interpreter as CPython's main thread does), starts `threads` workers, and returns
 * once every worker has attached and paused.
 *
 * @throws UsageError for an unknown strategy or workload name.
 * @throws RunError when setup fails, a worker fails to start, or startup stalls.
 */
export async function openCell(options: CellOptions): Promise<LiveCell> {
  const threads = options.threads;
  if (!Number.isInteger(threads) || threads < 1 || threads > 250) {
    throw new RangeError(`threads must be an integer 1..250, got ${threads}`);
  }
  const strategyUrl = resolveModuleRef(options.strategy, options.strategies ?? {}, 'strategy');
  const workloadUrl = resolveModuleRef(options.workload, options.workloads ?? {}, 'workload');
  const builtinStrategy = options.strategies?.[options.strategy] !== undefined;
  const builtinWorkload = options.workloads?.[options.workload] !== undefined;
  const [strategyFactory, workloadFactory, workerFile] = await Promise.all([
    loadStrategyFactory(strategyUrl, builtinStrategy),
    loadWorkloadFactory(workloadUrl, builtinWorkload),
    workerBundle(strategyUrl, workloadUrl),
  ]);
  // A declared parameter with a bad value fails here, in one line, before any thread starts.
  assertWorkloadParams(workloadFactory, options.params ?? {});
  // A user's module is named by its file too, so an error inside a worker points at it.
  const strategyLabel = builtinStrategy ? `'${strategyFactory.name}'` : `'${strategyFactory.name}' (${displayPath(strategyUrl)})`;
  const workloadLabel = builtinWorkload ? `'${workloadFactory.name}'` : `'${workloadFactory.name}' (${displayPath(workloadUrl)})`;
  const label = `strategy ${strategyLabel}, workload ${workloadLabel}, ${threads} thread${threads === 1 ? '' : 's'}`;
  const cell = new LiveCell(options, strategyFactory, workloadFactory, label);
  await cell.start(strategyUrl, workloadUrl, workerFile);
  return cell;
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
  readonly #sleep = new Int32Array(new SharedArrayBuffer(4));
  readonly #workers: Worker[] = [];
  readonly #done: (Done | undefined)[];
  #ready = 0;
  #failure: RunError | undefined;
  #closed = false;
  #wake: (() => void) | undefined;
  readonly #onAbort = (): void => this.#fail(new RunError('worker-error', `run of ${this.label} was aborted`));

  constructor(options: CellOptions, strategyFactory: StrategyFactory, workloadFactory: WorkloadFactory, label: string) {
    this.#options = options;
    this.threads = options.threads;
    this.strategyFactory = strategyFactory;
    this.workloadFactory = workloadFactory;
    this.label = label;
    this.#heapMB = options.heapMB ?? DEFAULT_HEAP_MB;
    this.#stallMs = options.stallTimeoutMs ?? 10_000;
    this.#done = new Array<Done | undefined>(options.threads).fill(undefined);
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
    o.signal?.addEventListener('abort', this.#onAbort);
    for (let t = 1; t <= threads; t++) {
      const init: WorkerInit = {
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
      };
      const worker = new Worker(workerFile, { workerData: init, execArgv: WORKER_EXEC_ARGV });
      this.#workers.push(worker);
      worker.on('message', (message: WorkerMessage) => this.#onMessage(t, message));
      worker.on('error', (error) => this.#fail(new RunError('worker-error', `thread ${t} of ${this.label} crashed: ${error.message}`, { cause: error })));
      worker.on('exit', (code) => {
        if (!this.#closed && this.#done[t - 1] === undefined) {
          this.#fail(new RunError('worker-error', `thread ${t} of ${this.label} exited (code ${code}) before finishing`));
        }
      });
    }
    await this.#until(() => this.#ready === threads, 'starting');
  }

  #onMessage(t: number, message: WorkerMessage): void {
    if (message.type === 'ready') this.#ready++;
    else if (message.type === 'done') this.#done[t - 1] = message;
    else {
      this.#fail(
        new RunError('worker-error', `thread ${t} of ${this.label} failed while ${message.phase}: ${message.message}`, {
          cause: Object.assign(new Error(message.message), { stack: message.stack }),
        }),
      );
    }
    this.#wake?.();
  }

  #fail(error: RunError): void {
    if (this.#failure !== undefined || this.#closed) return;
    this.#failure = error;
    Atomics.store(this.#i32, CTRL_RUN, 0);
    this.#wake?.();
  }

  /** Waits (without blocking the event loop) until `cond` holds, a failure arrives, or progress stops. */
  async #until(cond: () => boolean, doing: string): Promise<void> {
    let lastBeat = -1;
    let lastChange = performance.now();
    const poll = Math.min(100, Math.max(10, this.#stallMs / 20));
    while (!cond()) {
      if (this.#failure !== undefined) throw await this.#abandon(this.#failure);
      const beat = this.#beats();
      const now = performance.now();
      if (beat !== lastBeat) {
        lastBeat = beat;
        lastChange = now;
      } else if (now - lastChange > this.#stallMs) {
        throw await this.#abandon(new RunError('stalled', this.#stallDiagnostic(now - lastChange, doing)));
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, poll);
        this.#wake = done;
        function done(): void {
          clearTimeout(timer);
          resolve();
        }
      });
      this.#wake = undefined;
    }
    if (this.#failure !== undefined) throw await this.#abandon(this.#failure);
  }

  /** Gives a command and waits for every worker to acknowledge it (the end of a slice). */
  async #command(command: number, runMs: number, sliceOps = 0, sliceTimeoutMs = Infinity): Promise<void> {
    this.#assertOpen();
    const i32 = this.#i32;
    Atomics.store(i32, CTRL_SLICE_OPS, sliceOps);
    Atomics.store(i32, CTRL_ACKS, 0);
    Atomics.store(i32, CTRL_AWAKE, 0);
    Atomics.store(i32, CTRL_CMD, command);
    if (command === WorkerCommand.slice) Atomics.store(i32, CTRL_RUN, 1);
    Atomics.add(i32, CTRL_GEN, 1);
    Atomics.notify(i32, CTRL_GEN);
    if (runMs > 0) {
      // The slice runs from the moment every worker is awake (see `CTRL_AWAKE`).
      const awakeBy = performance.now() + this.#stallMs;
      while (Atomics.load(i32, CTRL_AWAKE) < this.threads && this.#failure === undefined && performance.now() < awakeBy) {
        Atomics.wait(i32, CTRL_AWAKE, Atomics.load(i32, CTRL_AWAKE), 5);
        if (Atomics.load(i32, CTRL_AWAKE) < this.threads) await turn();
      }
      // Sleep on the main thread (no core is taken from the workers), in chunks short enough
      // that a long slice still lets the event loop see messages and Ctrl-C.
      const until = performance.now() + runMs;
      for (let left = runMs; left > 0; left = until - performance.now()) {
        Atomics.wait(this.#sleep, 0, 0, Math.min(left, SLEEP_CHUNK_MS));
        if (this.#failure !== undefined) break;
        if (until - performance.now() > 0) await turn();
      }
      Atomics.store(i32, CTRL_RUN, 0);
    }
    if (sliceOps > 0) {
      // A fixed-work slice lasts as long as its work: wait for it on the spot too (in chunks
      // that let the event loop turn), as long as the workers show progress; the watchdog
      // below takes over if they stop.
      let beat = this.#beats();
      let changed = performance.now();
      // Batches that never complete an operation still beat: bound the whole slice too.
      const giveUpAt = changed + sliceTimeoutMs;
      while (Atomics.load(i32, CTRL_ACKS) < this.threads && this.#failure === undefined && performance.now() - changed < this.#stallMs) {
        if (performance.now() > giveUpAt) {
          this.#fail(new RunError('stalled', `${this.label}: a fixed-work slice did not finish its ${sliceOps} operation${sliceOps === 1 ? '' : 's'} per thread within ${(sliceTimeoutMs / 1000).toFixed(1)} s; stopped`));
          break;
        }
        Atomics.wait(i32, CTRL_ACKS, Atomics.load(i32, CTRL_ACKS), SLEEP_CHUNK_MS);
        if (Atomics.load(i32, CTRL_ACKS) >= this.threads) break;
        await turn();
        const now = this.#beats();
        if (now !== beat) {
          beat = now;
          changed = performance.now();
        }
      }
    }
    // Most slices end within a batch: wait for the acknowledgements on the spot first.
    const spinUntil = performance.now() + 50;
    while (Atomics.load(i32, CTRL_ACKS) < this.threads && performance.now() < spinUntil && this.#failure === undefined) {
      Atomics.wait(i32, CTRL_ACKS, Atomics.load(i32, CTRL_ACKS), 5);
    }
    await this.#until(() => Atomics.load(i32, CTRL_ACKS) >= this.threads, 'finishing a slice');
    await turn();
    if (this.#failure !== undefined) throw await this.#abandon(this.#failure);
    for (let t = 1; t <= this.threads; t++) {
      if (Atomics.load(i32, this.#progressWord(t, PROGRESS_STATE)) === ThreadState.failed) {
        // Its message is on the way: wait for it, so the error says what happened.
        await this.#until(() => this.#failure !== undefined, 'reporting a failure');
      }
    }
  }

  /** Runs one slice of about `ms` milliseconds on every thread and returns what it did. */
  async slice(ms: number): Promise<SliceResult> {
    await this.#command(WorkerCommand.slice, Math.max(ms, 0.01));
    return this.#sliceFigures();
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
    return this.#sliceFigures();
  }

  #sliceFigures(): SliceResult {
    let start = Infinity;
    let end = -Infinity;
    const opsPerThread: number[] = [];
    for (let t = 1; t <= this.threads; t++) {
      start = Math.min(start, this.#slices[sliceWord(t, SLICE_START)] as number);
      end = Math.max(end, this.#slices[sliceWord(t, SLICE_END)] as number);
      opsPerThread.push(this.#slices[sliceWord(t, SLICE_OPS)] as number);
    }
    return { ops: opsPerThread.reduce((a, b) => a + b, 0), elapsedMs: Math.max(end - start, 1e-6), opsPerThread };
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
    const i32 = this.#i32;
    Atomics.store(i32, CTRL_FINAL_OPS, finalOps);
    Atomics.store(i32, CTRL_CMD, WorkerCommand.close);
    Atomics.store(i32, CTRL_RUN, 1);
    Atomics.add(i32, CTRL_GEN, 1);
    Atomics.notify(i32, CTRL_GEN);
    await this.#until(() => this.#done.every((d) => d !== undefined), 'closing');
    const done = this.#done as Done[];
    // Acquire every worker's final state store before reading the heap.
    for (let t = 1; t <= this.threads; t++) Atomics.load(i32, this.#progressWord(t, PROGRESS_STATE));
    this.#closed = true;
    this.#options.signal?.removeEventListener('abort', this.#onAbort);
    const terminated = Promise.all(this.#workers.map((w) => w.terminate()));

    const heap = this.#heap as Heap;
    const main = this.#main as Strategy;
    const o = this.#options;
    // Taking the interpreter back waits for whoever holds it: a strategy whose detach() kept its
    // lock would hang the main thread here, where nothing else can run — so it is watched.
    guardMainThread(this.#stallMs, `${this.label}: the main thread could not take the interpreter back after the run within ${(this.#stallMs / 1000).toFixed(1)} s (a strategy whose detach() keeps its lock?); stopped`, () => {
      main.endBlocking();
      main.checkpoint();
    });
    const ctx = { heap, strategy: main, threads: this.threads, params: o.params ?? {}, seed: o.seed ?? 1 };
    const verdict = this.workloadFactory.verify?.(ctx, this.#setupData, done.map((d) => d.totalOps));
    const audit = auditHeap(heap, main);
    heap.releaseRoots();
    main.checkpoint();
    const leaks = countMortalLive(heap, main);
    main.detach();
    // Read the checker counters after releasing the roots: that can free an object twice too.
    const doubleFrees = Atomics.load(i32, CTRL_DOUBLE_FREES);
    const useAfterFree = Atomics.load(i32, CTRL_USE_AFTER_FREE) + audit.danglingRefs + audit.badRefs;
    const corruptions = Atomics.load(i32, CTRL_CORRUPTIONS);
    const lostUpdates = verdict?.lostUpdates ?? 0;
    const correctness: Correctness = {
      lostUpdates,
      leaks,
      doubleFrees,
      useAfterFree,
      auditMismatches: audit.auditMismatches,
      corruptions,
      mismatches: audit.mismatches,
      checks: verdict?.checks ?? [],
      ok: lostUpdates === 0 && leaks === 0 && doubleFrees === 0 && useAfterFree === 0 && audit.auditMismatches === 0 && corruptions === 0,
    };

    // The measured window: from the first mark to the second (or to the end without one).
    const threadCounters = done.map((d) => windowCounters(d.marks[0], d.marks[1] ?? d.report));
    const counters: Record<string, number> = {};
    for (const c of threadCounters) for (const [k, v] of Object.entries(c)) counters[k] = (counters[k] ?? 0) + v;
    const opened = Math.max(0, ...done.map((d) => d.markedAt[0] ?? 0));
    const closed = Math.min(Infinity, ...done.map((d) => d.markedAt[1] ?? Infinity));
    const timeline = done
      .flatMap((d) => d.report.timeline ?? [])
      .filter((e) => e.t >= opened && e.t <= closed)
      .sort((a, b) => a.t - b.t);
    const finalOpsPerThread = done.map((d) => d.finalOps);
    const finalStart = Math.min(...done.map((d) => d.finalStartedAt));
    const finalEnd = Math.max(...done.map((d) => d.finalEndedAt));
    await terminated;
    return {
      strategy: this.strategyFactory.name,
      workload: this.workloadFactory.name,
      threads: this.threads,
      final: { ops: finalOpsPerThread.reduce((a, b) => a + b, 0), elapsedMs: Math.max(finalEnd - finalStart, 1e-6), opsPerThread: finalOpsPerThread },
      totalOps: done.reduce((a, d) => a + d.totalOps, 0),
      counters,
      threadCounters,
      timeline,
      measurements: verdict?.measurements ?? [],
      correctness,
      heap: { pagesUsed: heap.pagesUsed, heapMB: this.#heapMB, liveAtAudit: audit.liveObjects },
    };
  }

  async kill(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#options.signal?.removeEventListener('abort', this.#onAbort);
    Atomics.store(this.#i32, CTRL_RUN, 0);
    await Promise.all(this.#workers.map((w) => w.terminate())).catch(() => undefined);
  }

  async #abandon(error: RunError): Promise<RunError> {
    await this.kill();
    return error;
  }

  #assertOpen(): void {
    if (this.#closed) throw new RunError('worker-error', `run of ${this.label} is closed`);
  }

  #progressWord(thread: number, field: number): number {
    return (this.#i32[CTRL_PROGRESS_BASE] as number) + thread * PROGRESS_STRIDE + field;
  }

  #beats(): number {
    let beat = this.#ready;
    for (let t = 1; t <= this.threads; t++) beat += Atomics.load(this.#i32, this.#progressWord(t, PROGRESS_BEAT));
    for (const d of this.#done) if (d !== undefined) beat++;
    return beat;
  }

  #stallDiagnostic(idleMs: number, doing: string): string {
    const threads: string[] = [];
    for (let t = 1; t <= this.threads; t++) {
      const state = STATE_NAMES[Atomics.load(this.#i32, this.#progressWord(t, PROGRESS_STATE))] ?? 'unknown';
      const ops = Atomics.load(this.#i32, this.#progressWord(t, PROGRESS_OPS_HI)) * 2 ** 30 + Atomics.load(this.#i32, this.#progressWord(t, PROGRESS_OPS_LO));
      threads.push(`thread ${t}: ${state}, ${ops} ops`);
    }
    return (
      `run of ${this.label} made no progress for ${(idleMs / 1000).toFixed(1)} s while ${doing} and was stopped ` +
      `(a deadlocked strategy, or a workload step that never returns); ${threads.join('; ')}`
    );
  }
}

/** Counters of the measured window: the report at its end less the one at its start. */
function windowCounters(baseline: StrategyReport | undefined, report: StrategyReport): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(report.counters)) out[k] = v - (baseline?.counters[k] ?? 0);
  return out;
}
