/**
 * `atomic` — every incref/decref is an atomic read-modify-write on the object's count, and
 * there is no global lock; container operations take the object's own mutex (a critical
 * section, as in free-threaded CPython, `Include/internal/pycore_critical_section.h`).
 *
 * This is the "atomic per-object counts" alternative of the article's §3 and of the Gilectomy
 * (Larry Hastings); CPython never shipped it because every count change becomes a locked
 * instruction (a `lock xadd` on x86) even on objects one thread owns.
 *
 * Header (2 words):
 * - RC   the count, changed only with `Atomics.add`/`Atomics.sub`. The thread whose `sub`
 *        returns 1 dropped the last reference and is the only one that deallocates.
 * - LOCK a `PyMutex`-style word for `lockObject`/`unlockObject`.
 */
import { defineStrategy, OBJ_HEADER, type Heap, type Ref, type Strategy, type StrategyContext, type StrategyReport } from '@rclab/core';
import { type MutexStats, mutexLock, mutexUnlock, newMutexStats } from './_internal/pyMutex.ts';

const RC = OBJ_HEADER;
const LOCK = OBJ_HEADER + 1;

export class AtomicStrategy implements Strategy {
  readonly name: string = 'atomic';
  readonly #heap: Heap;
  readonly #i32: Int32Array;
  readonly #lock: MutexStats = newMutexStats();
  #atomicOps = 0;
  #deallocs = 0;

  constructor(context: StrategyContext) {
    this.#heap = context.heap;
    this.#i32 = context.heap.i32;
  }

  initHeader(ref: Ref): void {
    // The object is not yet visible to any other thread: a plain store is enough.
    this.#i32[ref + RC] = 1;
  }

  incref(ref: Ref): void {
    this.#atomicOps++;
    Atomics.add(this.#i32, ref + RC, 1);
  }

  decref(ref: Ref): void {
    this.#atomicOps++;
    if (Atomics.sub(this.#i32, ref + RC, 1) === 1) {
      this.#deallocs++;
      this.#heap.dealloc(ref);
    }
  }

  refcount(ref: Ref): number {
    return Atomics.load(this.#i32, ref + RC);
  }

  immortalize(): boolean {
    return false;
  }

  attach(): void {}
  detach(): void {}
  checkpoint(): void {}
  beginBlocking(): void {}
  endBlocking(): void {}

  lockObject(ref: Ref): void {
    mutexLock(this.#i32, ref + LOCK, this.#lock);
  }

  unlockObject(ref: Ref): void {
    mutexUnlock(this.#i32, ref + LOCK);
  }

  report(): StrategyReport {
    return {
      counters: {
        atomicOps: this.#atomicOps,
        deallocs: this.#deallocs,
        lockContended: this.#lock.contended,
        lockParks: this.#lock.parks,
        lockWaitMs: this.#lock.waitMs,
      },
    };
  }
}

export const atomicStrategy = defineStrategy({
  name: 'atomic',
  description: 'atomic read-modify-write on every count, per-object critical sections, no global lock',
  headerWords: 2,
  threadSafe: true,
  create: (context) => new AtomicStrategy(context),
});

export default atomicStrategy;
