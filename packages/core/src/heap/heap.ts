import { Errors } from '../errors.ts';
import type { RefcountOps } from './refcount-ops.ts';
import {
  ARENA_ALLOCS,
  ARENA_BUMP,
  ARENA_BUMP_END,
  ARENA_FREE,
  ARENA_LOCAL_FREES,
  ARENA_REMOTE_FREES_SENT,
  ARENA_REMOTE_HEAD,
  ARENA_STRIDE,
  CTRL_ARENAS,
  CTRL_ARENA_BASE,
  CTRL_CORRUPTIONS,
  CTRL_DOUBLE_FREES,
  CTRL_HEADER_WORDS,
  CTRL_MAGIC,
  CTRL_NEXT_PAGE,
  CTRL_PAGES_BASE,
  CTRL_PAGE_COUNT,
  CTRL_PAGE_TABLE,
  CTRL_ROOTS_BASE,
  CTRL_ROOTS_CAP,
  CTRL_ROOT_COUNT,
  CTRL_RUN,
  CTRL_STRATEGY_BASE,
  CTRL_STRATEGY_WORDS,
  CTRL_TOTAL_WORDS,
  CTRL_USE_AFTER_FREE,
  CTRL_VERSION,
  CTRL_WORKLOAD_BASE,
  CTRL_WORKLOAD_WORDS,
  HEAP_LAYOUT_VERSION,
  HEAP_MAGIC,
  MAX_NREFS,
  OBJ_FIXED_WORDS,
  OBJ_STATE,
  OBJ_TYPE,
  PAGE_OWNER_SHIFT,
  PAGE_SHIFT,
  PAGE_WORDS,
  SIZE_CLASSES,
  STATE_LIVE,
  TYPE_NREFS_SHIFT,
} from './layout.ts';
import type { Ref } from './ref.ts';

/** Size class for an object of `words` words, precomputed so `alloc` does one table read. */
const CLASS_OF = (() => {
  const table = new Uint8Array(PAGE_WORDS + 1);
  let c = 0;
  for (let w = 0; w <= PAGE_WORDS; w++) {
    while ((SIZE_CLASSES[c] ?? PAGE_WORDS) < w) c++;
    table[w] = c;
  }
  return table;
})();

/** Largest object, in words (header and payload included). */
export const MAX_OBJECT_WORDS: number = PAGE_WORDS;

/**
 * One thread's view of the shared heap, bound to that thread's arena.
 *
 * Allocation pops the arena's local free list with plain reads and writes (only the owner
 * touches it), refills from the arena's own pages by bumping a cursor, and takes a fresh page
 * from the global page counter with one `Atomics.add` when a page runs out. Freeing an object
 * of another arena pushes it onto that arena's remote-free list with a CAS; the owner takes
 * the whole list with one `Atomics.exchange` when its local list runs dry. This is how
 * mimalloc (the allocator of free-threaded CPython) handles cross-thread frees, and it never
 * needs an ABA guard because only the owner pops, and it pops everything at once.
 *
 * The strategy decides *when* an object dies; the heap does the dying: `dealloc` marks the
 * object dead with a CAS on its state word (so two threads that both think they dropped the
 * last reference are caught as a double free, not a corrupted free list), releases the
 * references the object holds through the strategy, and returns the slot. Releases that free
 * more objects are queued on a per-thread stack instead of recursing (CPython's trashcan), so
 * a long chain cannot overflow the JS stack.
 */
export class Heap {
  /** The whole heap as 32-bit words. Strategies index it directly: `i32[ref + OBJ_HEADER + k]`. */
  readonly i32: Int32Array;
  /** The buffer itself. */
  readonly buffer: SharedArrayBuffer;
  /** This thread's arena (0 = the main thread, 1..N = workers). */
  readonly arena: number;
  /** Strategy header words per object in this heap. */
  readonly headerWords: number;
  /** Offset of payload word 0 from an object's ref. */
  readonly payloadBase: number;
  /** First word of the strategy's shared region. */
  readonly strategyBase: number;
  /** Words in the strategy's shared region. */
  readonly strategyWords: number;
  /** First word of the workload's shared region. */
  readonly workloadBase: number;
  /** Words in the workload's shared region. */
  readonly workloadWords: number;
  /** Number of arenas (threads + 1). */
  readonly arenas: number;

