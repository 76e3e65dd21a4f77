import type { Ref } from './ref.ts';

/**
 * The reference-counting half of a strategy: all the heap needs to create and destroy objects.
 * It lives here, beside the heap, rather than in `strategy/types.ts`, so the heap depends on
 * nothing that depends on it (a `Strategy` extends this; the heap only calls it).
 */
export interface RefcountOps {
  /**
   * Initialise the header of a freshly allocated object: count 1, owned by this thread.
   * The header words are zero on entry.
   */
  initHeader(ref: Ref): void;
  /** Add one reference to `ref`. `ref` is never 0. */
  incref(ref: Ref): void;
  /**
   * Drop one reference to `ref`. When the count reaches zero, call `heap.dealloc(ref)` exactly
   * once (or queue the object to whoever will: biased counting's owner). `ref` is never 0.
   */
  decref(ref: Ref): void;
}
