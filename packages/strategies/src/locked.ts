/**
 * `locked` — a per-object mutex guards each object's count: the fine-grained-lock alternative
 * the article lists next to the GIL (§3). No CPython shipped it; it is here to show what a lock
 * per count costs next to one atomic instruction. The mutex is a `PyMutex` (`Python/lock.c`): a
 * compare-and-swap fast path, a short spin, then parking with `Atomics.wait`, and a direct
 * hand-off to a waiter that has waited longer than 1 ms (see `_internal/pyMutex.ts`).
 *
 * Every incref/decref is lock, plain read-add-write, unlock: two atomic instructions instead
 * of `atomic`'s one, and a waiter can park — the cost this strategy exists to show.
 *
 * Header (3 words):
 * - RC       the count. Read and written with plain accesses, only while holding RC_LOCK
 *            (the lock's Atomics operations order them); `IMMORTAL_RC` (negative, written
 *            once during setup) for an immortal object, which is never locked.
 * - RC_LOCK  the mutex guarding RC. Held only for the count update itself — never while
 *            deallocating or calling anything — so it can never be part of a deadlock.
 * - CS_LOCK  the mutex for `lockObject`/`unlockObject` (a container's critical section). It is
 *            a separate word because a container update decrements counts (of the old item,
 *            possibly of the container itself) while its critical section is held.
 *
 * Invariants: RC = references to the object whenever RC_LOCK is free; the thread whose update
 * takes RC from 1 to 0 deallocates, after releasing RC_LOCK.
 *
 * Shared region: one mutex hand-off token per thread.
 */
import { defineStrategy, IMMORTAL_REFCOUNT, OBJ_HEADER, type Heap, type Ref, type Strategy, type StrategyContext, type StrategyReport } from '@rclab/core';
import { IMMORTAL_RC } from './_internal/immortal.ts';
import { MUTEX_COUNTERS, type MutexWaiter, mutexLock, mutexTokenWords, mutexUnlock, newMutexWaiter, mutexCounters } from './_internal/pyMutex.ts';

/** Header word: the count. */
const RC = OBJ_HEADER;
/** Header word: the mutex guarding RC. */
const RC_LOCK = OBJ_HEADER + 1;
/** Header word: the mutex for critical sections. */
export const CS_LOCK = OBJ_HEADER + 2;
/** Shared region: mutex hand-off tokens, one per thread. */
const SHARED_TOKENS = 0;

export class LockedStrategy implements Strategy {
  readonly name: string = 'locked';
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
    this.#i32[ref + RC] = 1;
  }

  incref(ref: Ref): void {
    const i32 = this.#i32;
    if ((i32[ref + RC] as number) < 0) return;
    mutexLock(i32, ref + RC_LOCK, this.#mutex);
    i32[ref + RC] = (i32[ref + RC] as number) + 1;
    mutexUnlock(i32, ref + RC_LOCK, this.#mutex);
  }

  decref(ref: Ref): void {
    const i32 = this.#i32;
    if ((i32[ref + RC] as number) < 0) return;
    mutexLock(i32, ref + RC_LOCK, this.#mutex);
    const rc = (i32[ref + RC] as number) - 1;
    i32[ref + RC] = rc;
    mutexUnlock(i32, ref + RC_LOCK, this.#mutex);
    if (rc === 0) this.#dealloc(ref);
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
    mutexLock(this.#i32, ref + CS_LOCK, this.#mutex);
  }

  unlockObject(ref: Ref): void {
    mutexUnlock(this.#i32, ref + CS_LOCK, this.#mutex);
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
 * The counting variant: `LockedStrategy` plus `lockedOps`, one per count update made under the
 * count's mutex (an incref or decref of a mortal object). Only a counting pass creates it, so a
 * timed worker's JIT never sees the counter.
 */
export class CountingLockedStrategy extends LockedStrategy {
  readonly #i32: Int32Array;
  #lockedOps = 0;

  constructor(context: StrategyContext) {
    super(context);
    this.#i32 = context.heap.i32;
  }

  override incref(ref: Ref): void {
    // Immortality is fixed during setup, so this test agrees with the one in super.
    if ((this.#i32[ref + RC] as number) >= 0) this.#lockedOps++;
    super.incref(ref);
  }

  override decref(ref: Ref): void {
    if ((this.#i32[ref + RC] as number) >= 0) this.#lockedOps++;
    super.decref(ref);
  }

  override report(): StrategyReport {
    const r = super.report();
    return { ...r, counters: { ...r.counters, lockedOps: this.#lockedOps } };
  }
}

export const lockedStrategy = defineStrategy({
  name: 'locked',
  family: 'locked',
  counters: [
    { name: 'lockedOps', unit: 'count', description: "count updates made under the object's mutex (counting pass only)" },
    { name: 'deallocs', unit: 'count', description: 'objects freed' },
    ...MUTEX_COUNTERS,
  ],
  description: 'a PyMutex per object guards its count (fine-grained locking), critical sections on a second mutex',
  headerWords: 3,
  threadSafe: true,
  sharedWords: (threads) => mutexTokenWords(threads),
  create: (context) => (context.counting ? new CountingLockedStrategy(context) : new LockedStrategy(context)),
});

export default lockedStrategy;
