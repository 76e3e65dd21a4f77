/**
 * `biased` — biased reference counting as free-threaded CPython does it (PEP 703; Choi, Shull
 * and Torrellas, "Biased Reference Counting", PACT 2018). The real one lives in
 * `Include/refcount.h` (`Py_INCREF`/`Py_DECREF`), `Objects/object.c` (`_Py_DecRefShared`,
 * `_Py_MergeZeroLocalRefcount`, `_Py_ExplicitMergeRefcount`) and `Python/brc.c` (the queues).
 *
 * Pinned to the free-threaded build of 3.13+ as read in python/cpython main snapshots:
 * `Python/brc.c` at commit 17efa944, `Objects/object.c` at 43c9c993 (with the gh-121794 order).
 *
 *   CPython                                             here
 *   Py_INCREF / Py_DECREF, owner path (refcount.h)      incref / decref
 *   _Py_atomic_add_ssize(&ob_ref_shared) in Py_INCREF   #increfShared
 *   _Py_DecRefShared (_Py_DecRefSharedIsDead)           #decrefShared
 *   _Py_MergeZeroLocalRefcount                          #mergeZeroLocal
 *   _Py_ExplicitMergeRefcount                           #explicitMerge
 *   _Py_brc_queue_object                                #queueObject
 *   _Py_brc_merge_refcounts (from _Py_HandlePending)    checkpoint → #handlePending → #mergeQueue
 *   _Py_brc_remove_thread                               detach
 *   _Py_SetImmortalUntracked                            immortalize
 *   PyMutex_Lock / PyMutex_Unlock on ob_mutex           lockObject / unlockObject
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
 * Header (5 words):
 * - TID    owner's thread index + 1 (`ob_tid`); 0 once merged, or for an immortal object.
 *          Written by the owner at allocation and at a merge, by a non-owner only when it merges
 *          for an owner that has left; always with Atomics outside `initHeader`.
 * - LOCAL  the owner's count (`ob_ref_local`); plain reads and writes by the owner only.
 * - SHARED count << 2 | flags (`ob_ref_shared`): SHARED_INIT 0, QUEUED 2, MERGED 3 (CPython's
 *          values; rclab has no weak references, so flag 1, MAYBE_WEAKREF, is never set). The
 *          count may go negative. Atomics only; flags only ever go up.
 * - LINK   next object in the owner's merge queue while the object is queued. CPython keeps
 *          queued objects in a separately allocated `_PyObjectStack`; an intrusive link needs no
 *          allocation, and is enough because an object is queued at most once.
 * - LOCK   the critical-section mutex (`ob_mutex`, see `_internal/pyMutex.ts`).
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
 * Invariants (the paper's Table 2, CPython's variant):
 * - I1 LOCAL + (SHARED >> 2) = references to the object, counting a pending queue entry as one.
 * - I2 while TID names an owner, only that owner touches LOCAL, and LOCAL ≥ 0; once the owner
 *      has detached, only the one thread that would queue the object (I5) merges it.
 * - I4 ownership ends only at a merge, which writes LOCAL = 0 and TID = 0 before SHARED (gh-119999).
 * - I5 an object is queued at most once: only the decrement that moves SHARED from exactly 0 to
 *      QUEUED pushes it, and flags never go back down.
 * - The object is freed exactly once: by the owner (LOCAL → 0 with SHARED 0, or a merge that
 *   totals 0), or by the thread that takes a MERGED object's count to 0.
 *
 * Shared region (one cache line per thread t, at THREADS + t·16, after the mutex tokens):
 * - BREAKER     eval breaker; bit EXPLICIT_MERGE (CPython's `_PY_EVAL_EXPLICIT_MERGE_BIT`,
 *               1 << 6) set with Atomics.or by a queuer, cleared by the owner before it merges.
 * - QUEUE_HEAD  the owner's merge queue: a Treiber stack, pushed with CAS by non-owners and
 *               emptied by the owner with one Atomics.exchange (only one thread ever pops, and
 *               it takes everything, so there is no ABA problem). QUEUE_CLOSED once the thread
 *               has detached: brc.c's "owner not found".
 */
