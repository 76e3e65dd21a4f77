/**
 * The error classes callers tell apart (heap exhausted or corrupted, a module of the wrong shape,
 * a failed run, a usage error), and `Errors`, the heap's messages, made here because several
 * call sites raise them. Other messages are written where they are thrown; every one names what
 * went wrong and what to do about it.
 */

/** The heap ran out of pages. The heap is left consistent: nothing was half-allocated. */
export class HeapExhaustedError extends RangeError {
  override readonly name = 'HeapExhaustedError';
}

/** The allocator found a free list that points at a live or foreign slot: a strategy freed
 *  something twice or wrote outside its header. */
export class HeapCorruptionError extends Error {
  override readonly name = 'HeapCorruptionError';
}

/** A strategy or workload module could not be loaded or does not have the required shape. */
export class ModuleShapeError extends TypeError {
  override readonly name = 'ModuleShapeError';
}

/** A run failed: a worker threw, or the run stopped making progress. */
export class RunError extends Error {
  override readonly name = 'RunError';
  /** `'worker-error'` when a thread threw, `'stalled'` when the watchdog fired. */
  readonly kind: 'worker-error' | 'stalled' | 'setup-error';
  constructor(kind: 'worker-error' | 'stalled' | 'setup-error', message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.kind = kind;
  }
}

/** Bad input from a user: one line, what was wrong and what is allowed. The CLI exits with 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

const MiB = 1024 * 1024;

export const Errors = {
  heapExhausted: (heapBytes: number, pages: number): HeapExhaustedError =>
    new HeapExhaustedError(`heap exhausted: all ${pages} pages of the ${Math.round(heapBytes / MiB)} MiB heap are in use; ` + `raise the heap size (heapMB, at most 4096 MiB)`),
  objectTooLarge: (words: number, max: number): RangeError => new RangeError(`object of ${words} words is larger than the largest slot (${max} words)`),
  corruptFreeList: (arena: number, ref: number): HeapCorruptionError =>
    new HeapCorruptionError(
      `heap corrupted: arena ${arena}'s free list holds ${ref}, which is not a free slot of this arena ` + `(a double free or a write outside an object's header)`,
    ),
  notAHeap: (): TypeError => new TypeError('buffer is not an rclab heap (bad magic or layout version)'),
} as const;
