/**
 * Where biased reference counting keeps its state: five header words per object and one cache
 * line per thread in the shared region, and the invariants over them. How they are used is
 * in `../biased.ts`; the queue paths are in `brc.ts`.
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
 * - LOCK   the critical-section mutex (`ob_mutex`, see `../_internal/pyMutex.ts`).
 *
 * Shared region (one cache line per thread t, at THREADS + t·16, after the mutex tokens):
 * - BREAKER     eval breaker; bit EXPLICIT_MERGE (CPython's `_PY_EVAL_EXPLICIT_MERGE_BIT`,
 *               1 << 6) set with Atomics.or by a queuer, cleared by the owner before it merges.
 * - QUEUE_HEAD  the owner's merge queue: a Treiber stack, pushed with CAS by non-owners and
 *               emptied by the owner with one Atomics.exchange (only one thread ever pops, and
 *               it takes everything, so there is no ABA problem). QUEUE_CLOSED once the thread
 *               has detached: brc.c's "owner not found".
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
 */
import { OBJ_HEADER } from '@rclab/core';
import { mutexTokenWords } from '../_internal/pyMutex.ts';

/** Header word: owner's thread index + 1 (0: unowned). */
export const TID = OBJ_HEADER;
/** Header word: the owner's count. */
export const LOCAL = OBJ_HEADER + 1;
/** Header word: shared count << 2 | flags. */
export const SHARED = OBJ_HEADER + 2;
/** Header word: next object in the owner's merge queue. */
export const LINK = OBJ_HEADER + 3;
/** Header word: critical-section mutex. */
export const LOCK = OBJ_HEADER + 4;
/** Header words in all. */
export const BIASED_HEADER_WORDS = 5;

/** LOCAL of an immortal object (CPython's `_Py_IMMORTAL_REFCNT_LOCAL`, UINT32_MAX, as int32). */
export const IMMORTAL_LOCAL = -1;
/** `_Py_REF_SHARED_SHIFT`. */
export const SHARED_SHIFT = 2;
/** One reference in SHARED. */
export const ONE_SHARED = 1 << SHARED_SHIFT;
/** `_Py_REF_SHARED_FLAG_MASK`. */
export const FLAG_MASK = 0x3;
/** `_Py_REF_QUEUED`. */
export const QUEUED = 0x2;
/** `_Py_REF_MERGED`. */
export const MERGED = 0x3;

/** Shared region: first word of the thread blocks (after the mutex tokens, on a cache line). */
export const threadsBase = (threads: number): number => Math.ceil(mutexTokenWords(threads) / 16) * 16;
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

/** Shared words of the biased strategies for `threads` workers (plus the main thread). */
export function biasedSharedWords(threads: number): number {
  return threadsBase(threads) + (threads + 1) * THREAD_STRIDE;
}
