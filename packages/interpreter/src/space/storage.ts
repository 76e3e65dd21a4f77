import { OBJ_TYPE, type Ref, TYPE_NREFS_SHIFT, TYPE_TAG_MASK } from '@rclab/core';
import { CHUNK, CHUNK_MASK, CHUNK_SHIFT, T_DIR, T_STORAGE } from '../objects.ts';
import { ObjectBase } from './object.ts';

/**
 * Arrays of references, the storage behind lists, dicts and queues: a flat STORAGE object up to
 * one chunk, a DIR of chunks beyond (no object may exceed one heap page). CPython keeps a plain
 * `PyObject **` for this; rclab's heap has a page-sized object limit, hence the chunks.
 */
export class StorageObjects extends ObjectBase {
  /**
   * A new array of `capacity` references, all 0. Up to `CHUNK` it is one flat STORAGE object;
   * beyond, a DIR of `capacity / CHUNK` chunks (capacity must then be a multiple of CHUNK),
   * because no object may exceed one heap page.
   */
  arrNew(capacity: number): Ref {
    const heap = this.heap;
    if (capacity <= CHUNK) return heap.newObject(T_STORAGE, capacity, capacity);
    const chunks = capacity >> CHUNK_SHIFT;
    const dir = heap.newObject(T_DIR, chunks, chunks);
    const base = dir + this.pb;
    for (let k = 0; k < chunks; k++) this.i32[base + k] = heap.newObject(T_STORAGE, CHUNK, CHUNK);
    return dir;
  }

  /** Capacity of an array (0 and a fault if `arr` is not one). */
  arrCap(arr: Ref): number {
    const t = this.tagOf(arr);
    if (t === T_STORAGE) return this.nrefs(arr);
    if (t === T_DIR) return this.nrefs(arr) << CHUNK_SHIFT;
    this.fault(arr);
    return 0;
  }

  /** Reference at index `i` of an array (borrowed; 0 if empty or on a fault). */
  arrGet(arr: Ref, i: number): Ref {
    const i32 = this.i32;
    const pb = this.pb;
    const type = i32[arr + OBJ_TYPE] as number;
    if ((type & TYPE_TAG_MASK) === T_STORAGE && i < type >>> TYPE_NREFS_SHIFT) return i32[arr + pb + i] as number;
    return this.#arrGetSlow(arr, i);
  }

  #arrGetSlow(arr: Ref, i: number): Ref {
    const i32 = this.i32;
    const pb = this.pb;
    const t = this.tagOf(arr);
    if (t === T_DIR && i >>> CHUNK_SHIFT < this.nrefs(arr)) {
      const chunk = i32[arr + pb + (i >>> CHUNK_SHIFT)] as number;
      if (chunk === 0) return 0;
      if (this.isA(chunk, T_STORAGE)) return i32[chunk + pb + (i & CHUNK_MASK)] as number;
    }
    this.fault(arr);
    return 0;
  }

  /** Stores `ref` at index `i` of an array (the slot's old content is the caller's business). */
  arrSet(arr: Ref, i: number, ref: Ref): void {
    const i32 = this.i32;
    const pb = this.pb;
    const type = i32[arr + OBJ_TYPE] as number;
    // A freed slot's type word links the free list (a multiple of 8), so it never reads as a tag.
    if ((type & TYPE_TAG_MASK) === T_STORAGE && i < type >>> TYPE_NREFS_SHIFT && arr >= this.minRef) {
      i32[arr + pb + i] = ref;
      return;
    }
    if (this.isA(arr, T_DIR) && i >>> CHUNK_SHIFT < this.nrefs(arr)) {
      let chunk = i32[arr + pb + (i >>> CHUNK_SHIFT)] as number;
      if (chunk === 0) {
        // Big lists allocate their chunks as they grow into them.
        chunk = this.heap.newObject(T_STORAGE, CHUNK, CHUNK);
        i32[arr + pb + (i >>> CHUNK_SHIFT)] = chunk;
      }
      if (this.isA(chunk, T_STORAGE)) {
        i32[chunk + pb + (i & CHUNK_MASK)] = ref;
        return;
      }
    }
    this.fault(arr);
  }

  /**
   * Moves `count` references from `from` (starting at `start`, wrapping at its capacity) to a
   * new array of `capacity`, clears them in the old one and frees it: a realloc. References
   * move, so no count changes (CPython's `list_resize`/`dictresize` copy pointers too).
   */
  protected arrMoveTo(from: Ref, start: number, count: number, capacity: number): Ref {
    const to = this.arrNew(capacity);
    const oldCap = this.arrCap(from);
    for (let k = 0; k < count && oldCap > 0; k++) {
      const j = (start + k) % oldCap;
      this.arrSet(to, k, this.arrGet(from, j));
      this.arrSet(from, j, 0);
    }
    if (from !== 0) this.strategy.decref(from);
    return to;
  }
}
