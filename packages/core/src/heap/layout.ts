/**
 * Every word of the shared heap has a named place here; nothing else in rclab writes a
 * literal offset into the SharedArrayBuffer.
 *
 * The heap is one `SharedArrayBuffer` viewed as an `Int32Array` of words. It has four parts:
 *
 * ```
 * word 0 ............ CTRL_WORDS        control block (CTRL_* below): sizes, run flags, checker counters
 * ROOTS ............. + rootCapacity    root table: references the workload holds outside any object
 * PAGE_TABLE ........ + pageCount       one word per page: owner arena << 8 | size class, 0 = unused
 * ARENAS ............ + arenas*ARENA_STRIDE  one control block per thread's arena (ARENA_* below)
 * PROGRESS .......... + threads*PROGRESS_STRIDE  per-thread progress and state, one cache line each
 * STRATEGY_SHARED ... + n               words the strategy asked for (e.g. the GIL's lock word)
 * WORKLOAD_SHARED ... + m               words the workload asked for (e.g. an expected total)
 * PAGES ............. + pageCount*PAGE_WORDS   objects, PAGE_WORDS-aligned
 * ```
 *
 * An object is a record inside a page. Its handle (`Ref`) is the word index of its first word,
 * so a strategy reaches its header with one add: `i32[ref + OBJ_HEADER + k]`. Handle 0 is null
 * (word 0 is in the control block, so no object can have it).
 *
 * ```
 * ref + OBJ_STATE    generation << 1 | LIVE bit. Changed by compare-and-swap on free, so a
 *                    double free is detected even when two threads race to free one object.
 * ref + OBJ_TYPE     type tag (bits 0..7, the workload's own meaning) | reference-slot count << 8.
 *                    The first `nrefs` payload words are references (0 = null); the audit walks them.
 *                    While the slot is free this word links the free list instead.
 * ref + OBJ_HEADER   the strategy's header words (`headerWords` of them, at most MAX_HEADER_WORDS)
 * ref + payloadBase  payload words (payloadBase = OBJ_HEADER + headerWords, fixed for a run)
 * ```
 */

/** Word index of the state/generation word of an object. */
export const OBJ_STATE = 0;
/** Word index of the type/flags word of an object (free-list link while the slot is free). */
export const OBJ_TYPE = 1;
/** Word index of the first strategy header word of an object. */
export const OBJ_HEADER = 2;
/** Fixed words before the strategy's header. */
export const OBJ_FIXED_WORDS = 2;
/** A strategy may ask for at most this many header words. */
export const MAX_HEADER_WORDS = 8;

/** `OBJ_STATE` bit set while the object is allocated. */
export const STATE_LIVE = 1;
/** `OBJ_STATE` generation step (the generation lives above the LIVE bit). */
export const STATE_GEN_STEP = 2;

/** `OBJ_TYPE` bits holding the type tag. */
export const TYPE_TAG_MASK = 0xff;
/** `OBJ_TYPE` shift of the reference-slot count. */
export const TYPE_NREFS_SHIFT = 8;
/** Largest reference-slot count `OBJ_TYPE` can hold. */
export const MAX_NREFS = (1 << 23) - 1;

/** log2 of the page size in words. */
export const PAGE_SHIFT = 14;
/** Words per page (64 KiB pages). Pages are handed to arenas whole and never returned. */
export const PAGE_WORDS = 1 << PAGE_SHIFT;
/** Slot sizes in words, one size class each. The last one is a whole page. */
export const SIZE_CLASSES: readonly number[] = [8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, PAGE_WORDS];
/** Number of size classes. */
export const NUM_CLASSES = SIZE_CLASSES.length;
/** Page-table word: shift of the owning arena (the low 8 bits hold class + 1). */
export const PAGE_OWNER_SHIFT = 8;

// ---- control block ---------------------------------------------------------------------------
/** Magic number, so a buffer that is not an rclab heap is refused. */
export const CTRL_MAGIC = 1;
/** Layout version. */
export const CTRL_VERSION = 2;
/** Total words in the buffer. */
export const CTRL_TOTAL_WORDS = 3;
/** Number of pages. */
export const CTRL_PAGE_COUNT = 4;
/** Next unused page (bumped with Atomics.add by any arena that needs a page). */
export const CTRL_NEXT_PAGE = 5;
/** Number of arenas (threads + 1: arena 0 belongs to the main thread). */
export const CTRL_ARENAS = 6;
/** The strategy's header word count for this heap. */
export const CTRL_HEADER_WORDS = 7;
/**
 * Run control: 1 while a slice runs; the main thread stores 0 to ask every worker to pause at
 * its next safe point. A workload that waits for another thread reads it through
 * `Heap.yieldRequested()` and returns from `step` instead of waiting for a paused partner.
 */
