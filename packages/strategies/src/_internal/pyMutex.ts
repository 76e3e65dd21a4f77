/**
 * A mutex in one heap word, modelled on CPython's `PyMutex` (`Python/lock.c`,
 * `Include/internal/pycore_lock.h`): a compare-and-swap fast path, a bounded spin, then parking
 * with `Atomics.wait` on the word itself; and, for fairness, a direct hand-off of the lock to a
 * waiter that has waited longer than `TIME_TO_BE_FAIR_MS` (CPython: `TIME_TO_BE_FAIR_NS`, 1 ms).
 *
 * ## The lock word
 * ```
 * bit 0      LOCKED      somebody holds the lock
 * bit 1      HAS_PARKED  a waiter may be parked on the word (Atomics.wait); unlock must notify
 * bits 2..9  FAIR        thread index + 1 of a waiter that waited too long and asked for a
 *                        hand-off (0: none). It waits on its own token word, not on the lock word.
 * ```
 *
 * ## The hand-off (CPython's `mutex_unpark` with `handed_off`)
 * CPython's parking lot knows each parked waiter's arrival time, so the unlocking thread can
 * decide to hand the lock over instead of releasing it. `Atomics.wait` has no such record, so
 * the starving waiter announces itself: it parks with a timeout that ends when it has waited
 * 1 ms, and if the lock is still held then it writes its id into FAIR (one compare-and-swap
 * while the lock is held) and waits on its own token word. The next
 * unlock sees FAIR, keeps LOCKED set — so no spinning or barging thread can take the lock in
 * between — clears FAIR, sets the waiter's token and wakes it: the waiter returns owning the
 * lock. One FAIR slot per lock; a second starving waiter parks normally and claims the slot
 * when it is free again.
 *
 * ## Invariants
 * - Only the holder clears LOCKED; a hand-off transfers ownership without clearing it.
 * - A waiter that has parked sets HAS_PARKED again when it takes the lock (it cannot know
 *   whether others are still parked: Drepper's "contended" state, "Futexes Are Tricky" §5),
 *   so an unlock never strands a parked waiter.
 * - A thread waits for at most one lock at a time, so one token word per thread suffices.
 *
 * Functions, not a class: callers pass the word index, so the fast paths stay one CAS each.
 */
import type { CounterSpec } from '@rclab/core';
export const UNLOCKED = 0;
export const LOCKED = 1;
export const HAS_PARKED = 2;
/** Shift of the FAIR field (thread index + 1 of a waiter owed a hand-off). */
export const FAIR_SHIFT = 2;
/** Spins before parking (CPython: `MAX_SPIN_COUNT` 40 in the free-threaded build). */
export const MAX_SPIN = 40;
/** A waiter that has waited this long asks for a direct hand-off (CPython: 1 ms). */
export const TIME_TO_BE_FAIR_MS = 1;
/** Added to the fairness timeout so the waiter wakes just past the deadline, not just before. */
const FAIR_SLACK_MS = 0.05;

/** Words of shared state the mutexes of a run need: one hand-off token per thread (0..threads). */
export function mutexTokenWords(threads: number): number {
  return threads + 1;
}

/** One thread's identity and counters for every mutex it takes. Each strategy instance owns one. */
export interface MutexWaiter {
  /** Thread index + 1: the value this thread writes into FAIR. */
  readonly id: number;
  /** Word index of thread 0's token; thread t's token is `tokenBase + t`. */
  readonly tokenBase: number;
  /** Acquisitions that missed the fast path. */
  contended: number;
  /** Times this thread parked on a lock word. */
  parks: number;
  /** Acquisitions this thread received by hand-off. */
  handoffs: number;
  /** Milliseconds spent in the slow path. */
  waitMs: number;
}

/** The counters of {@link mutexCounters}, with units, for a strategy's `counters` declaration. */
export const MUTEX_COUNTERS: readonly CounterSpec[] = [
  { name: 'lockContended', unit: 'count', description: 'lock attempts that found the per-object mutex taken' },
  { name: 'lockParks', unit: 'count', description: 'times a thread parked waiting for a mutex' },
  { name: 'lockHandoffs', unit: 'count', description: 'times this thread was handed the mutex directly by its holder (the fairness hand-off)' },
  { name: 'lockWaitMs', unit: 'ms', description: 'time spent waiting for per-object mutexes' },
];

