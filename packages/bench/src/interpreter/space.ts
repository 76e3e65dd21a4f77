import { type Heap, layout, OBJ_STATE, OBJ_TYPE, type Ref, STATE_LIVE, type Strategy } from '@rclab/core';
import {
  CHUNK,
  CHUNK_MASK,
  CHUNK_SHIFT,
  DICT_FLAGS,
  DICT_FROZEN,
  DICT_MASK,
  DICT_MIN_SLOTS,
  DICT_TABLE,
  DICT_USED,
  DICT_WORDS,
  INT_VALUE,
  LIST_LEN,
  LIST_STORAGE,
  LIST_WORDS,
  QUEUE_COUNT,
  QUEUE_HEAD,
  QUEUE_MIN_CAPACITY,
  QUEUE_MUTEX,
  QUEUE_SEQ,
  QUEUE_STORAGE,
  QUEUE_WAITERS,
  QUEUE_WORDS,
  SMALL_INT_MAX,
  SMALL_INT_MIN,
  T_BOOL,
  T_DICT,
  T_DIR,
  T_INT,
  T_LIST,
  T_NONE,
  T_QUEUE,
  T_STORAGE,
  T_STR,
  T_TUPLE,
} from './objects.ts';

const TAG_MASK = 0xff;
const NREFS_SHIFT = 8;
/** `dictFind` result when the table has no free slot (only a corrupted table can be full). */
export const DICT_NO_SLOT = -0x7fffffff;
/** Spins on a contended queue mutex before parking (CPython's `MAX_SPIN_COUNT`). */
const QUEUE_SPINS = 40;

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
 */
