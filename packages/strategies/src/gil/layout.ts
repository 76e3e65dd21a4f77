/**
 * Where the GIL strategies keep their state: one header word per object and a shared region
 * for the lock. How they are used is in `../gil.ts` and `handoff.ts`.
 *
 * Header (1 word):
 * - RC  the count, read and written with plain accesses by the GIL holder only; the lock's
 *       Atomics operations order one holder's writes before the next holder's reads. An
 *       immortal object (PEP 683) has `IMMORTAL_RC` (negative) and is never written again.
 *
 * Shared region:
 * - GIL_LOCKED         0 free, 1 taken (CPython `locked`); taken by compare-and-swap.
 * - GIL_SWITCH_NUMBER  owner changes so far (`switch_number`); written by the holder.
 * - GIL_LAST_HOLDER    thread index + 1 of the current or last holder (`last_holder`); the
 *                      forced dropper waits on this word until it changes.
 * - BREAKERS + 16·t    thread t's eval breaker; bit DROP_REQUEST set (Atomics.or) by a waiter,
 *                      cleared by t when it takes the lock or drops on request. One cache line
 *                      per thread.
 *
 * Invariants: exactly one attached, unblocked thread holds the lock (GIL_LOCKED = 1) and only
 * it touches objects; GIL_LAST_HOLDER names it; a thread with DROP_REQUEST set drops at its
 * next checkpoint.
 */
import { OBJ_HEADER } from '@rclab/core';

/** Header word: the count. */
export const RC = OBJ_HEADER;
/** Header words in all. */
export const GIL_HEADER_WORDS = 1;

/** Shared region: the lock word (0 free, 1 taken). */
export const GIL_LOCKED = 0;
/** Shared region: number of owner changes. */
export const GIL_SWITCH_NUMBER = 1;
/** Shared region: thread index + 1 of the current or last holder (0: nobody yet). */
export const GIL_LAST_HOLDER = 2;
/** Shared region: first eval-breaker word (thread t's is at `BREAKERS + t * BREAKER_STRIDE`). */
export const GIL_BREAKERS = 16;
/** Words between two threads' eval breakers (one 64-byte cache line). */
export const BREAKER_STRIDE = 16;
/** Eval-breaker bit: another thread asked the holder to drop the lock. */
export const DROP_REQUEST = 1 << 0;

/** Shared words of a GIL for `threads` workers (plus the main thread). */
export function gilSharedWords(threads: number): number {
  return GIL_BREAKERS + (threads + 1) * BREAKER_STRIDE;
}
