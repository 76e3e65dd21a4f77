import { OBJ_STATE, OBJ_TYPE, type Ref, STATE_LIVE, TYPE_TAG_MASK } from '@rclab/core';
import {
  INSTANCE_DICT,
  ITER_NEXT,
  ITER_STEP,
  ITER_STOP,
  RANGE_START,
  RANGE_STEP,
  RANGE_STOP,
  SEQ_ITER_INDEX,
  SEQ_ITER_SEQ,
  T_DICT,
  T_INSTANCE,
  T_INT,
  T_LIST,
  T_LOCAL,
  T_QUEUE,
  T_RANGE,
  T_RANGE_ITER,
  T_SEQ_ITER,
  T_TUPLE,
} from './objects.ts';
import { NB_INPLACE } from './opcodes.ts';
import { ObjectSpace } from './space.ts';

/**
 * The object protocol the eval loop calls (CPython keeps it in `Objects/abstract.c`, apart from
 * the eval loop in `Python/ceval.c`): operators, subscripts, attributes, iteration and `len`,
 * each taking and dropping references exactly where CPython's does. Container operations run
 * inside the strategy's critical section on the container (`lockObject`/`unlockObject`), a
 * no-op under a GIL, as in CPython; frozen dicts are read without it.
 *
 * Every method returns a new reference unless it says otherwise, and leaves the caller's
 * references to its arguments alone.
 */
export class ObjectProtocol extends ObjectSpace {
  // ---- dict access inside the critical section ------------------------------------------------

  /** `d[key]` as a new reference, 0 if absent. Frozen dicts are read without the lock. */
  dictGetNew(dict: Ref, key: Ref): Ref {
    if (!this.isA(dict, T_DICT)) {
      this.fault(dict);
      return 0;
    }
    const s = this.strategy;
    if (this.isFrozen(dict)) {
      const v = this.dictGetBorrowed(dict, key);
      if (v !== 0) s.incref(v);
      return v;
    }
    s.lockObject(dict);
    const v = this.dictGetBorrowed(dict, key);
    if (v !== 0) s.incref(v);
    s.unlockObject(dict);
    return v;
  }

  /** `d[key] = value` in the dict's critical section (`PyDict_SetItem`). */
  dictStore(dict: Ref, key: Ref, value: Ref): void {
    if (!this.isA(dict, T_DICT) || this.isFrozen(dict)) {
      this.fault(dict);
      return;
    }
    const s = this.strategy;
    s.lockObject(dict);
    this.dictSetItem(dict, key, value);
    s.unlockObject(dict);
  }

  // ---- attributes -----------------------------------------------------------------------------

  /**
   * `PyObject_GetAttr(owner, name)`: a lookup in an instance's `__dict__`, or in this thread's
   * dict of a `threading.local`.
   */
  getAttr(owner: Ref, name: Ref): Ref {
    const t = this.tagOf(owner);
    if (t !== T_INSTANCE && t !== T_LOCAL) {
      this.fault(owner);
      return this.newNone();
    }
    const dict = this.attrDict(owner, t);
    const v = dict === 0 ? 0 : this.dictGetNew(dict, name);
    if (v === 0) {
      this.faults++; // AttributeError
      return this.newNone();
    }
    return v;
  }

  /** `PyObject_SetAttr(owner, name, v)`: holds the name for the call, stores in `__dict__`. */
  setAttr(owner: Ref, name: Ref, v: Ref): void {
    const t = this.tagOf(owner);
    if (t !== T_INSTANCE && t !== T_LOCAL) {
      this.fault(owner);
      return;
    }
    const s = this.strategy;
    let dict = this.attrDict(owner, t);
    if (dict === 0) dict = this.newAttrDict(owner, t);
    s.incref(name);
    this.dictStore(dict, name, v);
    s.decref(name);
  }

  /** The dict an attribute lives in (borrowed), 0 if there is none yet. */
  protected attrDict(owner: Ref, t: number): Ref {
    if (t === T_LOCAL) {
      // One slot per thread, written only by that thread (on its first store).
      const slot = this.heap.arena;
      return slot < this.nrefs(owner) ? (this.i32[owner + this.pb + slot] as number) : 0;
    }
    return Atomics.load(this.i32, owner + this.pb + INSTANCE_DICT);
  }

