import type { Ref } from '@rclab/core';
import { CHUNK, LIST_LEN, LIST_STORAGE, LIST_WORDS, T_DIR, T_LIST, T_STORAGE, T_TUPLE } from '../objects.ts';
import { StorageObjects } from './storage.ts';

/** Tuples and lists (CPython: `Objects/tupleobject.c`, `Objects/listobject.c`). */
export class ListObjects extends StorageObjects {
  // ---- tuples ---------------------------------------------------------------------------------

  /** A new tuple that takes over `count` references from `items[start..]` (`BUILD_TUPLE`). */
  tupleSteal(items: Int32Array, start: number, count: number): Ref {
    const t = this.heap.newObject(T_TUPLE, count, count);
    const base = t + this.pb;
    for (let k = 0; k < count; k++) this.i32[base + k] = items[start + k] as number;
    return t;
  }

  // ---- lists ----------------------------------------------------------------------------------

  /** A new empty list. */
  newList(): Ref {
    return this.heap.newObject(T_LIST, 1, LIST_WORDS);
  }

  /** Length of a list (0 and a fault if `list` is not one). */
  listLen(list: Ref): number {
    if (this.isA(list, T_LIST)) return this.i32[list + this.pb + LIST_LEN] as number;
    this.fault(list);
    return 0;
  }

  /** Item `i` of a list, borrowed (0 if out of range or on a fault). */
  listGetBorrowed(list: Ref, i: number): Ref {
    if (!this.isA(list, T_LIST)) {
      this.fault(list);
      return 0;
    }
    const base = list + this.pb;
    if (i < 0 || i >= (this.i32[base + LIST_LEN] as number)) return 0;
    return this.arrGet(this.i32[base + LIST_STORAGE] as number, i);
  }

  /** Replaces item `i` of a list with `item` (stolen) and returns the old item (the caller drops it). */
  listSwapSteal(list: Ref, i: number, item: Ref): Ref {
    if (!this.isA(list, T_LIST)) {
      this.fault(list);
      return item;
    }
    const base = list + this.pb;
    if (i < 0 || i >= (this.i32[base + LIST_LEN] as number)) {
      this.faults++;
      return item;
    }
    const storage = this.i32[base + LIST_STORAGE] as number;
    const old = this.arrGet(storage, i);
    this.arrSet(storage, i, item);
    return old;
  }

  /**
   * Appends `item`, taking over the caller's reference (`_PyList_AppendTakeRef`). Storage grows
   * by doubling up to one chunk, then chunk by chunk (the DIR doubles when full).
   */
  listAppendSteal(list: Ref, item: Ref): void {
    if (!this.isA(list, T_LIST)) {
      this.fault(list);
      this.strategy.decref(item);
      return;
    }
    const i32 = this.i32;
    const base = list + this.pb;
    const len = i32[base + LIST_LEN] as number;
    let storage = i32[base + LIST_STORAGE] as number;
    if (storage === 0) {
      storage = this.arrNew(4);
      i32[base + LIST_STORAGE] = storage;
    } else if (len >= this.arrCap(storage)) {
      storage = this.#listGrow(storage, len);
      if (storage === 0) {
        this.faults++;
        this.strategy.decref(item);
        return;
      }
      i32[base + LIST_STORAGE] = storage;
    }
    this.arrSet(storage, len, item);
    i32[base + LIST_LEN] = len + 1;
  }

  #listGrow(storage: Ref, len: number): Ref {
    const t = this.tagOf(storage);
    if (t === T_STORAGE) {
      const cap = this.nrefs(storage);
      if (cap < CHUNK) return this.arrMoveTo(storage, 0, len, Math.min(cap * 2, CHUNK));
      // A full chunk becomes chunk 0 of a directory; later chunks come as the list grows.
      const dir = this.heap.newObject(T_DIR, 4, 4);
      this.i32[dir + this.pb] = storage;
      return dir;
    }
    if (t === T_DIR) {
      const chunks = this.nrefs(storage);
      const dir = this.heap.newObject(T_DIR, chunks * 2, chunks * 2);
      const from = storage + this.pb;
      const to = dir + this.pb;
      for (let k = 0; k < chunks; k++) {
        this.i32[to + k] = this.i32[from + k] as number;
        this.i32[from + k] = 0;
      }
      this.strategy.decref(storage);
      return dir;
    }
    this.fault(storage);
    return 0;
  }
}