import { defineStrategy, IMMORTAL_REFCOUNT, OBJ_HEADER, type CounterSpec, type Heap, type Ref, type Strategy, type StrategyContext, type StrategyReport } from '@rclab/core';
import { MUTEX_COUNTERS, type MutexWaiter, mutexLock, mutexTokenWords, mutexUnlock, newMutexWaiter, mutexCounters } from './_internal/pyMutex.ts';

/** Header word: owner's thread index + 1 (0: unowned). */
export const TID = OBJ_HEADER;
/** Header word: the owner's count. */
export const LOCAL = OBJ_HEADER + 1;
/** Header word: shared count << 2 | flags. */
export const SHARED = OBJ_HEADER + 2;
/** Header word: next object in the owner's merge queue. */
const LINK = OBJ_HEADER + 3;
/** Header word: critical-section mutex. */
export const LOCK = OBJ_HEADER + 4;

/** LOCAL of an immortal object (CPython's `_Py_IMMORTAL_REFCNT_LOCAL`, UINT32_MAX, as int32). */
export const IMMORTAL_LOCAL = -1;
/** `_Py_REF_SHARED_SHIFT`. */
export const SHARED_SHIFT = 2;
/** One reference in SHARED. */
const ONE_SHARED = 1 << SHARED_SHIFT;
/** `_Py_REF_SHARED_FLAG_MASK`. */
export const FLAG_MASK = 0x3;
/** `_Py_REF_QUEUED`. */
export const QUEUED = 0x2;
/** `_Py_REF_MERGED`. */
export const MERGED = 0x3;

