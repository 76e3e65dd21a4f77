/**
 * `biased` — biased reference counting as free-threaded CPython does it (PEP 703; Choi, Shull
 * and Torrellas, "Biased Reference Counting", PACT 2018). The real one lives in
 * `Include/refcount.h` (`Py_INCREF`/`Py_DECREF`), `Objects/object.c` (`_Py_DecRefShared`,
 * `_Py_MergeZeroLocalRefcount`, `_Py_ExplicitMergeRefcount`) and `Python/brc.c` (the queues).
 *
 * Pinned to the free-threaded build of 3.13+ as read in python/cpython main snapshots:
 * `Python/brc.c` at commit 17efa944, `Objects/object.c` at 43c9c993 (with the gh-121794 order).
 *
 *   CPython                                             here (in this file unless another is named)
 *   Py_INCREF / Py_DECREF, owner path (refcount.h)      incref / decref
 *   _Py_atomic_add_ssize(&ob_ref_shared) in Py_INCREF   #increfShared
 *   _Py_DecRefShared (_Py_DecRefSharedIsDead)           #decrefShared
 *   _Py_MergeZeroLocalRefcount                          #mergeZeroLocal
 *   _Py_ExplicitMergeRefcount                           explicitMerge (biased/brc.ts)
 *   _Py_brc_queue_object                                queueObject (biased/brc.ts)
 *   _Py_brc_merge_refcounts (from _Py_HandlePending)    checkpoint → #handlePending → mergeQueue (biased/brc.ts)
 *   _Py_brc_remove_thread                               detach → removeThread (biased/brc.ts)
 *   struct _brc_thread_state (pycore_brc.h)             BrcThread (biased/brc.ts)
 *   _Py_SetImmortalUntracked                            immortalize
 *   PyMutex_Lock / PyMutex_Unlock on ob_mutex           lockObject / unlockObject (_internal/pyMutex.ts)
 *
 * Each object is biased towards the thread that allocated it, its owner:
 * - the owner counts in LOCAL with plain reads and writes — no atomic instruction at all;
 * - every other thread counts in SHARED with atomic operations;
 * - a non-owner decrement that finds SHARED at 0 (count 0, neither queued nor merged) does not
 *   subtract: it sets QUEUED and pushes the object on its owner's queue, which now holds that
 *   reference (`_Py_DecRefShared`; the paper instead lets the count go negative first);
 * - queueing sets the owner's EXPLICIT_MERGE eval-breaker bit; the owner merges its queue at its
 *   next `checkpoint()` (`_Py_brc_merge_refcounts` from `_Py_HandlePending`): LOCAL + SHARED − 1
 *   (the queue's reference) becomes the merged count, and the object is freed if that is 0;
 * - when LOCAL reaches 0 the owner merges at once (`_Py_MergeZeroLocalRefcount`): if SHARED is
 *   0 the object dies with no atomic read-modify-write at all (the PEP's fast deallocation),
 *   else the object is marked MERGED, unowned, and whoever takes SHARED to 0 frees it;
 * - `detach()` merges what is queued and closes the queue (`_Py_brc_remove_thread`); a
 *   non-owner that would queue to a thread that has left merges the object itself (brc.c:
 *   "the owning thread … must have already exited").
 * Immortal objects (PEP 683) have LOCAL = `IMMORTAL_LOCAL` (CPython's `UINT32_MAX`) and no owner;
 * every thread returns from incref/decref after one plain load. Critical sections take a
 * per-object `PyMutex` (the object's `ob_mutex`).
 *
 * Where it differs from CPython: the owner is a thread index, not a thread id, so there is no
 * per-interpreter hash table of thread states with a mutex per bucket; each thread's queue is a
 * lock-free stack reached by index, and a closed queue stands for "owner not found". Queued
 * objects are linked through their own header (LINK) instead of a `_PyObjectStack`, so a push
 * cannot fail and there is no stop-the-world fallback. Newer brc.c merges the queue of a
 * detached owner (blocked in a call) on its behalf (`_PyThreadState_TrySuspendDetached`); here
 * the queue waits for the owner's next checkpoint or its detach, and nothing merges at GC time,
 * because rclab has no collector. No weak references, so MAYBE_WEAKREF is never set.
 *
 * The header words, the shared slots and the invariants over them (the paper's Table 2): in
 * `biased/layout.ts`; the queues: `biased/brc.ts` (`Python/brc.c`); the counters: `biased/counters.ts`.
 */
import { defineStrategy, IMMORTAL_REFCOUNT, type Heap, type Ref, type Strategy, type StrategyContext, type StrategyReport } from '@rclab/core';
import { type MutexWaiter, mutexLock, mutexUnlock, newMutexWaiter, mutexCounters } from './_internal/pyMutex.ts';
import { BrcThread, mergeQueue, queueObject, removeThread } from './biased/brc.ts';
import { BIASED_COUNTERS } from './biased/counters.ts';
import {
  BIASED_HEADER_WORDS,
  biasedSharedWords,
  EXPLICIT_MERGE,
  FLAG_MASK,
  IMMORTAL_LOCAL,
  LOCAL,
  LOCK,
  MERGED,
  ONE_SHARED,
  QUEUED,
  SHARED,
  SHARED_SHIFT,
  threadsBase,
  TID,
} from './biased/layout.ts';