export const CTRL_RUN = 8;
/** Run control: command generation; the main thread bumps it (and notifies) to issue `CTRL_CMD`. */
export const CTRL_GEN = 9;
/** Run control: workers that finished the current command (the main thread waits for all). */
export const CTRL_ACKS = 10;
/** Checker: frees of an object that was not live (Atomics.add). */
export const CTRL_DOUBLE_FREES = 11;
/** Checker: accesses to an object that was not live (Atomics.add). */
export const CTRL_USE_AFTER_FREE = 12;
/** Checker: allocator found a corrupted free list. */
export const CTRL_CORRUPTIONS = 13;
/** Number of root-table entries in use (bump index). */
export const CTRL_ROOT_COUNT = 14;
/** Root table base word and capacity. */
export const CTRL_ROOTS_BASE = 15;
export const CTRL_ROOTS_CAP = 16;
/** Page table base word. */
export const CTRL_PAGE_TABLE = 17;
/** Arena control blocks base word. */
export const CTRL_ARENA_BASE = 18;
/** Per-thread progress blocks base word. */
export const CTRL_PROGRESS_BASE = 19;
/** Strategy shared region base word and size. */
export const CTRL_STRATEGY_BASE = 20;
export const CTRL_STRATEGY_WORDS = 21;
/** Workload shared region base word and size. */
export const CTRL_WORKLOAD_BASE = 22;
export const CTRL_WORKLOAD_WORDS = 23;
/** First page word. */
export const CTRL_PAGES_BASE = 24;
/** Run control: the command of the current generation, one of `WorkerCommand`. */
export const CTRL_CMD = 25;
/** Run control: operations per thread for a closing run (0: none). */
export const CTRL_FINAL_OPS = 26;
/**
 * Run control: workers awake for the current slice. A slice's timed part starts when all are:
 * a thread that woke late would otherwise leave the others running alone, and a 2-thread slice
 * would be timed partly as a 1-thread one.
 */
export const CTRL_AWAKE = 27;
/**
 * Run control: operations each thread runs in the current slice, a fixed amount of work (0: run
 * until `CTRL_RUN` drops). Fixed-work experiments time one complete unit of work per slice.
 */
export const CTRL_SLICE_OPS = 28;

/** Commands the main thread gives its workers through `CTRL_CMD`. */
export const WorkerCommand = {
  /** Run the workload until `CTRL_RUN` becomes 0 (or `CTRL_SLICE_OPS` operations are done), then pause (in a blocking section). */
  slice: 1,
  /** Take a snapshot of the strategy's counters: the measured window opens here. */
  mark: 2,
  /** Run `CTRL_FINAL_OPS` operations (if any), then finish, detach and report. */
  close: 3,
} as const;
/** Words in the control block (rounded up to a cache line). */
export const CTRL_WORDS = 32;
/** Value of `CTRL_MAGIC`. */
export const HEAP_MAGIC = 0x52434c42; // "RCLB"
/** Value of `CTRL_VERSION`. */
export const HEAP_LAYOUT_VERSION = 1;

// ---- arena control block (one per thread; only its owner writes the plain words) ---------------
/** Words per arena block: 64 words = 256 bytes, so two arenas never share a cache line. */
export const ARENA_STRIDE = 64;
/** Local free-list head of size class c: `ARENA_FREE + c`. Owner only, plain accesses. */
export const ARENA_FREE = 0;
/** Bump cursor of size class c: `ARENA_BUMP + c`. Owner only. */
export const ARENA_BUMP = 12;
/** Bump end of size class c: `ARENA_BUMP_END + c`. Owner only. */
export const ARENA_BUMP_END = 24;
/** Objects allocated by this arena. Owner only. */
export const ARENA_ALLOCS = 36;
/** Objects freed into this arena's local free lists. Owner only. */
export const ARENA_LOCAL_FREES = 37;
/** Objects this arena's thread freed into another arena's remote list. Owner only. */
export const ARENA_REMOTE_FREES_SENT = 38;
/** Head of the remote-free list: other threads push with CAS, the owner takes all with exchange.
 *  On its own cache line (word 48 of the block). */
export const ARENA_REMOTE_HEAD = 48;

// ---- per-thread progress block -----------------------------------------------------------------
/** Words per progress block (one 64-byte cache line each, to avoid false sharing). */
export const PROGRESS_STRIDE = 16;
/** Operations completed so far (low 31 bits are enough per batch; see `PROGRESS_OPS_HI`). */
export const PROGRESS_OPS_LO = 0;
/** High part of the operation count (ops / 2^30). */
export const PROGRESS_OPS_HI = 1;
/** Thread state, one of `ThreadState`. */
export const PROGRESS_STATE = 2;
/** Heartbeat: bumped after every batch, whether or not it made operations. */
export const PROGRESS_BEAT = 3;

/** States a worker publishes in `PROGRESS_STATE`, for the deadlock diagnostic. */
export const ThreadState = {
  starting: 0,
  ready: 1,
  running: 2,
  finishing: 3,
  done: 4,
  /** Between slices, in a blocking section (it holds no interpreter lock). */
  paused: 5,
  /** Threw; its message is on its way to the main thread. */
  failed: 6,
} as const;
export type ThreadStateName = keyof typeof ThreadState;

/** Default root-table capacity. */
export const DEFAULT_ROOT_CAPACITY = 1 << 16;
