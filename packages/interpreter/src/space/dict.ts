import type { Ref } from '@rclab/core';
import { DICT_FLAGS, DICT_FROZEN, DICT_MASK, DICT_MIN_SLOTS, DICT_TABLE, DICT_USED, DICT_WORDS, T_BOOL, T_DICT, T_INT, T_NONE, T_STR } from '../objects.ts';
import { ListObjects } from './list.ts';

/** Dicts: open addressing over a table of key, value pairs (CPython: `Objects/dictobject.c`). */
/** `dictFind` result when the table has no free slot (only a corrupted table can be full). */
export const DICT_NO_SLOT = -0x7fffffff;

export class DictObjects extends ListObjects {
  /** A new empty dict. */
  newDict(): Ref {
    const d = this.heap.newObject(T_DICT, 1, DICT_WORDS);
    const base = d + this.pb;
    this.i32[base + DICT_TABLE] = this.arrNew(2 * DICT_MIN_SLOTS);
    this.i32[base + DICT_MASK] = DICT_MIN_SLOTS - 1;
    return d;
  }

  /** Marks a dict as never written again, so readers need no critical section. */
  freeze(dict: Ref): void {
    const w = dict + this.pb + DICT_FLAGS;
    this.i32[w] = (this.i32[w] as number) | DICT_FROZEN;
  }

  /** True if the dict was frozen (no writer during the run). */
  isFrozen(dict: Ref): boolean {
    return ((this.i32[dict + this.pb + DICT_FLAGS] as number) & DICT_FROZEN) !== 0;
  }

  /** Number of keys (0 and a fault if `dict` is not one). */
  dictLen(dict: Ref): number {
    if (this.isA(dict, T_DICT)) return this.i32[dict + this.pb + DICT_USED] as number;
    this.fault(dict);
    return 0;
  }

  /** Hash of a key: ints and bools hash to their value (as in Python), names to their id. */
  hashKey(key: Ref): number {
    const t = this.tagOf(key);
    let h: number;
    if (t === T_INT || t === T_STR || t === T_BOOL) h = this.i32[key + this.pb] as number;
    else if (t === T_NONE) h = 0x5f3759df;
    else h = key; // identity hash, like object.__hash__
    h = Math.imul(h ^ (h >>> 16), 0x45d9f3b);
    return h ^ (h >>> 16);
  }

  /** Python `==` for keys: identity, or two ints (or bools) of equal value. */
  keyEquals(a: Ref, b: Ref): boolean {
    if (a === b) return true;
    const ta = this.tagOf(a);
    const tb = this.tagOf(b);
    return (ta === T_INT || ta === T_BOOL) && (tb === T_INT || tb === T_BOOL) && this.i32[a + this.pb] === this.i32[b + this.pb];
  }

  /**
   * Finds `key`: its slot if present, else `~slot` of the free slot where it would go
   * (`DICT_NO_SLOT` if the table has none, which only a corrupted dict can have).
   */
  dictFind(dict: Ref, key: Ref): number {
    const i32 = this.i32;
    const base = dict + this.pb;
    const table = i32[base + DICT_TABLE] as number;
    const mask = i32[base + DICT_MASK] as number;
    let slot = this.hashKey(key) & mask;
    for (let probes = 0; probes <= mask; probes++) {
      const k = this.arrGet(table, 2 * slot);
      if (k === 0) return ~slot;
      if (k === key || this.keyEquals(k, key)) return slot;
      slot = (slot + 1) & mask;
    }
    return DICT_NO_SLOT;
  }

  /** Value for `key`, borrowed; 0 if absent (or on a fault). */
  dictGetBorrowed(dict: Ref, key: Ref): Ref {
    if (!this.isA(dict, T_DICT)) {
      this.fault(dict);
      return 0;
    }
    const slot = this.dictFind(dict, key);
    if (slot < 0) return 0;
    return this.arrGet(this.i32[dict + this.pb + DICT_TABLE] as number, 2 * slot + 1);
  }

  /**
   * `PyDict_SetItem(dict, key, value)` with CPython's reference traffic: the dict takes new
   * references to key and value (`Py_NewRef` both); replacing a value drops the old value and
   * the now-duplicate key (`insertdict`). The caller keeps its own references.
   */
  dictSetItem(dict: Ref, key: Ref, value: Ref): void {
    const s = this.strategy;
    if (!this.isA(dict, T_DICT)) {
      this.fault(dict);
      return;
    }
    s.incref(key);
    s.incref(value);
    const i32 = this.i32;
    const base = dict + this.pb;
    let slot = this.dictFind(dict, key);
    if (slot >= 0) {
      const table = i32[base + DICT_TABLE] as number;
      const old = this.arrGet(table, 2 * slot + 1);
      this.arrSet(table, 2 * slot + 1, value);
      if (old !== 0) s.decref(old);
      s.decref(key);
      return;
    }
    const used = i32[base + DICT_USED] as number;
    const slots = (i32[base + DICT_MASK] as number) + 1;
    if ((used + 1) * 3 > slots * 2) {
      this.#dictResize(dict, slots * 2);
      slot = this.dictFind(dict, key);
    }
    if (slot === DICT_NO_SLOT || slot >= 0) {
      this.faults++;
      s.decref(value);
      s.decref(key);
      return;
    }
    const table = i32[base + DICT_TABLE] as number;
    this.arrSet(table, 2 * ~slot, key);
    this.arrSet(table, 2 * ~slot + 1, value);
    i32[base + DICT_USED] = used + 1;
  }

  #dictResize(dict: Ref, wanted: number): void {
    const i32 = this.i32;
    const base = dict + this.pb;
    const old = i32[base + DICT_TABLE] as number;
    const oldSlots = (i32[base + DICT_MASK] as number) + 1;
    // Never smaller than twice what is there now: without a lock (`unsafe`) another thread may
    // have grown the table since the caller looked.
    const slots = Math.max(wanted, 2 * oldSlots);
    const table = this.arrNew(2 * slots);
    const mask = slots - 1;
    for (let k = 0; k < oldSlots; k++) {
      const key = this.arrGet(old, 2 * k);
      if (key === 0) continue;
      let slot = this.hashKey(key) & mask;
      let probes = 0;
      while (this.arrGet(table, 2 * slot) !== 0 && probes++ <= mask) slot = (slot + 1) & mask;
      if (probes > mask) {
        this.faults++; // only a table corrupted by a racing writer can be that full
        continue;
      }
      this.arrSet(table, 2 * slot, key);
      this.arrSet(table, 2 * slot + 1, this.arrGet(old, 2 * k + 1));
      this.arrSet(old, 2 * k, 0);
      this.arrSet(old, 2 * k + 1, 0);
    }
    i32[base + DICT_TABLE] = table;
    i32[base + DICT_MASK] = mask;
    this.strategy.decref(old);
  }
}
