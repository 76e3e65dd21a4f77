/**
 * The slice buffer: a small `Float64Array` beside the heap where each worker leaves the figures
 * of its last slice (float64, because wall-clock milliseconds and operation counts outgrow an
 * int32). Only the worker writes its own words, and it publishes them before its seq-cst
 * `Atomics.add` on `CTRL_ACKS`, which the main thread reads before it reads these.
 */
import type { SliceResult } from './cell-types.ts';

/** Float64 words per thread. */
export const SLICE_STRIDE = 4;
/** Wall-clock ms when the thread started its last slice (before taking the interpreter back). */
export const SLICE_START = 0;
/** Wall-clock ms when its last batch of the slice ended (before it stepped aside). */
export const SLICE_END = 1;
/** Operations in the slice. */
export const SLICE_OPS = 2;

/** Offset of `field` for worker `thread` (1-based). */
export function sliceWord(thread: number, field: number): number {
  return (thread - 1) * SLICE_STRIDE + field;
}

/** What the last slice did, from every worker's words: the span from the first start to the last end. */
export function sliceFigures(slices: Float64Array, threads: number): SliceResult {
  let start = Infinity;
  let end = -Infinity;
  const opsPerThread: number[] = [];
  for (let t = 1; t <= threads; t++) {
    start = Math.min(start, slices[sliceWord(t, SLICE_START)] as number);
    end = Math.max(end, slices[sliceWord(t, SLICE_END)] as number);
    opsPerThread.push(slices[sliceWord(t, SLICE_OPS)] as number);
  }
  return { ops: opsPerThread.reduce((a, b) => a + b, 0), elapsedMs: Math.max(end - start, 1e-6), opsPerThread };
}
