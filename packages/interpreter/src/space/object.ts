import { layout } from '@rclab/core/internal';
import { type Heap, OBJ_STATE, OBJ_TYPE, type Ref, STATE_LIVE, type Strategy, TYPE_NREFS_SHIFT, TYPE_TAG_MASK } from '@rclab/core';
import { INT_VALUE, SMALL_INT_MAX, SMALL_INT_MIN, T_BOOL, T_INT } from '../objects.ts';

/**
 * The base of the object space (CPython: `Objects/object.c`, `longobject.c`, `boolobject.c`):
 * the fields every layer uses, the checks that make a container operation safe to attempt on a
 * handle a broken strategy may have freed, the None/True/False singletons and ints.
 *
 * The object space is one class built in layers, one file per object type (this one, then
 * storage, lists and tuples, dicts, queues; `../space.ts` is the top), so that every call
 * between them stays a plain monomorphic `this.method()` call on the same object.
 */
export class ObjectBase {
  readonly heap: Heap;
  readonly i32: Int32Array;
  readonly strategy: Strategy;
  /** Offset of payload word 0 from an object's handle. */
  readonly pb: number;
  /** Smallest and one past the largest handle an object can have. */
  readonly minRef: number;
  readonly maxRef: number;
  /** Faults seen by this thread: operations on a freed or wrong object, type errors, missing keys. */
  faults = 0;
  /** The None, True and False singletons (0 until the runtime is bound). */
  none: Ref = 0;
  trueRef: Ref = 0;
  falseRef: Ref = 0;
  /** Small-int cache: the int `v` is `smallInts[v - SMALL_INT_MIN]`. */
  smallInts: Int32Array = new Int32Array(0);

  constructor(heap: Heap, strategy: Strategy) {
    this.heap = heap;
    this.i32 = heap.i32;
    this.strategy = strategy;
    this.pb = heap.payloadBase;
    this.minRef = heap.i32[layout.CTRL_PAGES_BASE] as number;
    this.maxRef = heap.totalWords;
  }

  // ---- checks ---------------------------------------------------------------------------------

  /** True if `ref` is a live object with type `tag`. */
  isA(ref: Ref, tag: number): boolean {
    const i32 = this.i32;
    return ref >= this.minRef && ref < this.maxRef && ((i32[ref + OBJ_STATE] as number) & STATE_LIVE) !== 0 && ((i32[ref + OBJ_TYPE] as number) & TYPE_TAG_MASK) === tag;
  }

  /** Type tag of a live object, or 0 if `ref` is not one. */
  tagOf(ref: Ref): number {
    const i32 = this.i32;
    if (ref < this.minRef || ref >= this.maxRef || ((i32[ref + OBJ_STATE] as number) & STATE_LIVE) === 0) return 0;
    return (i32[ref + OBJ_TYPE] as number) & TYPE_TAG_MASK;
  }

  /** Counts a fault on `ref`; a freed object is also recorded as a use after free. */
  fault(ref: Ref): void {
    this.faults++;
    if (ref >= this.minRef && ref < this.maxRef) this.heap.checkLive(ref);
  }

  /** Reference-slot count of an object. */
  nrefs(ref: Ref): number {
    return (this.i32[ref + OBJ_TYPE] as number) >>> TYPE_NREFS_SHIFT;
  }

  /** A new reference to None. */
  newNone(): Ref {
    const none = this.none;
    this.strategy.incref(none);
    return none;
  }

  /** A new reference to True or False. */
  newBool(value: boolean): Ref {
    const b = value ? this.trueRef : this.falseRef;
    this.strategy.incref(b);
    return b;
  }

  // ---- ints -----------------------------------------------------------------------------------

  /** A new reference to the int `value` (`PyLong_FromLong`): the cached small int, or a new box. */
  box(value: number): Ref {
    if (value >= SMALL_INT_MIN && value <= SMALL_INT_MAX) {
      const r = this.smallInts[value - SMALL_INT_MIN] as number;
      this.strategy.incref(r);
      return r;
    }
    const r = this.heap.newObject(T_INT, 0, 1);
    this.i32[r + this.pb + INT_VALUE] = value;
    return r;
  }

  /** True if `ref` is a live int (or bool, which is an int in Python). */
  isInt(ref: Ref): boolean {
    const t = this.tagOf(ref);
    return t === T_INT || t === T_BOOL;
  }

  /** Value of an int or bool; 0 and a fault for anything else. */
  intValue(ref: Ref): number {
    const t = this.tagOf(ref);
    if (t === T_INT || t === T_BOOL) return this.i32[ref + this.pb] as number;
    this.fault(ref);
    return 0;
  }
}
