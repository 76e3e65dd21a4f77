/**
 * `atomic-unique` — atomic counts that skip the atomic operation on the last decref when the
 * object is provably unique. A worked example of a user's strategy (see
 * docs/writing-a-strategy.md); not one of rclab's built-ins.
 *
 * Models Nim's `--mm:atomicArc` with the fast path of nim-lang/Nim PR #26073 (2026): before the
 * read-modify-write of a decrement, load the count; if it is 1, the caller holds the only
 * reference, so no other thread can be incrementing it (to increment, a thread must already
 * hold a reference, which would make the count at least 2), and the object can be freed with
 * no atomic RMW at all. Nim measured atomic counts at +33% over plain ones on gcbench and this
 * fast path at +1.5%. The win is on short-lived objects (temporaries, freshly allocated
 * objects dropped once); shared objects pay one extra load.
 *
 * Header (2 words):
 * - RC   the count; every change is `Atomics.add`/`Atomics.sub`, except the free of a unique
 *        object, which needs no change at all.
 * - LOCK a lock word for critical sections: 0 free, 1 held, 2 held with waiters.
 *
 * Invariant: RC = the number of references to the object. RC === 1 seen by a thread that
 * holds a reference means that thread's reference is the only one.
 */
import { defineStrategy, OBJ_HEADER, type Heap, type Ref, type Strategy, type StrategyContext, type StrategyReport } from '@rclab/core';

const RC = OBJ_HEADER;
const LOCK = OBJ_HEADER + 1;

class AtomicUniqueStrategy implements Strategy {
  readonly name = 'atomic-unique';
  readonly #heap: Heap;
  readonly #i32: Int32Array;
  #atomicOps = 0;
  #uniqueFrees = 0;
  #lockWaits = 0;

  constructor(context: StrategyContext) {
    this.#heap = context.heap;
    this.#i32 = context.heap.i32;
  }

  initHeader(ref: Ref): void {
    this.#i32[ref + RC] = 1;
  }

  incref(ref: Ref): void {
    this.#atomicOps++;
    Atomics.add(this.#i32, ref + RC, 1);
  }

  decref(ref: Ref): void {
    const i32 = this.#i32;
    if (Atomics.load(i32, ref + RC) === 1) {
      // We hold the only reference: nobody else can touch the count. Free without an RMW.
      this.#uniqueFrees++;
      i32[ref + RC] = 0;
      this.#heap.dealloc(ref);
      return;
    }
    this.#atomicOps++;
    if (Atomics.sub(i32, ref + RC, 1) === 1) this.#heap.dealloc(ref);
  }

  refcount(ref: Ref): number {
    return Atomics.load(this.#i32, ref + RC);
  }

  immortalize(): boolean {
    return false;
  }

  attach(): void {}
  detach(): void {}
  checkpoint(): void {}
  beginBlocking(): void {}
  endBlocking(): void {}

  lockObject(ref: Ref): void {
    const i32 = this.#i32;
    const w = ref + LOCK;
    if (Atomics.compareExchange(i32, w, 0, 1) === 0) return;
    // Contended: mark "waiters" and park until the holder wakes us (never a busy spin).
    this.#lockWaits++;
    while (Atomics.exchange(i32, w, 2) !== 0) Atomics.wait(i32, w, 2);
  }

  unlockObject(ref: Ref): void {
    const i32 = this.#i32;
    const w = ref + LOCK;
    if (Atomics.sub(i32, w, 1) !== 1) {
      Atomics.store(i32, w, 0);
      Atomics.notify(i32, w, 1);
    }
  }

  report(): StrategyReport {
    return { counters: { atomicOps: this.#atomicOps, uniqueFrees: this.#uniqueFrees, lockWaits: this.#lockWaits } };
  }
}

export default defineStrategy({
  name: 'atomic-unique',
  description: "atomic counts that free a unique object with no atomic RMW (Nim's atomicArc fast path, PR #26073)",
  headerWords: 2,
  threadSafe: true,
  // Optional facts for the results file's catalog: the report colours it with the atomic family
  // and labels its counters by these units.
  family: 'atomic',
  counters: [
    { name: 'atomicOps', unit: 'count', description: 'atomic read-modify-writes of a count' },
    { name: 'uniqueFrees', unit: 'count', description: 'frees of an object held only by this reference, with no atomic RMW' },
    { name: 'lockWaits', unit: 'count', description: 'times a per-object lock was contended and the thread parked' },
  ],
  create: (context) => new AtomicUniqueStrategy(context),
});