  readonly #arenaBase: number;
  readonly #arenaBlocks: number;
  readonly #pageTable: number;
  readonly #pagesBase: number;
  readonly #pageCount: number;
  #ops: RefcountOps | null = null;
  #releasing = false;
  #pending: Int32Array = new Int32Array(256);
  #pendingTop = 0;

  constructor(buffer: SharedArrayBuffer, arena: number) {
    const i32 = new Int32Array(buffer);
    if (i32[CTRL_MAGIC] !== HEAP_MAGIC || i32[CTRL_VERSION] !== HEAP_LAYOUT_VERSION) throw Errors.notAHeap();
    this.buffer = buffer;
    this.i32 = i32;
    this.arena = arena;
    this.arenas = word(i32, CTRL_ARENAS);
    if (!Number.isInteger(arena) || arena < 0 || arena >= this.arenas) {
      throw new RangeError(`arena ${arena} out of range: this heap has arenas 0..${this.arenas - 1}`);
    }
    this.headerWords = word(i32, CTRL_HEADER_WORDS);
    this.payloadBase = OBJ_FIXED_WORDS + this.headerWords;
    this.strategyBase = word(i32, CTRL_STRATEGY_BASE);
    this.strategyWords = word(i32, CTRL_STRATEGY_WORDS);
    this.workloadBase = word(i32, CTRL_WORKLOAD_BASE);
    this.workloadWords = word(i32, CTRL_WORKLOAD_WORDS);
    this.#arenaBlocks = word(i32, CTRL_ARENA_BASE);
    this.#arenaBase = this.#arenaBlocks + arena * ARENA_STRIDE;
    this.#pageTable = word(i32, CTRL_PAGE_TABLE);
    this.#pagesBase = word(i32, CTRL_PAGES_BASE);
    this.#pageCount = word(i32, CTRL_PAGE_COUNT);
  }

  /**
   * Binds the strategy whose `decref` releases the references a dying object holds and whose
   * `initHeader` `newObject` calls. Done once per thread, right after the strategy is created.
   */
  bind(ops: RefcountOps): void {
    this.#ops = ops;
  }

  /** Total bytes of the heap. */
  get bytes(): number {
    return this.buffer.byteLength;
  }

