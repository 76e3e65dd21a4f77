/**
 * A futex-style mutex in one heap word (Drepper, "Futexes Are Tricky", mutex #3), the shape of
 * CPython's `PyMutex` (`Python/lock.c`): a CAS fast path, a bounded spin, then parking with
 * `Atomics.wait` on the word itself.
 *
 * Word values: 0 unlocked, 1 locked with no waiter, 2 locked and a waiter may be parked.
 * Functions, not a class: callers pass the word index, so the fast path stays one CAS.
 */
export const UNLOCKED = 0;
export const LOCKED = 1;
export const CONTENDED = 2;
/** Spins before parking (CPython: `MAX_SPIN_COUNT` 40 in the free-threaded build). */
export const MAX_SPIN = 40;

/** Counters the slow path adds to; each strategy instance owns one. */
export interface MutexStats {
  contended: number;
  parks: number;
  waitMs: number;
}

export function newMutexStats(): MutexStats {
  return { contended: 0, parks: 0, waitMs: 0 };
}

/** Acquire the mutex at word `w`. */
export function mutexLock(i32: Int32Array, w: number, stats: MutexStats): void {
  if (Atomics.compareExchange(i32, w, UNLOCKED, LOCKED) !== UNLOCKED) mutexLockSlow(i32, w, stats);
}

function mutexLockSlow(i32: Int32Array, w: number, stats: MutexStats): void {
  stats.contended++;
  const t0 = performance.now();
  for (let spin = 0; spin < MAX_SPIN; spin++) {
    if (Atomics.load(i32, w) === UNLOCKED && Atomics.compareExchange(i32, w, UNLOCKED, LOCKED) === UNLOCKED) {
      stats.waitMs += performance.now() - t0;
      return;
    }
  }
  let c = Atomics.exchange(i32, w, CONTENDED);
  while (c !== UNLOCKED) {
    stats.parks++;
    Atomics.wait(i32, w, CONTENDED);
    c = Atomics.exchange(i32, w, CONTENDED);
  }
  stats.waitMs += performance.now() - t0;
}

/** Release the mutex at word `w`. */
export function mutexUnlock(i32: Int32Array, w: number): void {
  if (Atomics.sub(i32, w, 1) !== LOCKED) {
    Atomics.store(i32, w, UNLOCKED);
    Atomics.notify(i32, w, 1);
  }
}
