/**
 * `unsafe` — plain, non-atomic counts and no lock at all: the negative control.
 *
 * Models CPython's GIL build with the GIL taken away: `Py_INCREF` is `ob_refcnt++`, a read,
 * an add and a write (`Include/refcount.h`), with PEP 683's early return for immortal objects.
 * On one thread it is the cost floor every other strategy is compared with. On two threads the
 * read-add-write sequences interleave and increments are lost (the article's Diagram 1): the
 * heap checks and the conformance kit must catch it, and a test asserts that they do.
 *
 * Header (1 word):
 * - RC  the count; `IMMORTAL_RC` (negative) for an immortal object.
 *
 * Invariants: none across threads — that is the point. On one thread: RC = references to the
 * object, and the thread whose decrement reaches 0 deallocates.
 */
import { defineStrategy, IMMORTAL_REFCOUNT, OBJ_HEADER, type Heap, type Ref, type Strategy, type StrategyContext, type StrategyReport } from '@rclab/core';
import { IMMORTAL_RC } from './_internal/immortal.ts';

/** Header word: the count. */
const RC = OBJ_HEADER;

export class UnsafeStrategy implements Strategy {
  readonly name: string = 'unsafe';
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
    const rc = i32[ref + RC] as number;
    if (rc < 0) return;
    i32[ref + RC] = rc + 1;
  }

  decref(ref: Ref): void {
    const i32 = this.#i32;
    const rc = i32[ref + RC] as number;
    if (rc < 0) return;
    i32[ref + RC] = rc - 1;
    if (rc === 1) this.#dealloc(ref);
  }

  #dealloc(ref: Ref): void {
    this.#deallocs++;
    this.#heap.dealloc(ref);
  }

  refcount(ref: Ref): number {
    // Exact match: an immortal count never changes, and a count a race drove below zero must
    // show up in the audit, not pass for immortal.
    const rc = this.#i32[ref + RC] as number;
    return rc === IMMORTAL_RC ? IMMORTAL_REFCOUNT : rc;
  }

  immortalize(ref: Ref): boolean {
    this.#i32[ref + RC] = IMMORTAL_RC;
    return true;
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

/**
 * The counting variant: `UnsafeStrategy` plus `plainOps`, one per plain read-add-write of a
 * count (an incref or decref of a mortal object). Only a counting pass creates it, so a timed
 * worker's JIT never sees the counter.
 */
export class CountingUnsafeStrategy extends UnsafeStrategy {
  readonly #i32: Int32Array;
  #plainOps = 0;

  constructor(context: StrategyContext) {
    super(context);
    this.#i32 = context.heap.i32;
  }

  override incref(ref: Ref): void {
    if ((this.#i32[ref + RC] as number) >= 0) this.#plainOps++;
    super.incref(ref);
  }

  override decref(ref: Ref): void {
    if ((this.#i32[ref + RC] as number) >= 0) this.#plainOps++;
    super.decref(ref);
  }

  override report(): StrategyReport {
    const r = super.report();
    return { ...r, counters: { ...r.counters, plainOps: this.#plainOps } };
  }
}

export const unsafeStrategy = defineStrategy({
  name: 'unsafe',
  family: 'unsafe',
  counters: [
    { name: 'plainOps', unit: 'count', description: 'plain read-add-writes of a count (counting pass only)' },
    { name: 'deallocs', unit: 'count', description: 'objects freed' },
  ],
  description: 'plain counts, no lock: the cost floor, and the control that loses updates on several threads',
  headerWords: 1,
  threadSafe: false,
  create: (context) => (context.counting ? new CountingUnsafeStrategy(context) : new UnsafeStrategy(context)),
});

export default unsafeStrategy;
