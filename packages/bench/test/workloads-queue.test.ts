/**
 * The queue's blocking get on real threads: a consumer waiting in `q.get()` steps out of the
 * interpreter, so under a GIL the producer on the other thread can run and feed it. Every item
 * put is received, and the heap stays exact.
 */
import { run } from '@rclab/core';
import { strategyCatalog } from '@rclab/strategies';
import { describe, expect, it } from 'vitest';

const fixture = new URL('./fixtures/queue-pipeline.ts', import.meta.url).href;

describe('Queue.get blocks with the interpreter released', () => {
  for (const strategy of ['gil', 'atomic', 'biased'].filter((s) => strategyCatalog[s] !== undefined)) {
    it(`${strategy}: a consumer blocked in get receives everything a producer thread puts`, async () => {
      const r = await run({ strategy, strategies: strategyCatalog, workload: fixture, threads: 2, opsPerThread: 20, stallTimeoutMs: 20_000 });
      expect(r.correctness.checks[0]).toEqual({ name: 'items received', expected: 20, observed: 20 });
      expect(r.correctness.ok).toBe(true);
    });
  }
});
