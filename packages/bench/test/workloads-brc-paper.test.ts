/**
 * `brc-paper`, the BRC paper's §7.5 experiment, on real threads: at tiny N every built-in
 * strategy leaves an exact heap; under biased counting R = 0 queues nothing and R = 1 queues
 * (and merges) every object exactly once per pass, as does a random subset of round(R·N); a
 * timed run stopped in the middle of a pass still releases everything.
 */
import { run, type RunResult } from '@rclab/core';
import { strategyCatalog } from '@rclab/strategies';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { workloadCatalog } from '../src/workloads/catalog.ts';

const N = 1_000;

function brc(strategy: string, params: Record<string, number | string>, opsPerThread = 2, threads = 2): Promise<RunResult> {
  return run({
    strategy,
    strategies: strategyCatalog,
    workload: 'brc-paper',
    workloads: workloadCatalog,
    threads,
    opsPerThread,
    params: { objects: N, dummy: 1, mergeEvery: 64, ...params },
    heapMB: 32,
  });
}

function heapExact(r: RunResult): void {
  const c = r.correctness;
  expect({ leaks: c.leaks, doubleFrees: c.doubleFrees, useAfterFree: c.useAfterFree, auditMismatches: c.auditMismatches, corruptions: c.corruptions }).toEqual({
    leaks: 0,
    doubleFrees: 0,
    useAfterFree: 0,
    auditMismatches: 0,
    corruptions: 0,
  });
  expect(c.ok).toBe(true);
}

describe('brc-paper', () => {
  for (const strategy of Object.keys(strategyCatalog)) {
    it(`${strategy}: two passes at R = 0.5 (and one thread) leave an exact heap`, async () => {
      const r = await brc(strategy, { remoteFraction: 0.5, k: 2 });
      // One operation is one complete pass, on either thread.
      expect(r.opsPerThread).toEqual([2, 2]);
      heapExact(r);
      // Every object of both passes was freed by someone, exactly once.
      expect(r.counters.deallocs ?? 2 * N).toBe(2 * N);
      heapExact(await brc(strategy, { remoteFraction: 0.5 }, 1, 1));
    });
  }

  it('biased, R = 0: nothing is queued; every object dies on the owner fast path', async () => {
    const r = await brc('biased', { remoteFraction: 0, k: 3 });
    heapExact(r);
    expect(r.counters.queued).toBe(0);
    expect(r.counters.merges).toBe(0);
    expect(r.counters.fastDeallocs).toBe(2 * N);
    // k pairs and the final drop per object, all owner operations.
    expect(r.counters.fastOps).toBe(2 * N * (2 * 3 + 1));
    expect(r.counters.sharedOps).toBe(0);
  });

  it('biased, R = 1: every object is queued once and merged once, per pass', async () => {
    const r = await brc('biased', { remoteFraction: 1, dummy: 0 }, 3);
    heapExact(r);
    expect(r.counters.queued).toBe(3 * N);
    expect(r.counters.merges).toBe(3 * N);
    expect(r.counters.ownerGoneMerges).toBe(0);
    expect(r.counters.sharedOps).toBe(3 * N);
  });

  it('biased, any R and either subset: exactly round(R·N) queued and merged per pass', async () => {
    await fc.assert(
      fc.asyncProperty(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom('first', 'random'), fc.integer({ min: 1, max: 1000 }), async (r, subset, seed) => {
        const result = await run({
          strategy: 'biased',
          strategies: strategyCatalog,
          workload: 'brc-paper',
          workloads: workloadCatalog,
          threads: 2,
          opsPerThread: 1,
          seed,
          params: { objects: 500, remoteFraction: r, subset, dummy: 0, mergeEvery: 16 },
          heapMB: 16,
        });
        expect(result.correctness.ok).toBe(true);
        expect(result.counters.queued).toBe(Math.round(r * 500));
        expect(result.counters.merges).toBe(Math.round(r * 500));
      }),
      { numRuns: 6 },
    );
  });

  for (const strategy of ['biased', 'atomic', 'gil']) {
    it(`${strategy}: a timed run stopped in the middle of a pass still releases everything`, async () => {
      const r = await run({
        strategy,
        strategies: strategyCatalog,
        workload: 'brc-paper',
        workloads: workloadCatalog,
        threads: 2,
        durationMs: 40,
        params: { objects: 200_000, remoteFraction: 0.5, dummy: 20 },
        heapMB: 64,
      });
      heapExact(r);
    });
  }

  it('refuses more than two threads with one line', async () => {
    await expect(brc('biased', {}, 1, 3)).rejects.toThrow(/workload 'brc-paper' runs on 1 or 2 threads \(the owner and the releaser\), got 3/);
  });
});