  /** Makes the attribute dict on first store: this thread's slot of a local; an instance's in its critical section. */
  protected newAttrDict(owner: Ref, t: number): Ref {
    const i32 = this.i32;
    if (t === T_LOCAL) {
      const slot = this.heap.arena;
      if (slot >= this.nrefs(owner)) {
        this.fault(owner);
        return 0;
      }
      const d = this.newDict();
      i32[owner + this.pb + slot] = d;
      return d;
    }
    const s = this.strategy;
    s.lockObject(owner);
    let d = Atomics.load(i32, owner + this.pb + INSTANCE_DICT);
    if (d === 0) {
      d = this.newDict();
      Atomics.store(i32, owner + this.pb + INSTANCE_DICT, d);
    }
    s.unlockObject(owner);
    return d;
  }

  // ---- operators ------------------------------------------------------------------------------

  /** `BINARY_OP` on two ints: a new int (32-bit, wrapping; Python's floor `//` and `%`). */
  binaryOp(code: number, lhs: Ref, rhs: Ref): Ref {
    const i32 = this.i32;
    // Fast check: both live ints (stack values are always handles inside the heap).
    const live = (i32[lhs + OBJ_STATE] as number) & (i32[rhs + OBJ_STATE] as number) & STATE_LIVE;
    if (live === 0 || ((i32[lhs + OBJ_TYPE] as number) & TYPE_TAG_MASK) !== T_INT || ((i32[rhs + OBJ_TYPE] as number) & TYPE_TAG_MASK) !== T_INT) {
      if (!this.isInt(lhs) || !this.isInt(rhs)) {
        this.fault(this.isInt(lhs) ? rhs : lhs); // TypeError
        return this.newNone();
      }
    }
    const a = i32[lhs + this.pb] as number;
    const b = i32[rhs + this.pb] as number;
    let r: number;
    switch (code >= NB_INPLACE ? code - NB_INPLACE : code) {
      case 0:
        r = (a + b) | 0;
        break;
      case 1:
        r = a & b;
        break;
      case 3:
        r = a << (b & 31);
        break;
      case 5:
        r = Math.imul(a, b);
        break;
      case 7:
        r = a | b;
        break;
      case 9:
        r = a >> Math.min(b, 31);
        break;
      case 10:
        r = (a - b) | 0;
        break;
      case 12:
        r = a ^ b;
        break;
      case 2:
      case 6:
        if (b === 0) {
          this.faults++; // ZeroDivisionError
          return this.newNone();
        }
        if (code % NB_INPLACE === 2) {
          r = Math.floor(a / b) | 0;
        } else {
          r = a % b;
          if (r !== 0 && (r ^ b) < 0) r += b;
        }
        break;
      default:
        this.faults++;
        return this.newNone();
    }
    return this.box(r);
  }

  compare(code: number, lhs: Ref, rhs: Ref): boolean {
    if (this.isInt(lhs) && this.isInt(rhs)) {
      const a = this.i32[lhs + this.pb] as number;
      const b = this.i32[rhs + this.pb] as number;
      switch (code) {
        case 0:
          return a < b;
        case 1:
          return a <= b;
        case 2:
          return a === b;
        case 3:
          return a !== b;
        case 4:
          return a > b;
        default:
          return a >= b;
      }
    }
    if (code === 2) return lhs === rhs;
    if (code === 3) return lhs !== rhs;
    this.faults++; // TypeError: '<' not supported
    return false;
  }

  // ---- subscripts -----------------------------------------------------------------------------

  /** `container[sub]` as a new reference (None and a fault on a missing key or bad index). */
  getItem(container: Ref, sub: Ref): Ref {
    const s = this.strategy;
    switch (this.tagOf(container)) {
      case T_DICT: {
        const v = this.dictGetNew(container, sub);
        if (v !== 0) return v;
        this.faults++; // KeyError
        return this.newNone();
      }
      case T_LIST: {
        let i = this.intValue(sub);
        s.lockObject(container);
        const len = this.listLen(container);
        if (i < 0) i += len;
        const v = this.listGetBorrowed(container, i);
        if (v !== 0) s.incref(v);
        s.unlockObject(container);
        if (v !== 0) return v;
        break;
      }
      case T_TUPLE: {
        let i = this.intValue(sub);
        const n = this.nrefs(container);
        if (i < 0) i += n;
        if (i >= 0 && i < n) {
          const v = this.i32[container + this.pb + i] as number;
          s.incref(v);
          return v;
        }
        break;
      }
      default:
        this.fault(container);
        return this.newNone();
    }
    this.faults++; // IndexError
    return this.newNone();
  }

