import {
  ARENA_STRIDE,
  CTRL_ARENAS,
  CTRL_ARENA_BASE,
  CTRL_HEADER_WORDS,
  CTRL_MAGIC,
  CTRL_PAGES_BASE,
  CTRL_PAGE_COUNT,
  CTRL_PAGE_TABLE,
  CTRL_PROGRESS_BASE,
  CTRL_ROOTS_BASE,
  CTRL_ROOTS_CAP,
  CTRL_RUN,
  CTRL_STRATEGY_BASE,
  CTRL_STRATEGY_WORDS,
  CTRL_TOTAL_WORDS,
  CTRL_VERSION,
  CTRL_WORDS,
  CTRL_WORKLOAD_BASE,
  CTRL_WORKLOAD_WORDS,
  DEFAULT_ROOT_CAPACITY,
  HEAP_LAYOUT_VERSION,
  HEAP_MAGIC,
  MAX_HEADER_WORDS,
  PAGE_WORDS,
  PROGRESS_STRIDE,
} from './layout.ts';

/** What a heap is made for. */
export interface HeapConfig {
  /** Heap size in MiB (pages included). @defaultValue 256 */
  readonly heapMB?: number;
  /** Worker threads that will use the heap (arena 0 is the main thread's, on top). */
  readonly threads: number;
  /** Header words the strategy needs per object (0..MAX_HEADER_WORDS). */
  readonly headerWords: number;
  /** Words the strategy needs for shared state (locks, queues). @defaultValue 0 */
  readonly strategyWords?: number;
  /** Words the workload needs for shared state. @defaultValue 0 */
  readonly workloadWords?: number;
  /** Root-table capacity. @defaultValue 65536 */
  readonly rootCapacity?: number;
}

/** Default heap size in MiB: enough for every default workload with room to spare. */
export const DEFAULT_HEAP_MB = 256;
/** Largest heap: handles are int32 word indices, and 4 GiB keeps every index below 2^30. */
export const MAX_HEAP_MB = 4096;

const MiB = 1024 * 1024;

/**
 * Makes a new heap: one `SharedArrayBuffer`, its control block written, every page free.
 * Sizes are checked here so a bad configuration fails before any thread starts.
 */
export function createHeapBuffer(config: HeapConfig): SharedArrayBuffer {
  const heapMB = config.heapMB ?? DEFAULT_HEAP_MB;
  if (!Number.isFinite(heapMB) || heapMB < 1 || heapMB > MAX_HEAP_MB) {
    throw new RangeError(`heap size ${heapMB} MiB is out of range: use 1..${MAX_HEAP_MB} MiB`);
  }
  const { threads, headerWords } = config;
  if (!Number.isInteger(threads) || threads < 1 || threads > 250) {
    throw new RangeError(`thread count ${threads} is out of range: use 1..250`);
  }
  if (!Number.isInteger(headerWords) || headerWords < 0 || headerWords > MAX_HEADER_WORDS) {
    throw new RangeError(`headerWords ${headerWords} is out of range: use 0..${MAX_HEADER_WORDS}`);
  }
  const strategyWords = config.strategyWords ?? 0;
  const workloadWords = config.workloadWords ?? 0;
  const rootCapacity = config.rootCapacity ?? DEFAULT_ROOT_CAPACITY;
  const arenas = threads + 1;
  const totalWords = Math.floor((heapMB * MiB) / 4);

  // Lay out the regions one after another, each starting on a cache line (16 words).
  let cursor = CTRL_WORDS;
  const take = (words: number): number => {
    const base = cursor;
    cursor = align(cursor + words, 16);
    return base;
  };
  const rootsBase = take(rootCapacity);
  // The page table is sized for the whole buffer; the pages themselves then fit in what is left.
  const maxPages = Math.floor(totalWords / PAGE_WORDS);
  const pageTable = take(maxPages);
  const arenaBase = take(arenas * ARENA_STRIDE);
  const progressBase = take(arenas * PROGRESS_STRIDE);
  const strategyBase = take(strategyWords);
  const workloadBase = take(workloadWords);
  const pagesBase = align(cursor, PAGE_WORDS);
  const pageCount = Math.floor((totalWords - pagesBase) / PAGE_WORDS);
  if (pageCount < arenas) {
    throw new RangeError(
      `heap of ${heapMB} MiB is too small for ${threads} threads: it leaves ${pageCount} pages of 64 KiB; ` +
        `give at least ${Math.ceil(((pagesBase + arenas * 4 * PAGE_WORDS) * 4) / MiB)} MiB`,
    );
  }

  const buffer = new SharedArrayBuffer(totalWords * 4);
  const i32 = new Int32Array(buffer);
  i32[CTRL_MAGIC] = HEAP_MAGIC;
  i32[CTRL_VERSION] = HEAP_LAYOUT_VERSION;
  i32[CTRL_TOTAL_WORDS] = totalWords;
  i32[CTRL_PAGE_COUNT] = pageCount;
  i32[CTRL_ARENAS] = arenas;
  i32[CTRL_HEADER_WORDS] = headerWords;
  i32[CTRL_ROOTS_BASE] = rootsBase;
  i32[CTRL_ROOTS_CAP] = rootCapacity;
  i32[CTRL_PAGE_TABLE] = pageTable;
  i32[CTRL_ARENA_BASE] = arenaBase;
  i32[CTRL_PROGRESS_BASE] = progressBase;
  // Outside a runtime's slices nothing asks a workload to yield (see `Heap.yieldRequested`).
  i32[CTRL_RUN] = 1;
  i32[CTRL_STRATEGY_BASE] = strategyBase;
  i32[CTRL_STRATEGY_WORDS] = strategyWords;
  i32[CTRL_WORKLOAD_BASE] = workloadBase;
  i32[CTRL_WORKLOAD_WORDS] = workloadWords;
  i32[CTRL_PAGES_BASE] = pagesBase;
  return buffer;
}

function align(n: number, to: number): number {
  return Math.ceil(n / to) * to;
}
