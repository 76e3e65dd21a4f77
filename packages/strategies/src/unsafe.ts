/**
 * `unsafe` — plain, non-atomic counts and no lock at all: the negative control.
 *
 * Models CPython's GIL build with the GIL taken away: `Py_INCREF` is `ob_refcnt++`, a read,
 * an add and a write (`Include/refcount.h`). On one thread it is the cost floor every other
 * strategy is compared with. On two threads the read-add-write sequences interleave and
 * increments are lost (the article's Diagram 1); the heap checks must catch it.
 *
 * Header (1 word): RC = the count. No invariant holds across threads.
 */
import { defineStrategy, OBJ_HEADER, type Heap, type Ref, type Strategy, type StrategyContext, type StrategyReport } from '@rclab/core';

const RC = OBJ_HEADER;

export class UnsafeStrategy implements Strategy {
  readonly name = 'unsafe';
  readonly #heap: Heap;
  readonly #i32: Int32Array;
  #deallocs = 0;

  constructor(context: StrategyContext) {
    this.#heap = context.heap;
    this.#i32 = context.heap.i32;
  }

  initHeader(ref: Ref): void {
    this.#i32[ref + RC] = 1;
  }

  incref(ref: Ref): void {
    const i32 = this.#i32;
    i32[ref + RC] = (i32[ref + RC] as number) + 1;
  }

  decref(ref: Ref): void {
    const i32 = this.#i32;
    const n = (i32[ref + RC] as number) - 1;
    i32[ref + RC] = n;
    if (n === 0) {
      this.#deallocs++;
      this.#heap.dealloc(ref);
    }
  }

  refcount(ref: Ref): number {
    return this.#i32[ref + RC] as number;
  }

  immortalize(): boolean {
    return false;
  }

  attach(): void {}
  detach(): void {}
  checkpoint(): void {}
  beginBlocking(): void {}
  endBlocking(): void {}
  lockObject(): void {}
  unlockObject(): void {}

  report(): StrategyReport {
    return { counters: { deallocs: this.#deallocs } };
  }
}

export const unsafeStrategy = defineStrategy({
  name: 'unsafe',
  description: 'plain counts, no lock: the cost floor, and the control that loses updates on several threads',
  headerWords: 1,
  threadSafe: false,
  create: (context) => new UnsafeStrategy(context),
});

export default unsafeStrategy;
