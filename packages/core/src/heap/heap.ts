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
  CTRL_CORRUPTIONS,
  CTRL_DOUBLE_FREES,
  CTRL_NEXT_PAGE,
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
import { HeapView } from './heap-view.ts';

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
 * One thread's view of the shared heap, bound to that thread's arena: the allocator and the
 * freeing of objects here, everything else (layout, object words, roots, page walks) in
 * `HeapView` (`heap-view.ts`), which this extends.
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
export class Heap extends HeapView {
  /** This thread's arena block: its free lists, bump cursors and allocation counters. */
  readonly #arenaBase: number;
  #ops: RefcountOps | null = null;
  #releasing = false;
  #pending: Int32Array = new Int32Array(256);
  #pendingTop = 0;

  constructor(buffer: SharedArrayBuffer, arena: number) {
    super(buffer, arena);
    this.#arenaBase = this.arenaBlocks + arena * ARENA_STRIDE;
  }

  /**
   * Binds the strategy whose `decref` releases the references a dying object holds and whose
   * `initHeader` `newObject` calls. Done once per thread, right after the strategy is created.
   */
  bind(ops: RefcountOps): void {
    this.#ops = ops;
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
    const page = (ref - this.pagesBase) >> PAGE_SHIFT;
    const entry = i32[this.pageTable + page] as number;
    const owner = entry >>> PAGE_OWNER_SHIFT;
    const cls = (entry & 0xff) - 1;
    if (owner === this.arena) {
      const head = this.#arenaBase + ARENA_FREE + cls;
      i32[ref + OBJ_TYPE] = i32[head] as number;
      i32[head] = ref;
      i32[this.#arenaBase + ARENA_LOCAL_FREES] = (i32[this.#arenaBase + ARENA_LOCAL_FREES] as number) + 1;
      return;
    }
    const remote = this.arenaBlocks + owner * ARENA_STRIDE + ARENA_REMOTE_HEAD;
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
      const entry = i32[this.pageTable + ((node - this.pagesBase) >> PAGE_SHIFT)] as number;
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
      if (page >= this.pageCount) throw Errors.heapExhausted(this.bytes, this.pageCount);
      Atomics.store(i32, this.pageTable + page, (this.arena << PAGE_OWNER_SHIFT) | (cls + 1));
      cursor = this.pagesBase + page * PAGE_WORDS;
      i32[a + ARENA_BUMP_END + cls] = cursor + Math.floor(PAGE_WORDS / size) * size;
    }
    i32[a + ARENA_BUMP + cls] = cursor + size;
    return cursor;
  }

  #corrupt(ref: Ref): never {
    Atomics.add(this.i32, CTRL_CORRUPTIONS, 1);
    throw Errors.corruptFreeList(this.arena, ref);
  }

  /** Releases every root through the bound strategy (end of a run). */
  releaseRoots(): void {
    const ops = this.#ops as RefcountOps;
    for (let k = 0; k < this.rootCount; k++) {
      const ref = this.swapRoot(k, 0);
      if (ref !== 0) ops.decref(ref);
    }
  }
}