  /**
   * Allocates an object and lets the bound strategy initialise its header (count 1, owned by
   * this thread). The caller owns the one reference it returns.
   *
   * @param tag - type tag, 0..255, meaning chosen by the workload
   * @param nrefs - how many payload words, from word 0, hold references
   * @param payloadWords - payload size in words (at least `nrefs`)
   */
  newObject(tag: number, nrefs: number, payloadWords: number): Ref {
    const ref = this.alloc(tag, nrefs, payloadWords);
    (this.#ops as RefcountOps).initHeader(ref);
    return ref;
  }

  /**
   * Allocates raw storage: state LIVE, type word set, header and payload zeroed. The header is
   * left for the strategy; prefer `newObject`.
   */
  alloc(tag: number, nrefs: number, payloadWords: number): Ref {
    const i32 = this.i32;
    const words = this.payloadBase + payloadWords;
    if (words > PAGE_WORDS) throw Errors.objectTooLarge(words, PAGE_WORDS);
    if (nrefs > payloadWords || nrefs > MAX_NREFS) {
      throw new RangeError(`nrefs ${nrefs} exceeds payload ${payloadWords} (or the limit ${MAX_NREFS})`);
    }
    const cls = CLASS_OF[words] as number;
    const head = this.#arenaBase + ARENA_FREE + cls;
    let ref = i32[head] as number;
    if (ref !== 0) {
      if (((i32[ref + OBJ_STATE] as number) & STATE_LIVE) !== 0) this.#corrupt(ref);
      i32[head] = i32[ref + OBJ_TYPE] as number;
    } else {
      ref = this.#refill(cls);
    }
    i32[ref + OBJ_STATE] = (i32[ref + OBJ_STATE] as number) | STATE_LIVE;
    i32[ref + OBJ_TYPE] = tag | (nrefs << TYPE_NREFS_SHIFT);
    const end = ref + words;
    for (let w = ref + OBJ_FIXED_WORDS; w < end; w++) i32[w] = 0;
    i32[this.#arenaBase + ARENA_ALLOCS] = (i32[this.#arenaBase + ARENA_ALLOCS] as number) + 1;
    return ref;
  }

  /**
   * Destroys an object whose count the strategy found at zero: marks it dead (a CAS, so a
   * second free of the same object is counted as a double free and does nothing else), drops
   * the references it holds through the strategy, and returns its slot to its arena.
   * Strategies call this; workloads never do.
   */
  dealloc(ref: Ref): void {
    if (this.#releasing) {
      if (this.#pendingTop === this.#pending.length) {
        const grown = new Int32Array(this.#pending.length * 2);
        grown.set(this.#pending);
        this.#pending = grown;
      }
      this.#pending[this.#pendingTop++] = ref;
      return;
    }
    this.#releasing = true;
    try {
      let next = ref;
      for (;;) {
        this.#release(next);
        if (this.#pendingTop === 0) break;
        next = this.#pending[--this.#pendingTop] as number;
      }
    } finally {
      this.#releasing = false;
      this.#pendingTop = 0;
    }
  }

  #release(ref: Ref): void {
    const i32 = this.i32;
    const state = Atomics.load(i32, ref + OBJ_STATE);
    // state + 1 clears LIVE and carries into the generation: dead, next generation.
    if ((state & STATE_LIVE) === 0 || Atomics.compareExchange(i32, ref + OBJ_STATE, state, state + 1) !== state) {
      Atomics.add(i32, CTRL_DOUBLE_FREES, 1);
      return;
    }
    const nrefs = (i32[ref + OBJ_TYPE] as number) >>> TYPE_NREFS_SHIFT;
    const base = ref + this.payloadBase;
    const ops = this.#ops as RefcountOps;
    for (let k = 0; k < nrefs; k++) {
      const child = i32[base + k] as number;
      if (child !== 0) {
        i32[base + k] = 0;
        ops.decref(child);
      }
    }
    this.#freeSlot(ref);
  }

  #freeSlot(ref: Ref): void {
    const i32 = this.i32;
    const page = (ref - this.#pagesBase) >> PAGE_SHIFT;
    const entry = i32[this.#pageTable + page] as number;
    const owner = entry >>> PAGE_OWNER_SHIFT;
    const cls = (entry & 0xff) - 1;
    if (owner === this.arena) {
      const head = this.#arenaBase + ARENA_FREE + cls;
      i32[ref + OBJ_TYPE] = i32[head] as number;
      i32[head] = ref;
      i32[this.#arenaBase + ARENA_LOCAL_FREES] = (i32[this.#arenaBase + ARENA_LOCAL_FREES] as number) + 1;
      return;
    }
    const remote = this.#arenaBlocks + owner * ARENA_STRIDE + ARENA_REMOTE_HEAD;
    for (;;) {
      const top = Atomics.load(i32, remote);
      i32[ref + OBJ_TYPE] = top;
      if (Atomics.compareExchange(i32, remote, top, ref) === top) break;
    }
    i32[this.#arenaBase + ARENA_REMOTE_FREES_SENT] = (i32[this.#arenaBase + ARENA_REMOTE_FREES_SENT] as number) + 1;
  }

  /** Slow path of `alloc`: take back remote frees, else bump within a page, else take a page. */
  #refill(cls: number): Ref {
    const i32 = this.i32;
    const a = this.#arenaBase;
    // Objects other threads freed for us: route each to its class's local list.
    let node = Atomics.exchange(i32, a + ARENA_REMOTE_HEAD, 0);
    while (node !== 0) {
      const next = i32[node + OBJ_TYPE] as number;
      const entry = i32[this.#pageTable + ((node - this.#pagesBase) >> PAGE_SHIFT)] as number;
      if (entry >>> PAGE_OWNER_SHIFT !== this.arena || (i32[node + OBJ_STATE] as number) & STATE_LIVE) this.#corrupt(node);
      const head = a + ARENA_FREE + ((entry & 0xff) - 1);
      i32[node + OBJ_TYPE] = i32[head] as number;
      i32[head] = node;
      node = next;
    }
    const head = a + ARENA_FREE + cls;
    const ref = i32[head] as number;
    if (ref !== 0) {
      i32[head] = i32[ref + OBJ_TYPE] as number;
      return ref;
    }
    const size = SIZE_CLASSES[cls] as number;
    let cursor = i32[a + ARENA_BUMP + cls] as number;
    if (cursor === 0 || cursor + size > (i32[a + ARENA_BUMP_END + cls] as number)) {
      const page = Atomics.add(i32, CTRL_NEXT_PAGE, 1);
      if (page >= this.#pageCount) throw Errors.heapExhausted(this.bytes, this.#pageCount);
      Atomics.store(i32, this.#pageTable + page, (this.arena << PAGE_OWNER_SHIFT) | (cls + 1));
      cursor = this.#pagesBase + page * PAGE_WORDS;
      i32[a + ARENA_BUMP_END + cls] = cursor + Math.floor(PAGE_WORDS / size) * size;
    }
    i32[a + ARENA_BUMP + cls] = cursor + size;
    return cursor;
  }

  #corrupt(ref: Ref): never {
    Atomics.add(this.i32, CTRL_CORRUPTIONS, 1);
    throw Errors.corruptFreeList(this.arena, ref);
  }

  /** True while `ref` is allocated. */
  isLive(ref: Ref): boolean {
    return ((this.i32[ref + OBJ_STATE] as number) & STATE_LIVE) !== 0;
  }

  /**
   * Records a use-after-free if `ref` is not live. Workloads call it where they read an object
   * they were handed, so a strategy that frees too early is caught where it hurts.
   */
  checkLive(ref: Ref): void {
    if (((this.i32[ref + OBJ_STATE] as number) & STATE_LIVE) === 0) Atomics.add(this.i32, CTRL_USE_AFTER_FREE, 1);
  }

  /**
   * The object's state word (generation and LIVE bit): a stamp that changes when the object is
   * freed and again when its slot is reused. A holder that keeps the stamp beside a reference
   * can tell later whether it still points at the same object (`checkStamp`).
   */
  stamp(ref: Ref): number {
    return Atomics.load(this.i32, ref + OBJ_STATE);
  }

  /**
   * True if `ref` still holds the object that had `stamp`; otherwise records a use after free
   * and returns false. Catches the case `checkLive` cannot: the object was freed and its slot
   * handed out again, so the stale reference points at a live, different object.
   */
  checkStamp(ref: Ref, stamp: number): boolean {
    if (Atomics.load(this.i32, ref + OBJ_STATE) === stamp) return true;
    Atomics.add(this.i32, CTRL_USE_AFTER_FREE, 1);
    return false;
  }

  /** Type tag of an object. */
  tag(ref: Ref): number {
    return (this.i32[ref + OBJ_TYPE] as number) & 0xff;
  }

  /** Number of reference slots of an object. */
  nrefs(ref: Ref): number {
    return (this.i32[ref + OBJ_TYPE] as number) >>> TYPE_NREFS_SHIFT;
  }

  /** Changes an object's reference-slot count (e.g. a list that grew); slots past it are data. */
  setNrefs(ref: Ref, nrefs: number): void {
    const i32 = this.i32;
    i32[ref + OBJ_TYPE] = ((i32[ref + OBJ_TYPE] as number) & 0xff) | (nrefs << TYPE_NREFS_SHIFT);
  }

  /** Reads payload word `k`. */
  load(ref: Ref, k: number): number {
    return this.i32[ref + this.payloadBase + k] as number;
  }

  /** Writes payload word `k`. Storing a reference moves ownership of one count into the slot. */
  store(ref: Ref, k: number, value: number): void {
    this.i32[ref + this.payloadBase + k] = value;
  }

  /** Size in words of the slot that holds `ref` (header and payload included). */
  slotWords(ref: Ref): number {
    const entry = this.i32[this.#pageTable + ((ref - this.#pagesBase) >> PAGE_SHIFT)] as number;
    return SIZE_CLASSES[(entry & 0xff) - 1] as number;
  }

  /** Payload capacity in words of the slot that holds `ref`. */
  payloadCapacity(ref: Ref): number {
    return this.slotWords(ref) - this.payloadBase;
  }

  /**
   * Declares a root: a reference the workload holds outside any object (a module global, a
   * thread's variable). The root table owns the one count it is given. Returns its index.
   */
  addRoot(ref: Ref): number {
    const i32 = this.i32;
    const index = Atomics.add(i32, CTRL_ROOT_COUNT, 1);
    const cap = i32[CTRL_ROOTS_CAP] as number;
    if (index >= cap) {
      Atomics.sub(i32, CTRL_ROOT_COUNT, 1);
      throw new RangeError(`root table full (${cap} roots)`);
    }
    Atomics.store(i32, (i32[CTRL_ROOTS_BASE] as number) + index, ref);
    return index;
  }

  /** The reference in root `index` (0 once released). */
  root(index: number): Ref {
    return Atomics.load(this.i32, (this.i32[CTRL_ROOTS_BASE] as number) + index);
  }

  /** Replaces root `index`, returning the reference it held (the caller now owns that count). */
  swapRoot(index: number, ref: Ref): Ref {
    return Atomics.exchange(this.i32, (this.i32[CTRL_ROOTS_BASE] as number) + index, ref);
  }

  /**
   * True when the runtime asked the workers to pause (the slice is over). A workload thread that
   * waits for another thread (a full ring, a barrier) checks it and returns from `step` instead:
   * the thread it waits for may already be paused, and it stays paused until every thread is.
   * Not for hot paths: call it where the thread would otherwise wait.
   */
  yieldRequested(): boolean {
    return Atomics.load(this.i32, CTRL_RUN) === 0;
  }

  /** Number of roots declared. */
  get rootCount(): number {
    return Math.min(Atomics.load(this.i32, CTRL_ROOT_COUNT), this.i32[CTRL_ROOTS_CAP] as number);
  }

  /** Releases every root through the bound strategy (end of a run). */
  releaseRoots(): void {
    const ops = this.#ops as RefcountOps;
    for (let k = 0; k < this.rootCount; k++) {
      const ref = this.swapRoot(k, 0);
      if (ref !== 0) ops.decref(ref);
    }
  }

  /** Calls `visit` for every live object, in address order. Not for hot paths. */
  forEachLive(visit: (ref: Ref) => void): void {
    const i32 = this.i32;
    const used = Math.min(Atomics.load(i32, CTRL_NEXT_PAGE), this.#pageCount);
    for (let p = 0; p < used; p++) {
      const entry = Atomics.load(i32, this.#pageTable + p);
      if (entry === 0) continue;
      const size = SIZE_CLASSES[(entry & 0xff) - 1] as number;
      const start = this.#pagesBase + p * PAGE_WORDS;
      const end = start + Math.floor(PAGE_WORDS / size) * size;
      for (let r = start; r < end; r += size) {
        if ((Atomics.load(i32, r + OBJ_STATE) & STATE_LIVE) !== 0) visit(r);
      }
    }
  }

  /**
   * True if `ref` could be an object handle: inside a used page, on a slot boundary. The audit
   * uses it so that a broken strategy's garbage is reported, not followed.
   */
  isSlot(ref: Ref): boolean {
    if (!Number.isInteger(ref) || ref < this.#pagesBase) return false;
    const page = (ref - this.#pagesBase) >> PAGE_SHIFT;
    if (page >= this.#pageCount) return false;
    const entry = Atomics.load(this.i32, this.#pageTable + page);
    if (entry === 0) return false;
    const size = SIZE_CLASSES[(entry & 0xff) - 1] as number;
    const offset = ref - (this.#pagesBase + page * PAGE_WORDS);
    return offset % size === 0 && offset + size <= PAGE_WORDS;
  }

  /** Allocation statistics of one arena (read after the run). */
  arenaStats(arena: number): { allocs: number; localFrees: number; remoteFreesSent: number } {
    const a = this.#arenaBlocks + arena * ARENA_STRIDE;
    const i32 = this.i32;
    return {
      allocs: Atomics.load(i32, a + ARENA_ALLOCS),
      localFrees: Atomics.load(i32, a + ARENA_LOCAL_FREES),
      remoteFreesSent: Atomics.load(i32, a + ARENA_REMOTE_FREES_SENT),
    };
  }

  /** Pages handed out so far. */
  get pagesUsed(): number {
    return Math.min(Atomics.load(this.i32, CTRL_NEXT_PAGE), this.#pageCount);
  }

  /** Total words of the heap. */
  get totalWords(): number {
    return this.i32[CTRL_TOTAL_WORDS] as number;
  }
}

function word(i32: Int32Array, index: number): number {
  return i32[index] as number;
}
