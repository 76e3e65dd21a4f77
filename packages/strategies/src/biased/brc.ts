/**
 * The merge queues of biased reference counting: CPython's `Python/brc.c` (at commit 17efa944),
 * plus `_Py_ExplicitMergeRefcount` from `Objects/object.c`, which only the queue paths use.
 *
 *   CPython                                     here
 *   struct _brc_thread_state (pycore_brc.h)     BrcThread
 *   _Py_brc_queue_object                        queueObject
 *   _Py_ExplicitMergeRefcount                   explicitMerge
 *   _Py_brc_merge_refcounts                     mergeQueue
 *   _Py_brc_remove_thread                       removeThread
 *
 * All of it is the slow path: a non-owner reaches it once per object (the decrement that finds
 * SHARED at 0, see `../biased.ts`), the owner once per checkpoint that finds its EXPLICIT_MERGE
 * bit set, and once at detach. The owner's fast path never calls in here. Plain functions over
 * a `BrcThread`, so the strategy calls them directly (no wrapper, no closure) and the counters
 * they keep are plain fields.
 */
import { type Heap, type Ref } from '@rclab/core';
import { BREAKER, EXPLICIT_MERGE, LINK, LOCAL, MERGED, QUEUE_CLOSED, QUEUE_HEAD, SHARED, SHARED_SHIFT, THREAD_STRIDE, TID } from './layout.ts';

/**
 * One thread's queue state (CPython keeps it in `_PyThreadStateImpl.brc`): where its queue
 * head and eval breaker are, where every thread's block starts (to push onto an owner's
 * queue), and the counters of the queue paths.
 */
export class BrcThread {
  readonly i32: Int32Array;
  readonly heap: Heap;
  /** First word of thread 0's block. */
  readonly threads: number;
  /** This thread's QUEUE_HEAD word. */
  readonly head: number;
  /** This thread's BREAKER word. */
  readonly breaker: number;
  queued = 0;
  queuePushRetries = 0;
  merges = 0;
  mergePasses = 0;
  ownerGoneMerges = 0;
  /** Objects freed on the queue paths (the strategy counts the others). */
  deallocs = 0;

  constructor(heap: Heap, threads: number, threadIndex: number) {
    this.i32 = heap.i32;
    this.heap = heap;
    this.threads = threads;
    const block = threads + threadIndex * THREAD_STRIDE;
    this.head = block + QUEUE_HEAD;
    this.breaker = block + BREAKER;
  }
}

/**
 * `_Py_brc_queue_object`: hand the reference the caller holds (it has just set QUEUED) to the
 * owner's queue. Returns false if the owner merged concurrently (TID is 0): the caller then
 * drops that reference as an ordinary one, as CPython's `Py_DECREF` there does.
 */
export function queueObject(brc: BrcThread, ref: Ref): boolean {
  const i32 = brc.i32;
  const owner = Atomics.load(i32, ref + TID);
  if (owner === 0) return false;
  const block = brc.threads + (owner - 1) * THREAD_STRIDE;
  const head = block + QUEUE_HEAD;
  for (;;) {
    const top = Atomics.load(i32, head);
    if (top === QUEUE_CLOSED) {
      // The owner has left: merge for it, dropping the reference we hold.
      brc.ownerGoneMerges++;
      if (explicitMerge(i32, ref, -1) === 0) dealloc(brc, ref);
      return true;
    }
    i32[ref + LINK] = top;
    if (Atomics.compareExchange(i32, head, top, ref) === top) break;
    // Another thread pushed (or the owner emptied the queue) between our load and our CAS.
    brc.queuePushRetries++;
  }
  brc.queued++;
  Atomics.or(i32, block + BREAKER, EXPLICIT_MERGE);
  return true;
}

/** `_Py_ExplicitMergeRefcount`: fold LOCAL into SHARED, mark MERGED, return the total. */
export function explicitMerge(i32: Int32Array, ref: Ref, extra: number): number {
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
export function mergeQueue(brc: BrcThread): void {
  const i32 = brc.i32;
  let node = Atomics.exchange(i32, brc.head, 0);
  if (node === 0) return;
  brc.mergePasses++;
  while (node !== 0) {
    const next = i32[node + LINK] as number;
    i32[node + LINK] = 0;
    brc.merges++;
    // The queue held one reference: merge with −1.
    if (explicitMerge(i32, node, -1) === 0) dealloc(brc, node);
    node = next;
  }
}

/** `_Py_brc_remove_thread`: drain the queue until it can be closed, then clear the breaker. */
export function removeThread(brc: BrcThread): void {
  const i32 = brc.i32;
  for (;;) {
    mergeQueue(brc);
    if (Atomics.compareExchange(i32, brc.head, 0, QUEUE_CLOSED) === 0) break;
  }
  Atomics.store(i32, brc.breaker, 0);
}

function dealloc(brc: BrcThread, ref: Ref): void {
  brc.deallocs++;
  brc.heap.dealloc(ref);
}