/** What distinguishes the biased variants. */
export interface BiasedVariant {
  readonly name: string;
  /** Whether `immortalize` makes objects immortal (PEP 683) or leaves them counted. */
  readonly immortal: boolean;
}

export class BiasedStrategy implements Strategy {
  readonly name: string;
  readonly #heap: Heap;
  readonly #i32: Int32Array;
  readonly #immortal: boolean;
  /** This thread's id as stored in TID. */
  readonly #tid: number;
  readonly #breaker: number;
  /** This thread's merge queue and the queue paths' counters (`biased/brc.ts`). */
  readonly #brc: BrcThread;
  readonly #mutex: MutexWaiter;
  #zeroLocalMerges = 0;
  #fastDeallocs = 0;
  #deallocs = 0;

  constructor(context: StrategyContext, variant: BiasedVariant) {
    this.name = variant.name;
    this.#immortal = variant.immortal;
    this.#heap = context.heap;
    this.#i32 = context.heap.i32;
    this.#tid = context.threadIndex + 1;
    this.#brc = new BrcThread(context.heap, context.heap.strategyBase + threadsBase(context.threads), context.threadIndex);
    this.#breaker = this.#brc.breaker;
    this.#mutex = newMutexWaiter(context.threadIndex, context.heap.strategyBase);
  }

  // ---- the fast paths ---------------------------------------------------------------------

  initHeader(ref: Ref): void {
    // Not yet visible to other threads; whatever publishes it orders these stores.
    const i32 = this.#i32;
    i32[ref + TID] = this.#tid;
    i32[ref + LOCAL] = 1;
  }

  incref(ref: Ref): void {
    const i32 = this.#i32;
    const local = i32[ref + LOCAL] as number;
    if (local === IMMORTAL_LOCAL) return;
    if (i32[ref + TID] === this.#tid) {
      i32[ref + LOCAL] = local + 1;
      return;
    }
    this.#increfShared(ref);
  }

  decref(ref: Ref): void {
    const i32 = this.#i32;
    const local = i32[ref + LOCAL] as number;
    if (local === IMMORTAL_LOCAL) return;
    if (i32[ref + TID] === this.#tid) {
      i32[ref + LOCAL] = local - 1;
      if (local === 1) this.#mergeZeroLocal(ref);
      return;
    }
    this.#decrefShared(ref);
  }

  // ---- the slow paths (the queue's are in biased/brc.ts) ----------------------------------

