/**
 * The worker threads of one cell and their watchdog: starts them, collects what they report
 * (ready, done, failed), and waits for a condition without blocking the event loop, stopping
 * with a diagnostic when no thread makes progress for `stallMs` (a deadlocked strategy, or a
 * workload step that never returns). The cell (`live-cell.ts`) gives the commands.
 */
import { Worker } from 'node:worker_threads';
import { RunError } from '../errors.ts';
import {
  CTRL_PROGRESS_BASE,
  CTRL_RUN,
  PROGRESS_BEAT,
  PROGRESS_OPS_HI,
  PROGRESS_OPS_LO,
  PROGRESS_STATE,
  PROGRESS_STRIDE,
  ThreadState,
  type ThreadStateName,
} from '../heap/layout.ts';
import type { WorkerInit, WorkerMessage } from './messages.ts';

/**
 * Source maps in workers only when debugging (`RCLAB_DEBUG=1`): Node's source-map support costs
 * about 30 ms per worker start, and errors reach the user as one line without a stack anyway.
 */
const WORKER_EXEC_ARGV: string[] = process.env.RCLAB_DEBUG === '1' ? ['--enable-source-maps'] : [];

const STATE_NAMES = Object.fromEntries(Object.entries(ThreadState).map(([k, v]) => [v, k])) as Record<number, ThreadStateName>;

/** A worker's final report. */
export type Done = Extract<WorkerMessage, { type: 'done' }>;

export class WorkerPool {
  readonly threads: number;
  /** Each thread's final report once it has sent it (index 0 = thread 1). */
  readonly done: (Done | undefined)[];
  readonly #label: string;
  readonly #stallMs: number;
  readonly #i32: Int32Array;
  readonly #workers: Worker[] = [];
  #ready = 0;
  #failure: RunError | undefined;
  #stopped = false;
  #wake: (() => void) | undefined;

  /** `label` names the cell in messages; `i32` is the heap's control words. */
  constructor(label: string, threads: number, stallMs: number, i32: Int32Array) {
    this.#label = label;
    this.threads = threads;
    this.#stallMs = stallMs;
    this.#i32 = i32;
    this.done = new Array<Done | undefined>(threads).fill(undefined);
  }

  /** Workers that have attached and paused. */
  get ready(): number {
    return this.#ready;
  }

  /** The first failure (a worker's error, an exit, an abort, a stall), if any. */
  get failure(): RunError | undefined {
    return this.#failure;
  }

  /** Starts threads 1..`threads` from `workerFile`, each with its `init`. */
  start(workerFile: string, init: (thread: number) => WorkerInit): void {
    for (let t = 1; t <= this.threads; t++) {
      const worker = new Worker(workerFile, { workerData: init(t), execArgv: WORKER_EXEC_ARGV });
      this.#workers.push(worker);
      worker.on('message', (message: WorkerMessage) => this.#onMessage(t, message));
      worker.on('error', (error) => this.fail(new RunError('worker-error', `thread ${t} of ${this.#label} crashed: ${error.message}`, { cause: error })));
      worker.on('exit', (code) => {
        if (!this.#stopped && this.done[t - 1] === undefined) {
          this.fail(new RunError('worker-error', `thread ${t} of ${this.#label} exited (code ${code}) before finishing`));
        }
      });
    }
  }

  #onMessage(t: number, message: WorkerMessage): void {
    if (message.type === 'ready') this.#ready++;
    else if (message.type === 'done') this.done[t - 1] = message;
    else {
      this.fail(
        new RunError('worker-error', `thread ${t} of ${this.#label} failed while ${message.phase}: ${message.message}`, {
          cause: Object.assign(new Error(message.message), { stack: message.stack }),
        }),
      );
    }
    this.#wake?.();
  }

  /** Records the first failure, stops the running slice and wakes whoever waits. */
  fail(error: RunError): void {
    if (this.#failure !== undefined || this.#stopped) return;
    this.#failure = error;
    Atomics.store(this.#i32, CTRL_RUN, 0);
    this.#wake?.();
  }

  /**
   * Waits (without blocking the event loop) until `cond` holds. Throws the failure if one
   * arrives, or a `stalled` RunError when progress stops for `stallMs` (the pool's unless
   * given); the caller then ends the cell.
   */
  async until(cond: () => boolean, doing: string, stallMs: number = this.#stallMs): Promise<void> {
    let lastBeat = -1;
    let lastChange = performance.now();
    const poll = Math.min(100, Math.max(10, stallMs / 20));
    while (!cond()) {
      if (this.#failure !== undefined) throw this.#failure;
      const beat = this.beats();
      const now = performance.now();
      if (beat !== lastBeat) {
        lastBeat = beat;
        lastChange = now;
      } else if (now - lastChange > stallMs) {
        throw new RunError('stalled', this.#stallDiagnostic(now - lastChange, doing));
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
    if (this.#failure !== undefined) throw this.#failure;
  }

  /** Index in `i32` of `field` of thread `thread`'s progress record. */
  progressWord(thread: number, field: number): number {
    return (this.#i32[CTRL_PROGRESS_BASE] as number) + thread * PROGRESS_STRIDE + field;
  }

  /** From now on an exit or a failure is expected (the cell is closing or being killed). */
  stop(): void {
    this.#stopped = true;
  }

  /** Terminates every worker. */
  async terminate(): Promise<void> {
    await Promise.all(this.#workers.map((w) => w.terminate()));
  }

  /** A number that changes whenever a worker shows life (a batch, a ready or done message). */
  beats(): number {
    let beat = this.#ready;
    for (let t = 1; t <= this.threads; t++) beat += Atomics.load(this.#i32, this.progressWord(t, PROGRESS_BEAT));
    for (const d of this.done) if (d !== undefined) beat++;
    return beat;
  }

  #stallDiagnostic(idleMs: number, doing: string): string {
    const threads: string[] = [];
    for (let t = 1; t <= this.threads; t++) {
      const state = STATE_NAMES[Atomics.load(this.#i32, this.progressWord(t, PROGRESS_STATE))] ?? 'unknown';
      const ops = Atomics.load(this.#i32, this.progressWord(t, PROGRESS_OPS_HI)) * 2 ** 30 + Atomics.load(this.#i32, this.progressWord(t, PROGRESS_OPS_LO));
      threads.push(`thread ${t}: ${state}, ${ops} ops`);
    }
    return (
      `run of ${this.#label} made no progress for ${(idleMs / 1000).toFixed(1)} s while ${doing} and was stopped ` +
      `(a deadlocked strategy, or a workload step that never returns); ${threads.join('; ')}`
    );
  }
}
