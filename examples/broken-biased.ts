/**
 * `broken-biased` — a DELIBERATELY BROKEN strategy: the built-in `biased` with one mistake, kept
 * to prove that the conformance kit rejects it (examples/test/broken-biased.test.ts).
 *
 * The mistake: when the owner's local count reaches zero, it frees the object at once, without
 * looking at the shared count. Correct biased counting (CPython's `_Py_MergeZeroLocalRefcount`)
 * frees only if the shared count is zero too; otherwise it merges and leaves the object to
 * whichever thread drops the last shared reference. With this bug, an object that another
 * thread still references is freed under it: a use after free, then a double free.
 *
 * Everything else delegates to the real `BiasedStrategy`. The header layout is biased's
 * (docs/strategies.md): TID at OBJ_HEADER, LOCAL at OBJ_HEADER + 1.
 */
import { defineStrategy, OBJ_HEADER, type Ref, type Strategy, type StrategyContext } from '@rclab/core';
import { BiasedStrategy, biasedStrategy } from '@rclab/strategies';

const TID = OBJ_HEADER;
const LOCAL = OBJ_HEADER + 1;

class BrokenBiasedStrategy implements Strategy {
  readonly name = 'broken-biased';
  readonly #inner: BiasedStrategy;
  readonly #ctx: StrategyContext;
  readonly #tid: number;

  constructor(context: StrategyContext) {
    this.#ctx = context;
    this.#inner = new BiasedStrategy(context, { name: 'broken-biased', immortal: true });
    this.#tid = context.threadIndex + 1;
  }

  decref(ref: Ref): void {
    const i32 = this.#ctx.heap.i32;
    if (i32[ref + TID] === this.#tid && i32[ref + LOCAL] === 1) {
      i32[ref + LOCAL] = 0;
      this.#ctx.heap.dealloc(ref); // BUG: the shared count may still hold references
      return;
    }
    this.#inner.decref(ref);
  }

  initHeader(ref: Ref): void {
    this.#inner.initHeader(ref);
  }
  incref(ref: Ref): void {
    this.#inner.incref(ref);
  }
  refcount(ref: Ref): number {
    return this.#inner.refcount(ref);
  }
  immortalize(ref: Ref): boolean {
    return this.#inner.immortalize(ref);
  }
  attach(): void {
    this.#inner.attach();
  }
  detach(): void {
    this.#inner.detach();
  }
  checkpoint(): void {
    this.#inner.checkpoint();
  }
  beginBlocking(): void {
    this.#inner.beginBlocking();
  }
  endBlocking(): void {
    this.#inner.endBlocking();
  }
  lockObject(ref: Ref): void {
    this.#inner.lockObject(ref);
  }
  unlockObject(ref: Ref): void {
    this.#inner.unlockObject(ref);
  }
  report() {
    return this.#inner.report();
  }
}

export default defineStrategy({
  name: 'broken-biased',
  description: 'DELIBERATELY BROKEN: biased counting that frees on a zero local count without looking at the shared count',
  headerWords: biasedStrategy.headerWords,
  threadSafe: true,
  sharedWords: biasedStrategy.sharedWords,
  create: (context) => new BrokenBiasedStrategy(context),
});
