import type { Ref } from '@rclab/core';
import { T_DICT, T_INT, T_LIST, T_TUPLE } from './objects.ts';
import { QueueObjects } from './space/queue.ts';

/**
 * Python-like objects on the shared heap: ints, lists, dicts, queues, and the arrays behind
 * them. Both the interpreter (in each worker) and a workload's setup and verify (on the main
 * thread) use it; every reference it takes or drops goes through the thread's strategy.
 *
 * **Ownership conventions.** A method that returns a `Ref` returns a new reference (the caller
 * must drop it) unless its name ends in `Borrowed`. `…Steal` methods take over the reference
 * they are given.
 *
 * **Robust under a broken strategy.** Under `unsafe` on several threads, counts go wrong and
 * objects are freed while still in use; the next thread may find a freed slot, or a slot reused
 * by another kind of object, where it expected a list. Every container operation therefore
 * checks the object it is handed (live, right tag, handle inside the heap) before reading the
 * references it holds, and never writes an object's state or type word; a failed check is a
 * *fault* (counted, and recorded as a use after free when the object was freed) and the
 * operation is skipped. CPython in the same situation would crash; rclab counts. Container
 * operations are not atomic here: callers take the strategy's critical section.
 *
 * **Layers.** The class is built up one object type per file under `space/` (base and ints,
 * reference storage, tuples and lists, dicts, queues), each extending the one before, as
 * CPython keeps one `Objects/*.c` file per type; this top layer adds what spans types.
 */
export class ObjectSpace extends QueueObjects {
  // ---- building values at setup ---------------------------------------------------------------

  /** Drops a reference held in a JS variable, if any. */
  release(ref: Ref): void {
    if (ref !== 0) this.strategy.decref(ref);
  }

  /** Python truth value of an object. */
  truthy(ref: Ref): boolean {
    if (ref === this.trueRef) return true;
    if (ref === this.falseRef || ref === this.none) return false;
    switch (this.tagOf(ref)) {
      case T_INT:
        return this.i32[ref + this.pb] !== 0;
      case T_LIST:
        return this.listLen(ref) > 0;
      case T_DICT:
        return this.dictLen(ref) > 0;
      case T_TUPLE:
        return this.nrefs(ref) > 0;
      case 0:
        this.fault(ref);
        return false;
      default:
        return true;
    }
  }
}
