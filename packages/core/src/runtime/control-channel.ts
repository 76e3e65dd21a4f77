/**
 * The main thread's side of the control-word protocol (`worker.ts` has the workers' side): it
 * posts a command to every worker through the heap's control words, then waits, without taking a
 * core from the workers, while a slice runs and until every worker has acknowledged it. A
 * `LiveCell` owns one; what to do when a worker fails or stalls (kill the cell) stays with the cell.
 */
import { RunError } from '../errors.ts';
import { CTRL_ACKS, CTRL_AWAKE, CTRL_CMD, CTRL_FINAL_OPS, CTRL_GEN, CTRL_RUN, CTRL_SLICE_OPS, WorkerCommand } from '../heap/layout.ts';
import type { WorkerPool } from './worker-pool.ts';

/** Longest the main thread sleeps in one piece while a slice runs before it lets its event loop turn. */
const SLEEP_CHUNK_MS = 20;

/** Lets the event loop run (worker messages, signals, timers) and comes back. */
export function turn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Commands to one cell's workers, and the waits between them. */
export class ControlChannel {
  readonly #i32: Int32Array;
  readonly #pool: WorkerPool;
  readonly #threads: number;
  readonly #stallMs: number;
  /** `strategy …, workload …, N threads`, for messages. */
  readonly #label: string;
  /** A word nobody notifies: `Atomics.wait` on it is a sleep that takes no core. */
  readonly #sleep = new Int32Array(new SharedArrayBuffer(4));

  constructor(i32: Int32Array, pool: WorkerPool, threads: number, stallMs: number, label: string) {
    this.#i32 = i32;
    this.#pool = pool;
    this.#threads = threads;
    this.#stallMs = stallMs;
    this.#label = label;
  }

  /** Posts `command` (with `sliceOps` operations per thread for a fixed-work slice, else 0) and wakes every worker. */
  post(command: number, sliceOps: number): void {
    const i32 = this.#i32;
    Atomics.store(i32, CTRL_SLICE_OPS, sliceOps);
    Atomics.store(i32, CTRL_ACKS, 0);
    Atomics.store(i32, CTRL_AWAKE, 0);
    Atomics.store(i32, CTRL_CMD, command);
    if (command === WorkerCommand.slice) Atomics.store(i32, CTRL_RUN, 1);
    Atomics.add(i32, CTRL_GEN, 1);
    Atomics.notify(i32, CTRL_GEN);
  }

  /** Posts the close command: every worker runs `finalOps` more operations, finishes and reports. */
  postClose(finalOps: number): void {
    const i32 = this.#i32;
    Atomics.store(i32, CTRL_FINAL_OPS, finalOps);
    Atomics.store(i32, CTRL_CMD, WorkerCommand.close);
    Atomics.store(i32, CTRL_RUN, 1);
    Atomics.add(i32, CTRL_GEN, 1);
    Atomics.notify(i32, CTRL_GEN);
  }

  /** Lets a timed slice run for `runMs`, counted from the moment every worker is awake, then asks the workers to pause. */
  async runFor(runMs: number): Promise<void> {
    const pool = this.#pool;
    const i32 = this.#i32;
    // The slice runs from the moment every worker is awake (see `CTRL_AWAKE`).
    const awakeBy = performance.now() + this.#stallMs;
    while (Atomics.load(i32, CTRL_AWAKE) < this.#threads && pool.failure === undefined && performance.now() < awakeBy) {
      Atomics.wait(i32, CTRL_AWAKE, Atomics.load(i32, CTRL_AWAKE), 5);
      if (Atomics.load(i32, CTRL_AWAKE) < this.#threads) await turn();
    }
    // Sleep on the main thread (no core is taken from the workers), in chunks short enough
    // that a long slice still lets the event loop see messages and Ctrl-C.
    const until = performance.now() + runMs;
    for (let left = runMs; left > 0; left = until - performance.now()) {
      Atomics.wait(this.#sleep, 0, 0, Math.min(left, SLEEP_CHUNK_MS));
      if (pool.failure !== undefined) break;
      if (until - performance.now() > 0) await turn();
    }
    Atomics.store(i32, CTRL_RUN, 0);
  }

  /**
   * A fixed-work slice lasts as long as its work: waits for it on the spot (in chunks that let
   * the event loop turn) as long as the workers show progress, and fails the pool after
   * `sliceTimeoutMs` even while they do; the pool's watchdog takes over if they stop.
   */
  async awaitFixedWork(sliceOps: number, sliceTimeoutMs: number): Promise<void> {
    const pool = this.#pool;
    const i32 = this.#i32;
    let beat = pool.beats();
    let changed = performance.now();
    // Batches that never complete an operation still beat: bound the whole slice too.
    const giveUpAt = changed + sliceTimeoutMs;
    while (Atomics.load(i32, CTRL_ACKS) < this.#threads && pool.failure === undefined && performance.now() - changed < this.#stallMs) {
      if (performance.now() > giveUpAt) {
        pool.fail(
          new RunError(
            'stalled',
            `${this.#label}: a fixed-work slice did not finish its ${sliceOps} operation${sliceOps === 1 ? '' : 's'} per thread within ${(sliceTimeoutMs / 1000).toFixed(1)} s; stopped`,
          ),
        );
        break;
      }
      Atomics.wait(i32, CTRL_ACKS, Atomics.load(i32, CTRL_ACKS), SLEEP_CHUNK_MS);
      if (Atomics.load(i32, CTRL_ACKS) >= this.#threads) break;
      await turn();
      const now = pool.beats();
      if (now !== beat) {
        beat = now;
        changed = performance.now();
      }
    }
  }

  /** Most slices end within a batch: waits up to 50 ms on the spot for the acknowledgements. */
  spinForAcks(): void {
    const i32 = this.#i32;
    const spinUntil = performance.now() + 50;
    while (Atomics.load(i32, CTRL_ACKS) < this.#threads && performance.now() < spinUntil && this.#pool.failure === undefined) {
      Atomics.wait(i32, CTRL_ACKS, Atomics.load(i32, CTRL_ACKS), 5);
    }
  }

  /** True once every worker has acknowledged the last command. */
  acknowledged(): boolean {
    return Atomics.load(this.#i32, CTRL_ACKS) >= this.#threads;
  }
}