/** The mutex's counters under the names every strategy reports them by. */
export function mutexCounters(m: MutexWaiter): Record<string, number> {
  return { lockContended: m.contended, lockParks: m.parks, lockHandoffs: m.handoffs, lockWaitMs: m.waitMs };
}

export function newMutexWaiter(threadIndex: number, tokenBase: number): MutexWaiter {
  return { id: threadIndex + 1, tokenBase, contended: 0, parks: 0, handoffs: 0, waitMs: 0 };
}

/** Acquire the mutex at word `w`. */
export function mutexLock(i32: Int32Array, w: number, me: MutexWaiter): void {
  if (Atomics.compareExchange(i32, w, UNLOCKED, LOCKED) !== UNLOCKED) mutexLockSlow(i32, w, me);
}

/** Release the mutex at word `w` (the caller holds it). */
export function mutexUnlock(i32: Int32Array, w: number, me: MutexWaiter): void {
  if (Atomics.compareExchange(i32, w, LOCKED, UNLOCKED) !== LOCKED) mutexUnlockSlow(i32, w, me.tokenBase);
}

function mutexLockSlow(i32: Int32Array, w: number, me: MutexWaiter): void {
  me.contended++;
  const t0 = performance.now();
  let spins = 0;
  let parked = false;
  for (;;) {
    let v = Atomics.load(i32, w);
    if ((v & LOCKED) === 0) {
      const next = v | LOCKED | (parked ? HAS_PARKED : 0);
      if (Atomics.compareExchange(i32, w, v, next) === v) break;
      continue;
    }
    // CPython spins with sched_yield() between tries; JavaScript has no yield, so this is a
    // plain spin of MAX_SPIN loads.
    if ((v & HAS_PARKED) === 0 && spins < MAX_SPIN) {
      spins++;
      continue;
    }
    const waited = performance.now() - t0;
    if (waited > TIME_TO_BE_FAIR_MS && v >>> FAIR_SHIFT === 0) {
      const token = me.tokenBase + me.id - 1;
      Atomics.store(i32, token, 0);
      if (Atomics.compareExchange(i32, w, v, v | (me.id << FAIR_SHIFT)) === v) {
        // The holder's unlock hands the lock to us: it keeps LOCKED set and fills our token.
        while (Atomics.load(i32, token) === 0) Atomics.wait(i32, token, 0);
        me.handoffs++;
        break;
      }
      continue;
    }
    if ((v & HAS_PARKED) === 0) {
      if (Atomics.compareExchange(i32, w, v, v | HAS_PARKED) !== v) continue;
      v |= HAS_PARKED;
    }
    me.parks++;
    parked = true;
    // Returns at once if the word is no longer `v` (an unlock in between): no lost wake-up.
    // Until this waiter is owed fairness it parks only until then, so it can claim the hand-off
    // while the lock is still held; after that (the FAIR slot is taken) it waits for an unlock.
    Atomics.wait(i32, w, v, waited <= TIME_TO_BE_FAIR_MS ? TIME_TO_BE_FAIR_MS - waited + FAIR_SLACK_MS : Infinity);
  }
  me.waitMs += performance.now() - t0;
}

function mutexUnlockSlow(i32: Int32Array, w: number, tokenBase: number): void {
  for (;;) {
    const v = Atomics.load(i32, w);
    const fair = v >>> FAIR_SHIFT;
    if (fair !== 0) {
      // Hand off: the lock stays LOCKED, now owned by the fair waiter.
      if (Atomics.compareExchange(i32, w, v, (v & HAS_PARKED) | LOCKED) === v) {
        const token = tokenBase + fair - 1;
        Atomics.store(i32, token, 1);
        Atomics.notify(i32, token, 1);
        return;
      }
      continue;
    }
    if (Atomics.compareExchange(i32, w, v, UNLOCKED) === v) {
      if ((v & HAS_PARKED) !== 0) Atomics.notify(i32, w, 1);
      return;
    }
  }
}