export class ObjectSpace {
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
    return ref >= this.minRef && ref < this.maxRef && ((i32[ref + OBJ_STATE] as number) & STATE_LIVE) !== 0 && ((i32[ref + OBJ_TYPE] as number) & TAG_MASK) === tag;
  }

  /** Type tag of a live object, or 0 if `ref` is not one. */
  tagOf(ref: Ref): number {
    const i32 = this.i32;
    if (ref < this.minRef || ref >= this.maxRef || ((i32[ref + OBJ_STATE] as number) & STATE_LIVE) === 0) return 0;
    return (i32[ref + OBJ_TYPE] as number) & TAG_MASK;
  }

  /** Counts a fault on `ref`; a freed object is also recorded as a use after free. */
  fault(ref: Ref): void {
    this.faults++;
    if (ref >= this.minRef && ref < this.maxRef) this.heap.checkLive(ref);
  }

  /** Reference-slot count of an object. */
  nrefs(ref: Ref): number {
    return (this.i32[ref + OBJ_TYPE] as number) >>> NREFS_SHIFT;
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

  // ---- arrays of references (behind lists, dicts and queues) ---------------------------------

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
    if ((type & TAG_MASK) === T_STORAGE && i < type >>> NREFS_SHIFT) return i32[arr + pb + i] as number;
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
    if ((type & TAG_MASK) === T_STORAGE && i < type >>> NREFS_SHIFT && arr >= this.minRef) {
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
  #arrMoveTo(from: Ref, start: number, count: number, capacity: number): Ref {
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
      if (cap < CHUNK) return this.#arrMoveTo(storage, 0, len, Math.min(cap * 2, CHUNK));
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

  // ---- dicts ----------------------------------------------------------------------------------

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

  // ---- queues ---------------------------------------------------------------------------------

  /** A new empty queue. */
  newQueue(): Ref {
    const q = this.heap.newObject(T_QUEUE, 1, QUEUE_WORDS);
    this.i32[q + this.pb + QUEUE_STORAGE] = this.arrNew(QUEUE_MIN_CAPACITY);
    return q;
  }

  /** Items in a queue (0 and a fault if `q` is not one). Takes the queue's lock. */
  queueLen(q: Ref): number {
    if (!this.isA(q, T_QUEUE)) {
      this.fault(q);
      return 0;
    }
    this.queueLock(q);
    const n = this.i32[q + this.pb + QUEUE_COUNT] as number;
    this.queueUnlock(q);
    return n;
  }

  /** Takes the queue's own mutex (a futex word in the queue, like `PyMutex`). */
  queueLock(q: Ref): void {
    const w = q + this.pb + QUEUE_MUTEX;
    if (Atomics.compareExchange(this.i32, w, 0, 1) !== 0) this.#queueLockSlow(w);
  }

  #queueLockSlow(w: number): void {
    const i32 = this.i32;
    for (let spin = 0; spin < QUEUE_SPINS; spin++) {
      if (Atomics.load(i32, w) === 0 && Atomics.compareExchange(i32, w, 0, 1) === 0) return;
    }
    while (Atomics.exchange(i32, w, 2) !== 0) Atomics.wait(i32, w, 2);
  }

  /** Releases the queue's mutex. */
  queueUnlock(q: Ref): void {
    const w = q + this.pb + QUEUE_MUTEX;
    if (Atomics.sub(this.i32, w, 1) !== 1) {
      Atomics.store(this.i32, w, 0);
      Atomics.notify(this.i32, w, 1);
    }
  }

  /**
   * `q.put(item)` on a `queue.SimpleQueue`-like object: under the queue's own lock (whatever
   * the strategy), the queue takes a new reference to `item`; a blocked `get` is woken.
   */
  queuePut(q: Ref, item: Ref): void {
    if (!this.isA(q, T_QUEUE)) {
      this.fault(q);
      return;
    }
    const i32 = this.i32;
    const base = q + this.pb;
    this.strategy.incref(item);
    this.queueLock(q);
    let storage = i32[base + QUEUE_STORAGE] as number;
    const head = i32[base + QUEUE_HEAD] as number;
    const count = i32[base + QUEUE_COUNT] as number;
    const cap = this.arrCap(storage);
    if (count >= cap) {
      storage = this.#arrMoveTo(storage, head, count, Math.max(QUEUE_MIN_CAPACITY, cap * 2));
      i32[base + QUEUE_STORAGE] = storage;
      i32[base + QUEUE_HEAD] = 0;
      this.arrSet(storage, count, item);
    } else {
      this.arrSet(storage, (head + count) & (cap - 1), item);
    }
    i32[base + QUEUE_COUNT] = count + 1;
    Atomics.add(i32, base + QUEUE_SEQ, 1);
    this.queueUnlock(q);
    if (Atomics.load(i32, base + QUEUE_WAITERS) > 0) Atomics.notify(i32, base + QUEUE_SEQ);
  }

  /** Takes the oldest item without waiting: the queue's reference moves to the caller; 0 if empty. */
  queueTryGet(q: Ref): Ref {
    const i32 = this.i32;
    const base = q + this.pb;
    this.queueLock(q);
    const count = i32[base + QUEUE_COUNT] as number;
    let item = 0;
    if (count > 0) {
      const storage = i32[base + QUEUE_STORAGE] as number;
      const head = i32[base + QUEUE_HEAD] as number;
      const cap = this.arrCap(storage);
      item = this.arrGet(storage, head);
      this.arrSet(storage, head, 0);
      i32[base + QUEUE_HEAD] = cap > 0 ? (head + 1) & (cap - 1) : 0;
      i32[base + QUEUE_COUNT] = count - 1;
    }
    this.queueUnlock(q);
    return item;
  }

  /**
   * `q.get(timeout)`: the oldest item (a reference moved to the caller), waiting up to
   * `timeoutMs` for one. While it waits the thread steps out of the interpreter
   * (`beginBlocking`), as `queue.Queue.get` releases the GIL in its lock's wait. Returns 0 on
   * timeout (Python raises `queue.Empty`).
   */
  queueGet(q: Ref, timeoutMs: number): Ref {
    if (!this.isA(q, T_QUEUE)) {
      this.fault(q);
      return 0;
    }
    const i32 = this.i32;
    const seqWord = q + this.pb + QUEUE_SEQ;
    const waiters = q + this.pb + QUEUE_WAITERS;
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const seq = Atomics.load(i32, seqWord);
      const item = this.queueTryGet(q);
      if (item !== 0) return item;
      const left = deadline - performance.now();
      if (left <= 0) return 0;
      Atomics.add(i32, waiters, 1);
      const s = this.strategy;
      s.beginBlocking();
      Atomics.wait(i32, seqWord, seq, left);
      s.endBlocking();
      Atomics.sub(i32, waiters, 1);
    }
  }

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
