import type { Ref } from '@rclab/core';
import { QUEUE_COUNT, QUEUE_HEAD, QUEUE_MIN_CAPACITY, QUEUE_MUTEX, QUEUE_SEQ, QUEUE_STORAGE, QUEUE_WAITERS, QUEUE_WORDS, T_QUEUE } from '../objects.ts';
import { DictObjects } from './dict.ts';

/**
 * The queue's own mutex: one word in the queue object, a three-state futex (Drepper,
 * "Futexes Are Tricky"): free, locked, or locked with a waiter that an unlock must wake.
 *
 * Why the queue has its own lock and not the strategies' `PyMutex` (`@rclab/strategies`,
 * `_internal/pyMutex.ts`): that mutex's fair hand-off needs one token word per thread in a
 * shared region its owner allocates (a strategy's `sharedWords`), and the interpreter has no
 * region of its own: it runs inside any workload, over any strategy, through core's contract
 * alone. Taking the strategies' mutex would also turn the arrow core ← interpreter into
 * core ← strategies ← interpreter for one lock that only the queue scenarios take, and would
 * change the queue's locking (and so the figures of the scenarios that use it) in a move that
 * must not change behaviour. The queue's lock is not a strategy's lock anyway: `queue.Queue`
 * has its own lock whatever the build.
 */
const QUEUE_UNLOCKED = 0;
const QUEUE_LOCKED = 1;
const QUEUE_CONTENDED = 2;
/** Spins on a contended queue mutex before parking (CPython's `MAX_SPIN_COUNT`). */
const QUEUE_SPINS = 40;

/** Queues: a `queue.SimpleQueue`-like ring buffer with its own lock (CPython: `Modules/_queuemodule.c`). */
export class QueueObjects extends DictObjects {
  /** A new empty queue. */
  newQueue(): Ref {
    const q = this.heap.newObject(T_QUEUE, 1, QUEUE_WORDS);
    this.i32[q + this.pb + QUEUE_STORAGE] = this.arrNew(QUEUE_MIN_CAPACITY);
    return q;
  }

  /** Items in a queue (0 and a fault if `q` is not one). Takes the queue's lock. */
  queueLen(q: Ref): number {
    if (!this.isA(q, T_QUEUE)) {
      this.fault(q);
      return 0;
    }
    this.queueLock(q);
    const n = this.i32[q + this.pb + QUEUE_COUNT] as number;
    this.queueUnlock(q);
    return n;
  }

  /** Takes the queue's own mutex (a futex word in the queue, like `PyMutex`). */
  queueLock(q: Ref): void {
    const w = q + this.pb + QUEUE_MUTEX;
    if (Atomics.compareExchange(this.i32, w, QUEUE_UNLOCKED, QUEUE_LOCKED) !== QUEUE_UNLOCKED) this.#queueLockSlow(w);
  }

  #queueLockSlow(w: number): void {
    const i32 = this.i32;
    for (let spin = 0; spin < QUEUE_SPINS; spin++) {
      if (Atomics.load(i32, w) === QUEUE_UNLOCKED && Atomics.compareExchange(i32, w, QUEUE_UNLOCKED, QUEUE_LOCKED) === QUEUE_UNLOCKED) return;
    }
    while (Atomics.exchange(i32, w, QUEUE_CONTENDED) !== QUEUE_UNLOCKED) Atomics.wait(i32, w, QUEUE_CONTENDED);
  }

  /** Releases the queue's mutex. */
  queueUnlock(q: Ref): void {
    const w = q + this.pb + QUEUE_MUTEX;
    // LOCKED - 1 is UNLOCKED: the fast path. From CONTENDED, release and wake one waiter.
    if (Atomics.sub(this.i32, w, 1) !== QUEUE_LOCKED) {
      Atomics.store(this.i32, w, QUEUE_UNLOCKED);
      Atomics.notify(this.i32, w, 1);
    }
  }

  /**
   * `q.put(item)` on a `queue.SimpleQueue`-like object: under the queue's own lock (whatever
   * the strategy), the queue takes a new reference to `item`; a blocked `get` is woken.
   */
  queuePut(q: Ref, item: Ref): void {
    if (!this.isA(q, T_QUEUE)) {
      this.fault(q);
      return;
    }
    const i32 = this.i32;
    const base = q + this.pb;
    this.strategy.incref(item);
    this.queueLock(q);
    let storage = i32[base + QUEUE_STORAGE] as number;
    const head = i32[base + QUEUE_HEAD] as number;
    const count = i32[base + QUEUE_COUNT] as number;
    const cap = this.arrCap(storage);
    if (count >= cap) {
      storage = this.arrMoveTo(storage, head, count, Math.max(QUEUE_MIN_CAPACITY, cap * 2));
      i32[base + QUEUE_STORAGE] = storage;
      i32[base + QUEUE_HEAD] = 0;
      this.arrSet(storage, count, item);
    } else {
      this.arrSet(storage, (head + count) & (cap - 1), item);
    }
    i32[base + QUEUE_COUNT] = count + 1;
    Atomics.add(i32, base + QUEUE_SEQ, 1);
    this.queueUnlock(q);
    if (Atomics.load(i32, base + QUEUE_WAITERS) > 0) Atomics.notify(i32, base + QUEUE_SEQ);
  }

  /** Takes the oldest item without waiting: the queue's reference moves to the caller; 0 if empty. */
  queueTryGet(q: Ref): Ref {
    const i32 = this.i32;
    const base = q + this.pb;
    this.queueLock(q);
    const count = i32[base + QUEUE_COUNT] as number;
    let item = 0;
    if (count > 0) {
      const storage = i32[base + QUEUE_STORAGE] as number;
      const head = i32[base + QUEUE_HEAD] as number;
      const cap = this.arrCap(storage);
      item = this.arrGet(storage, head);
      this.arrSet(storage, head, 0);
      i32[base + QUEUE_HEAD] = cap > 0 ? (head + 1) & (cap - 1) : 0;
      i32[base + QUEUE_COUNT] = count - 1;
    }
    this.queueUnlock(q);
    return item;
  }

  /**
   * `q.get(timeout)`: the oldest item (a reference moved to the caller), waiting up to
   * `timeoutMs` for one. While it waits the thread steps out of the interpreter
   * (`beginBlocking`), as `queue.Queue.get` releases the GIL in its lock's wait. Returns 0 on
   * timeout (Python raises `queue.Empty`).
   */
  queueGet(q: Ref, timeoutMs: number): Ref {
    if (!this.isA(q, T_QUEUE)) {
      this.fault(q);
      return 0;
    }
    const i32 = this.i32;
    const seqWord = q + this.pb + QUEUE_SEQ;
    const waiters = q + this.pb + QUEUE_WAITERS;
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const seq = Atomics.load(i32, seqWord);
      const item = this.queueTryGet(q);
      if (item !== 0) return item;
      const left = deadline - performance.now();
      if (left <= 0) return 0;
      Atomics.add(i32, waiters, 1);
      const s = this.strategy;
      s.beginBlocking();
      Atomics.wait(i32, seqWord, seq, left);
      s.endBlocking();
      Atomics.sub(i32, waiters, 1);
    }
  }
}
