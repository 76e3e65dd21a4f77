import { Errors } from '../errors.ts';
import {
  ARENA_ALLOCS,
  ARENA_LOCAL_FREES,
  ARENA_REMOTE_FREES_SENT,
  ARENA_STRIDE,
  CTRL_ARENAS,
  CTRL_ARENA_BASE,
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
  OBJ_FIXED_WORDS,
  OBJ_STATE,
  OBJ_TYPE,
  PAGE_SHIFT,
  PAGE_WORDS,
  SIZE_CLASSES,
  STATE_LIVE,
  TYPE_NREFS_SHIFT,
} from './layout.ts';
import type { Ref } from './ref.ts';

/**
 * One thread's view of a shared heap's words, everything but allocation and freeing (those are
 * `Heap`'s, in `heap.ts`, which extends this): the layout read from the control block, an
 * object's state, type and payload words, the root table, and walks over the used pages for the
 * audit. Only `Heap` is ever instantiated, so every call site sees one class and stays
 * monomorphic; the methods here are looked up once through the prototype chain by the inline
 * cache, which costs a hot path nothing.
 */
export class HeapView {
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

  // The page layout, read once from the control block; `Heap`'s allocator uses them too.
  protected readonly arenaBlocks: number;
  protected readonly pageTable: number;
  protected readonly pagesBase: number;
  protected readonly pageCount: number;

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
    this.arenaBlocks = word(i32, CTRL_ARENA_BASE);
    this.pageTable = word(i32, CTRL_PAGE_TABLE);
    this.pagesBase = word(i32, CTRL_PAGES_BASE);
    this.pageCount = word(i32, CTRL_PAGE_COUNT);
  }

  /** Total bytes of the heap. */
  get bytes(): number {
    return this.buffer.byteLength;
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
    const entry = this.i32[this.pageTable + ((ref - this.pagesBase) >> PAGE_SHIFT)] as number;
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

  /** Calls `visit` for every live object, in address order. Not for hot paths. */
  forEachLive(visit: (ref: Ref) => void): void {
    const i32 = this.i32;
    const used = Math.min(Atomics.load(i32, CTRL_NEXT_PAGE), this.pageCount);
    for (let p = 0; p < used; p++) {
      const entry = Atomics.load(i32, this.pageTable + p);
      if (entry === 0) continue;
      const size = SIZE_CLASSES[(entry & 0xff) - 1] as number;
      const start = this.pagesBase + p * PAGE_WORDS;
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
    if (!Number.isInteger(ref) || ref < this.pagesBase) return false;
    const page = (ref - this.pagesBase) >> PAGE_SHIFT;
    if (page >= this.pageCount) return false;
    const entry = Atomics.load(this.i32, this.pageTable + page);
    if (entry === 0) return false;
    const size = SIZE_CLASSES[(entry & 0xff) - 1] as number;
    const offset = ref - (this.pagesBase + page * PAGE_WORDS);
    return offset % size === 0 && offset + size <= PAGE_WORDS;
  }

  /** Allocation statistics of one arena (read after the run). */
  arenaStats(arena: number): { allocs: number; localFrees: number; remoteFreesSent: number } {
    const a = this.arenaBlocks + arena * ARENA_STRIDE;
    const i32 = this.i32;
    return {
      allocs: Atomics.load(i32, a + ARENA_ALLOCS),
      localFrees: Atomics.load(i32, a + ARENA_LOCAL_FREES),
      remoteFreesSent: Atomics.load(i32, a + ARENA_REMOTE_FREES_SENT),
    };
  }

  /** Pages handed out so far. */
  get pagesUsed(): number {
    return Math.min(Atomics.load(this.i32, CTRL_NEXT_PAGE), this.pageCount);
  }

  /** Total words of the heap. */
  get totalWords(): number {
    return this.i32[CTRL_TOTAL_WORDS] as number;
  }
}

function word(i32: Int32Array, index: number): number {
  return i32[index] as number;
}