  /** `container[sub] = v` (`PyObject_SetItem`): the container takes a new reference to `v`. */
  setItem(container: Ref, sub: Ref, v: Ref): void {
    const s = this.strategy;
    switch (this.tagOf(container)) {
      case T_DICT:
        this.dictStore(container, sub, v);
        return;
      case T_LIST: {
        let i = this.intValue(sub);
        s.lockObject(container);
        const len = this.listLen(container);
        if (i < 0) i += len;
        if (i >= 0 && i < len) {
          s.incref(v);
          const old = this.listSwapSteal(container, i, v);
          if (old !== 0) s.decref(old);
        } else {
          this.faults++; // IndexError
        }
        s.unlockObject(container);
        return;
      }
      default:
        this.fault(container); // TypeError: does not support item assignment
    }
  }

  // ---- iteration ------------------------------------------------------------------------------

  /** `iter(obj)` as a new reference. */
  getIter(obj: Ref): Ref {
    const i32 = this.i32;
    const pb = this.pb;
    switch (this.tagOf(obj)) {
      case T_RANGE: {
        // range_iter: a fresh iterator that copies the bounds and keeps no reference to the range.
        const it = this.heap.newObject(T_RANGE_ITER, 0, 3);
        i32[it + pb + ITER_NEXT] = i32[obj + pb + RANGE_START] as number;
        i32[it + pb + ITER_STOP] = i32[obj + pb + RANGE_STOP] as number;
        i32[it + pb + ITER_STEP] = i32[obj + pb + RANGE_STEP] as number;
        return it;
      }
      case T_LIST:
      case T_TUPLE: {
        const it = this.heap.newObject(T_SEQ_ITER, 1, 2);
        this.strategy.incref(obj);
        i32[it + pb + SEQ_ITER_SEQ] = obj;
        return it;
      }
      case T_RANGE_ITER:
      case T_SEQ_ITER:
        this.strategy.incref(obj);
        return obj;
      default:
        this.fault(obj); // TypeError: not iterable
        return this.newNone();
    }
  }

  /** `next(it)` as a new reference, or 0 when the iterator is exhausted. */
  iterNext(it: Ref): Ref {
    const i32 = this.i32;
    const base = it + this.pb;
    const t = this.tagOf(it);
    if (t === T_RANGE_ITER) {
      const next = i32[base + ITER_NEXT] as number;
      const step = i32[base + ITER_STEP] as number;
      if (step > 0 ? next >= (i32[base + ITER_STOP] as number) : next <= (i32[base + ITER_STOP] as number)) return 0;
      i32[base + ITER_NEXT] = next + step;
      return this.box(next);
    }
    if (t === T_SEQ_ITER) {
      const seq = i32[base + SEQ_ITER_SEQ] as number;
      if (seq === 0) return 0;
      const index = i32[base + SEQ_ITER_INDEX] as number;
      let item = 0;
      if (this.tagOf(seq) === T_LIST) {
        const s = this.strategy;
        s.lockObject(seq);
        item = this.listGetBorrowed(seq, index);
        if (item !== 0) s.incref(item);
        s.unlockObject(seq);
      } else if (this.isA(seq, T_TUPLE) && index < this.nrefs(seq)) {
        item = i32[seq + this.pb + index] as number;
        this.strategy.incref(item);
      }
      if (item !== 0) {
        i32[base + SEQ_ITER_INDEX] = index + 1;
        return item;
      }
      // Exhausted: the iterator lets go of its sequence at once (listiter_next).
      i32[base + SEQ_ITER_SEQ] = 0;
      this.strategy.decref(seq);
      return 0;
    }
    if (it !== this.none) this.fault(it);
    return 0;
  }

  // ---- len ------------------------------------------------------------------------------------

  len(obj: Ref): number {
    switch (this.tagOf(obj)) {
      case T_LIST:
        return this.listLen(obj);
      case T_TUPLE:
        return this.nrefs(obj);
      case T_DICT:
        return this.dictLen(obj);
      case T_QUEUE:
        return this.queueLen(obj);
      default:
        this.fault(obj);
        return 0;
    }
  }
}
