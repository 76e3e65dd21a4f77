/**
 * `brc-paper`'s shared memory and pacing: the words its two threads share (offsets from the
 * workload base, each writer on its own cache line), the per-pass timing records, and how a
 * waiting thread blocks. The owner (`owner.ts`), the releaser (`releaser.ts`) and the verdict
 * (`records.ts`) all read this one layout.
 */
import { type Heap, type ThreadContext } from '@rclab/core';

/** Work units per `step` call at most: about 50–200 µs of work. */
export const SLICE = 2048;
/** Empty polls before a waiting thread blocks. */
export const SPIN_POLLS = 64;
/** Longest block of a waiting thread (ms): it then returns from `step`. */
export const WAIT_MS = 1;
/** Passes whose times are kept for the medians (a ring). */
export const RECORDS = 256;

// ---- shared words (offsets from the workload base; each writer on its own cache line) ----
/** Owner's line: the pass being published (1, 2, …; 0 before the first). */
export const PASS = 0;
/** Owner's line: objects published so far in the current pass. */
export const PUBLISHED = 1;
/** Owner's line: set by the owner's `finish` once nothing more will be published. */
export const OWNER_STOPPED = 2;
/** Owner's line: sink for the dummy computation (so it cannot be optimized away). */
export const SINK = 3;
/** Owner's line: passes completed. */
export const PASSES = 4;
/** Owner's line: peak of the sampled queue length. */
export const PEAK_PENDING = 5;
/** Owner's line: owner checkpoints that freed queued objects, and objects they freed. */
export const MERGES = 6;
export const MERGED = 7;
/** Owner's line: peak of the sampled live objects. */
export const PEAK_LIVE = 8;
/** Owner's line: passes in which the releaser finished before the dummy computation ended. */
export const INSIDE_DUMMY = 9;
/** Owner's line: slot words of one object. */
export const SLOT_WORDS = 10;
/** Owner's line: checkpoints the owner made. */
export const CHECKPOINTS = 11;
/** Releaser's line: last pass the releaser completed. */
export const DONE_PASS = 16;
/** Releaser's line: objects released in the current pass (plain stores, read for the samples). */
export const RELEASED = 17;
/** Releaser's line: 1 while the releaser is blocked waiting for a publication. */
export const WAITING = 18;
/** First word of the timing records (doubles, 8-byte aligned: see `timeRecords`). */
const TIMES = 32;
/** Records: per pass wall, owner busy, dummy (owner writes) and releaser busy (releaser writes). */
export const T_WALL = 0;
export const T_OWNER = 1;
export const T_DUMMY = 2;
export const T_RELEASER = 3;
export const T_FIELDS = 4;
/** Words taken by the timing records, with one spare for alignment. */
const TIME_WORDS = RECORDS * T_FIELDS * 2 + 2;
/** First word of the published-reference array. */
export const SLOTS = TIMES + TIME_WORDS;

/** The pass's timing records as doubles over the shared buffer (aligned to 8 bytes). */
function timeRecords(buffer: SharedArrayBuffer, workloadBase: number): Float64Array {
  const word = workloadBase + TIMES;
  const aligned = word % 2 === 0 ? word : word + 1;
  return new Float64Array(buffer, aligned * 4, RECORDS * T_FIELDS);
}

/** The workload's shared words as each thread and the verdict read them. */
export interface SharedView {
  readonly i32: Int32Array;
  /** The workload base (word index): the offsets above are from here. */
  readonly base: number;
  /** First word of the published-reference array (absolute). */
  readonly slots: number;
  readonly times: Float64Array;
}

/** The shared view of `heap` (once per thread, before any step: the hot loops read its fields as locals). */
export function sharedView(heap: Pick<Heap, 'i32' | 'workloadBase' | 'buffer'>): SharedView {
  const base = heap.workloadBase;
  return { i32: heap.i32, base, slots: base + SLOTS, times: timeRecords(heap.buffer, base) };
}

/** Blocks with the interpreter released until `word` changes from `seen`, for at most WAIT_MS. */
export function block(context: ThreadContext, word: number, seen: number): void {
  context.strategy.beginBlocking();
  Atomics.wait(context.heap.i32, word, seen, WAIT_MS);
  context.strategy.endBlocking();
}