  /** `_Py_MergeZeroLocalRefcount`: the owner's count reached 0. */
  #mergeZeroLocal(ref: Ref): void {
    const i32 = this.#i32;
    let shared = Atomics.load(i32, ref + SHARED);
    if (shared === 0) {
      // Nobody else ever counted it: free without an atomic read-modify-write.
      this.#fastDeallocs++;
      this.#dealloc(ref);
      return;
    }
    // Give up ownership before publishing MERGED (gh-119999, gh-121794).
    Atomics.store(i32, ref + TID, 0);
    this.#zeroLocalMerges++;
    for (;;) {
      const next = (shared & ~FLAG_MASK) | MERGED;
      const seen = Atomics.compareExchange(i32, ref + SHARED, shared, next);
      if (seen === shared) {
        if (next === MERGED) this.#dealloc(ref);
        return;
      }
      shared = seen;
    }
  }

  /** A non-owner adds a reference (`_Py_atomic_add_ssize` on `ob_ref_shared` in `Py_INCREF`). */
  #increfShared(ref: Ref): void {
    Atomics.add(this.#i32, ref + SHARED, ONE_SHARED);
  }

  /** `_Py_DecRefShared`: a non-owner drops a reference. */
  #decrefShared(ref: Ref): void {
    const i32 = this.#i32;
    // A plain first read, as CPython's relaxed load: the compare-and-swap below validates it.
    let shared = i32[ref + SHARED] as number;
    for (;;) {
      // Count 0, neither queued nor merged: queue it to the owner without subtracting.
      const queue = shared === 0;
      const next = queue ? QUEUED : shared - ONE_SHARED;
      const seen = Atomics.compareExchange(i32, ref + SHARED, shared, next);
      if (seen === shared) {
        if (queue) {
          // The owner merged concurrently: drop the queue's reference as an ordinary one.
          if (!queueObject(this.#brc, ref)) this.decref(ref);
        } else if (next === MERGED) this.#dealloc(ref);
        return;
      }
      shared = seen;
    }
  }

  #dealloc(ref: Ref): void {
    this.#deallocs++;
    this.#heap.dealloc(ref);
  }

  // ---- thread lifecycle ---------------------------------------------------------------------

  /**
   * One plain load and a branch: CPython's `_CHECK_PERIODIC` reads the eval breaker with a
   * relaxed load, and so does this (an `Atomics.load` costs 20–30 ns in Node 20, more than the
   * rest of an operation). Integer typed-array reads never tear, so the worst a plain read can
   * do is see the bit late: the JIT may reuse an earlier read only while nothing could have
   * written the heap, and a workload touches the heap between checkpoints (at the latest, the
   * next batch re-reads it). The slow path re-reads it with Atomics.
   */
  checkpoint(): void {
    if (this.#i32[this.#breaker] !== 0) this.#handlePending();
  }

  #handlePending(): void {
    Atomics.and(this.#i32, this.#breaker, ~EXPLICIT_MERGE);
    mergeQueue(this.#brc);
  }

  attach(): void {}

  /** `_Py_brc_remove_thread`: drain the queue until it can be closed. */
  detach(): void {
    removeThread(this.#brc);
  }

  beginBlocking(): void {}
  endBlocking(): void {}

  lockObject(ref: Ref): void {
    mutexLock(this.#i32, ref + LOCK, this.#mutex);
  }

  unlockObject(ref: Ref): void {
    mutexUnlock(this.#i32, ref + LOCK, this.#mutex);
  }

  // ---- inspection ---------------------------------------------------------------------------

  refcount(ref: Ref): number {
    const i32 = this.#i32;
    const local = Atomics.load(i32, ref + LOCAL);
    if (local === IMMORTAL_LOCAL) return IMMORTAL_REFCOUNT;
    return local + (Atomics.load(i32, ref + SHARED) >> SHARED_SHIFT);
  }

  /** `_Py_SetImmortalUntracked`: no owner, LOCAL = IMMORTAL_LOCAL, SHARED = 0. */
  immortalize(ref: Ref): boolean {
    if (!this.#immortal) return false;
    const i32 = this.#i32;
    Atomics.store(i32, ref + TID, 0);
    Atomics.store(i32, ref + SHARED, 0);
    Atomics.store(i32, ref + LOCAL, IMMORTAL_LOCAL);
    return true;
  }

  report(): StrategyReport {
    const brc = this.#brc;
    return {
      counters: {
        queued: brc.queued,
        queuePushRetries: brc.queuePushRetries,
        merges: brc.merges,
        mergePasses: brc.mergePasses,
        zeroLocalMerges: this.#zeroLocalMerges,
        fastDeallocs: this.#fastDeallocs,
        ownerGoneMerges: brc.ownerGoneMerges,
        // Frees on the owner's and the non-owners' paths here, and on the queue paths in brc.
        deallocs: this.#deallocs + brc.deallocs,
        ...mutexCounters(this.#mutex),
      },
    };
  }
}

/**
 * The counting variant: `BiasedStrategy` plus the hot-path counters, exact per operation on a
 * mortal object — `fastOps` (the owner's plain increments and decrements of LOCAL) and
 * `sharedOps` (a non-owner's atomic ones on SHARED, including the decrement that queues).
 * Only a counting pass creates it, so a timed worker's JIT never sees these counters.
 */
export class CountingBiasedStrategy extends BiasedStrategy {
  readonly #i32: Int32Array;
  readonly #tid: number;
  #fastOps = 0;
  #sharedOps = 0;

  constructor(context: StrategyContext, variant: BiasedVariant) {
    super(context, variant);
    this.#i32 = context.heap.i32;
    this.#tid = context.threadIndex + 1;
  }

  // Both tests agree with the ones super makes next: immortality is fixed during setup, and
  // whether TID names this thread can only be changed by this thread (TID is set to an owner
  // only at allocation, and only the owner, while attached, takes it away).
  override incref(ref: Ref): void {
    this.#count(ref);
    super.incref(ref);
  }

  override decref(ref: Ref): void {
    this.#count(ref);
    super.decref(ref);
  }

  #count(ref: Ref): void {
    const i32 = this.#i32;
    if (i32[ref + LOCAL] === IMMORTAL_LOCAL) return;
    if (i32[ref + TID] === this.#tid) this.#fastOps++;
    else this.#sharedOps++;
  }

  override report(): StrategyReport {
    const r = super.report();
    return { ...r, counters: { ...r.counters, fastOps: this.#fastOps, sharedOps: this.#sharedOps } };
  }
}

/** A biased instance of `variant`: the counting class for a counting pass, else the timed one. */
export function createBiased(context: StrategyContext, variant: BiasedVariant): BiasedStrategy {
  return context.counting ? new CountingBiasedStrategy(context, variant) : new BiasedStrategy(context, variant);
}

export const biasedStrategy = defineStrategy({
  name: 'biased',
  family: 'biased',
  counters: BIASED_COUNTERS,
  description: 'biased reference counting as in PEP 703: owner counts without atomics, others atomically, queue and merge',
  headerWords: BIASED_HEADER_WORDS,
  threadSafe: true,
  sharedWords: biasedSharedWords,
  create: (context) => createBiased(context, { name: 'biased', immortal: true }),
});

export default biasedStrategy;