/** Shared region: first word of the thread blocks (after the mutex tokens, on a cache line). */
const threadsBase = (threads: number): number => Math.ceil(mutexTokenWords(threads) / 16) * 16;
/** Words per thread block. */
export const THREAD_STRIDE = 16;
/** Thread block: eval breaker. */
export const BREAKER = 0;
/** Thread block: merge-queue head. */
export const QUEUE_HEAD = 1;
/** Eval-breaker bit: objects are queued for this thread to merge. */
export const EXPLICIT_MERGE = 1 << 6;
/** QUEUE_HEAD of a thread that has detached. */
export const QUEUE_CLOSED = -1;

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
  readonly #threads: number;
  readonly #breaker: number;
  readonly #head: number;
  readonly #mutex: MutexWaiter;
  #queued = 0;
  #queuePushRetries = 0;
  #merges = 0;
  #mergePasses = 0;
  #zeroLocalMerges = 0;
  #fastDeallocs = 0;
  #ownerGoneMerges = 0;
  #deallocs = 0;

  constructor(context: StrategyContext, variant: BiasedVariant) {
    this.name = variant.name;
    this.#immortal = variant.immortal;
    this.#heap = context.heap;
    this.#i32 = context.heap.i32;
    this.#tid = context.threadIndex + 1;
    this.#threads = context.heap.strategyBase + threadsBase(context.threads);
    const block = this.#threads + context.threadIndex * THREAD_STRIDE;
    this.#breaker = block + BREAKER;
    this.#head = block + QUEUE_HEAD;
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

  // ---- the slow paths ---------------------------------------------------------------------

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
        if (queue) this.#queueObject(ref);
        else if (next === MERGED) this.#dealloc(ref);
        return;
      }
      shared = seen;
    }
  }

  /** `_Py_brc_queue_object`: hand the reference we hold to the owner's queue. */
  #queueObject(ref: Ref): void {
    const i32 = this.#i32;
    const owner = Atomics.load(i32, ref + TID);
    if (owner === 0) {
      // The owner merged concurrently: drop the queue's reference as an ordinary one.
      this.decref(ref);
      return;
    }
    const block = this.#threads + (owner - 1) * THREAD_STRIDE;
    const head = block + QUEUE_HEAD;
    for (;;) {
      const top = Atomics.load(i32, head);
      if (top === QUEUE_CLOSED) {
        // The owner has left: merge for it, dropping the reference we hold.
        this.#ownerGoneMerges++;
        if (this.#explicitMerge(ref, -1) === 0) this.#dealloc(ref);
        return;
      }
      i32[ref + LINK] = top;
      if (Atomics.compareExchange(i32, head, top, ref) === top) break;
      // Another thread pushed (or the owner emptied the queue) between our load and our CAS.
      this.#queuePushRetries++;
    }
    this.#queued++;
    Atomics.or(i32, block + BREAKER, EXPLICIT_MERGE);
  }

  /** `_Py_ExplicitMergeRefcount`: fold LOCAL into SHARED, mark MERGED, return the total. */
  #explicitMerge(ref: Ref, extra: number): number {
    const i32 = this.#i32;
    const local = Atomics.load(i32, ref + LOCAL);
    Atomics.store(i32, ref + LOCAL, 0);
    Atomics.store(i32, ref + TID, 0);
    let shared = Atomics.load(i32, ref + SHARED);
    for (;;) {
      const total = (shared >> SHARED_SHIFT) + local + extra;
      const seen = Atomics.compareExchange(i32, ref + SHARED, shared, (total << SHARED_SHIFT) | MERGED);
      if (seen === shared) return total;
      shared = seen;
    }
  }

  /** `_Py_brc_merge_refcounts`: merge everything queued for this thread. */
  #mergeQueue(): void {
    const i32 = this.#i32;
    let node = Atomics.exchange(i32, this.#head, 0);
    if (node === 0) return;
    this.#mergePasses++;
    while (node !== 0) {
      const next = i32[node + LINK] as number;
      i32[node + LINK] = 0;
      this.#merges++;
      // The queue held one reference: merge with −1.
      if (this.#explicitMerge(node, -1) === 0) this.#dealloc(node);
      node = next;
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
    this.#mergeQueue();
  }

  attach(): void {}

  /** `_Py_brc_remove_thread`: drain the queue until it can be closed. */
  detach(): void {
    const i32 = this.#i32;
    for (;;) {
      this.#mergeQueue();
      if (Atomics.compareExchange(i32, this.#head, 0, QUEUE_CLOSED) === 0) break;
    }
    Atomics.store(i32, this.#breaker, 0);
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
    const m = this.#mutex;
    return {
      counters: {
        queued: this.#queued,
        queuePushRetries: this.#queuePushRetries,
        merges: this.#merges,
        mergePasses: this.#mergePasses,
        zeroLocalMerges: this.#zeroLocalMerges,
        fastDeallocs: this.#fastDeallocs,
        ownerGoneMerges: this.#ownerGoneMerges,
        deallocs: this.#deallocs,
        ...mutexCounters(m),
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

/** Shared words of the biased strategies for `threads` workers (plus the main thread). */
export function biasedSharedWords(threads: number): number {
  return threadsBase(threads) + (threads + 1) * THREAD_STRIDE;
}

/** Biased counting's counters with units (`fastOps`, `sharedOps` only in a counting pass). */
export const BIASED_COUNTERS: readonly CounterSpec[] = [
  { name: 'fastOps', unit: 'count', description: "owner's plain updates of its local count (counting pass only)" },
  { name: 'sharedOps', unit: 'count', description: 'atomic updates of the shared count by other threads (counting pass only)' },
  { name: 'queued', unit: 'objects', description: 'objects queued to their owner for a merge (shared count went negative)' },
  { name: 'queuePushRetries', unit: 'count', description: "retries of a lock-free push onto an owner's queue" },
  { name: 'merges', unit: 'objects', description: 'objects whose local and shared counts the owner merged' },
  { name: 'mergePasses', unit: 'count', description: "owner's passes over its merge queue" },
  { name: 'zeroLocalMerges', unit: 'objects', description: 'objects whose local count reached 0 while other threads held references: ownership given up, counts merged' },
  { name: 'fastDeallocs', unit: 'count', description: 'frees by the owner of objects no other thread ever counted (no atomic operation)' },
  { name: 'ownerGoneMerges', unit: 'objects', description: 'objects merged because their owner thread had finished' },
  { name: 'deallocs', unit: 'count', description: 'objects freed' },
  ...MUTEX_COUNTERS,
];

export const biasedStrategy = defineStrategy({
  name: 'biased',
  family: 'biased',
  counters: BIASED_COUNTERS,
  description: 'biased reference counting as in PEP 703: owner counts without atomics, others atomically, queue and merge',
  headerWords: 5,
  threadSafe: true,
  sharedWords: biasedSharedWords,
  create: (context) => createBiased(context, { name: 'biased', immortal: true }),
});

export default biasedStrategy;
