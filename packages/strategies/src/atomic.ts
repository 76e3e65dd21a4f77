/**
 * `atomic` — every incref/decref is an atomic read-modify-write on the object's count, and
 * there is no global lock; container operations take the object's own mutex (a critical
 * section, as in free-threaded CPython, `Include/internal/pycore_critical_section.h`).
 *
 * This is the "atomic per-object counts" alternative of the article's §3 and of the Gilectomy
 * (Larry Hastings, 2016–17): CPython never shipped it because every count change becomes a
 * locked instruction (`lock xadd` on x86) even on objects only one thread ever touches, and
 * counts of shared objects bounce between cores. Immortal objects (PEP 683) are skipped with
 * one plain load first, as every CPython since 3.12 does.
 *
 * Header (2 words):
 * - RC    the count, changed only with `Atomics.add`/`Atomics.sub`; `IMMORTAL_RC` (negative,
 *         written once during setup, never changed) for an immortal object.
 * - LOCK  a `PyMutex`-style word for `lockObject`/`unlockObject` (see `_internal/pyMutex.ts`).
 *
 * Invariants: RC = references to the object at every instant (each change is one atomic RMW);
 * the thread whose `Atomics.sub` returns 1 dropped the last reference and is the only one that
 * deallocates. The plain load of RC for the immortal test may see a stale mortal value, which
 * is harmless: a mortal count is never negative.
 *
 * Shared region: one mutex hand-off token per thread.
 */
import { defineStrategy, IMMORTAL_REFCOUNT, OBJ_HEADER, type Heap, type Ref, type Strategy, type StrategyContext, type StrategyReport } from '@rclab/core';
import { IMMORTAL_RC } from './_internal/immortal.ts';
import { MUTEX_COUNTERS, type MutexWaiter, mutexLock, mutexTokenWords, mutexUnlock, newMutexWaiter, mutexCounters } from './_internal/pyMutex.ts';

/** Header word: the count. */
const RC = OBJ_HEADER;
/** Header word: the object's mutex (critical sections). */
export const LOCK = OBJ_HEADER + 1;
/** Shared region: mutex hand-off tokens, one per thread. */
const SHARED_TOKENS = 0;

export class AtomicStrategy implements Strategy {
  readonly name: string = 'atomic';
  readonly #heap: Heap;
  readonly #i32: Int32Array;
  readonly #mutex: MutexWaiter;
  #deallocs = 0;

  constructor(context: StrategyContext) {
    this.#heap = context.heap;
    this.#i32 = context.heap.i32;
    this.#mutex = newMutexWaiter(context.threadIndex, context.heap.strategyBase + SHARED_TOKENS);
  }

  initHeader(ref: Ref): void {
    // The object is not yet visible to any other thread: a plain store is enough.
    this.#i32[ref + RC] = 1;
  }

  incref(ref: Ref): void {
    const i32 = this.#i32;
    if ((i32[ref + RC] as number) < 0) return;
    Atomics.add(i32, ref + RC, 1);
  }

  decref(ref: Ref): void {
    const i32 = this.#i32;
    if ((i32[ref + RC] as number) < 0) return;
    if (Atomics.sub(i32, ref + RC, 1) === 1) this.#dealloc(ref);
  }

  #dealloc(ref: Ref): void {
    this.#deallocs++;
    this.#heap.dealloc(ref);
  }

  refcount(ref: Ref): number {
    const rc = Atomics.load(this.#i32, ref + RC);
    return rc === IMMORTAL_RC ? IMMORTAL_REFCOUNT : rc;
  }

  immortalize(ref: Ref): boolean {
    Atomics.store(this.#i32, ref + RC, IMMORTAL_RC);
    return true;
  }

  attach(): void {}
  detach(): void {}
  checkpoint(): void {}
  beginBlocking(): void {}
  endBlocking(): void {}

  lockObject(ref: Ref): void {
    mutexLock(this.#i32, ref + LOCK, this.#mutex);
  }

  unlockObject(ref: Ref): void {
    mutexUnlock(this.#i32, ref + LOCK, this.#mutex);
  }

  report(): StrategyReport {
    const m = this.#mutex;
    return {
      counters: {
        deallocs: this.#deallocs,
        ...mutexCounters(m),
      },
    };
  }
}

/**
 * The counting variant: `AtomicStrategy` plus `atomicOps`, one per atomic read-modify-write on a
 * count (an incref or decref of a mortal object). Only a counting pass creates it, so a timed
 * worker's JIT never sees the counter.
 */
export class CountingAtomicStrategy extends AtomicStrategy {
  readonly #i32: Int32Array;
  #atomicOps = 0;

  constructor(context: StrategyContext) {
    super(context);
    this.#i32 = context.heap.i32;
  }

  override incref(ref: Ref): void {
    // Immortality is fixed during setup, so this test agrees with the one in super.
    if ((this.#i32[ref + RC] as number) >= 0) this.#atomicOps++;
    super.incref(ref);
  }

  override decref(ref: Ref): void {
    if ((this.#i32[ref + RC] as number) >= 0) this.#atomicOps++;
    super.decref(ref);
  }

  override report(): StrategyReport {
    const r = super.report();
    return { ...r, counters: { ...r.counters, atomicOps: this.#atomicOps } };
  }
}

export const atomicStrategy = defineStrategy({
  name: 'atomic',
  family: 'atomic',
  counters: [
    { name: 'atomicOps', unit: 'count', description: 'atomic read-modify-writes of a count (counting pass only)' },
    { name: 'deallocs', unit: 'count', description: 'objects freed' },
    ...MUTEX_COUNTERS,
  ],
  description: 'atomic read-modify-write on every count, per-object critical sections, no global lock (the Gilectomy)',
  headerWords: 2,
  threadSafe: true,
  sharedWords: (threads) => mutexTokenWords(threads),
  create: (context) => (context.counting ? new CountingAtomicStrategy(context) : new AtomicStrategy(context)),
});

export default atomicStrategy;
