import { createHeapBuffer, Heap, HeapExhaustedError, MAX_HEAP_MB, PAGE_WORDS } from '@rclab/core';
import { describe, expect, it } from 'vitest';

describe('heap configuration and exhaustion', () => {
  it('refuses sizes outside 1..MAX_HEAP_MB MiB and bad thread counts with a message saying what is allowed', () => {
    expect(() => createHeapBuffer({ heapMB: 0, threads: 1, headerWords: 1 })).toThrow(`heap size 0 MiB is out of range: use 1..${MAX_HEAP_MB} MiB`);
    expect(() => createHeapBuffer({ heapMB: MAX_HEAP_MB + 1, threads: 1, headerWords: 1 })).toThrow(/out of range/);
    expect(() => createHeapBuffer({ threads: 0, headerWords: 1 })).toThrow('thread count 0 is out of range: use 1..250');
    expect(() => createHeapBuffer({ threads: 1, headerWords: 9 })).toThrow('headerWords 9 is out of range: use 0..8');
  });

  it('runs out with a clear error and stays usable: freed slots are handed out again', () => {
    const heap = new Heap(createHeapBuffer({ heapMB: 2, threads: 1, headerWords: 1 }), 0);
    const taken: number[] = [];
    let error: unknown;
    try {
      for (;;) taken.push(heap.alloc(1, 0, 1000));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(HeapExhaustedError);
    expect((error as Error).message).toMatch(/^heap exhausted: all \d+ pages of the 2 MiB heap are in use; raise the heap size \(heapMB/);
    // Every slot handed out was distinct and is live.
    expect(new Set(taken).size).toBe(taken.length);
    expect(taken.every((r) => heap.isLive(r))).toBe(true);
    // Free one through dealloc (no references inside), and the next allocation gets it back.
    heap.bind({ initHeader() {}, incref() {}, decref() {} });
    const victim = taken[taken.length - 1] as number;
    heap.dealloc(victim);
    expect(heap.isLive(victim)).toBe(false);
    expect(heap.alloc(1, 0, 1000)).toBe(victim);
  });

  it('refuses an object larger than a page', () => {
    const heap = new Heap(createHeapBuffer({ heapMB: 2, threads: 1, headerWords: 1 }), 0);
    expect(() => heap.alloc(1, 0, PAGE_WORDS)).toThrow(/larger than the largest slot/);
  });

  it('refuses a buffer that is not a heap', () => {
    expect(() => new Heap(new SharedArrayBuffer(1024), 0)).toThrow('buffer is not an rclab heap (bad magic or layout version)');
  });

  it('counts a second free of the same object as a double free and leaves the free list intact', () => {
    const heap = new Heap(createHeapBuffer({ heapMB: 2, threads: 1, headerWords: 1 }), 0);
    heap.bind({ initHeader() {}, incref() {}, decref() {} });
    const a = heap.alloc(1, 0, 4);
    heap.dealloc(a);
    heap.dealloc(a);
    const b = heap.alloc(1, 0, 4);
    const c = heap.alloc(1, 0, 4);
    expect(b).toBe(a);
    expect(c).not.toBe(a);
    expect(Atomics.load(heap.i32, 11 /* CTRL_DOUBLE_FREES */)).toBe(1);
  });
});
