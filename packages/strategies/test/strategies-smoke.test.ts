import { run } from '@rclab/core';
import { strategyCatalog } from '@rclab/strategies';
import { describe, expect, it } from 'vitest';

const workload = new URL('./fixtures/mixed-traffic.ts', import.meta.url).href;

// The counters each strategy promises to report (docs/strategies.md).
const counters: Record<string, readonly string[]> = {
  unsafe: ['deallocs'],
  gil: ['acquisitions', 'dropRequests', 'forcedSwitches', 'waitMs', 'heldMs', 'blockingSections'],
  'gil-noforce': ['acquisitions', 'dropRequests', 'forcedSwitches', 'waitMs'],
  atomic: ['atomicOps', 'lockContended', 'lockHandoffs'],
  locked: ['lockedOps', 'lockContended', 'lockParks', 'lockHandoffs', 'lockWaitMs'],
  biased: ['fastOps', 'sharedOps', 'queued', 'queuePushRetries', 'merges', 'fastDeallocs', 'ownerGoneMerges'],
  'biased-noimmortal': ['fastOps', 'sharedOps', 'queued', 'merges'],
};

describe('every built-in strategy on real threads', () => {
  it('has a documented set of counters', () => {
    expect(Object.keys(strategyCatalog).sort()).toEqual(Object.keys(counters).sort());
  });

  for (const name of Object.keys(strategyCatalog)) {
    for (const threads of [1, 2]) {
      // unsafe on two threads is expected to go wrong; the conformance test asserts that it does.
      if (name === 'unsafe' && threads > 1) continue;
      it(`${name} on ${threads} thread${threads > 1 ? 's' : ''}: shared, private, immortal, cross-thread and critical-section traffic stays exact`, async () => {
        const result = await run({ strategy: name, strategies: strategyCatalog, workload, threads, opsPerThread: 20_000, heapMB: 16 });
        expect(result.strategy).toBe(name);
        expect(result.correctness).toMatchObject({ ok: true, lostUpdates: 0, leaks: 0, doubleFrees: 0, useAfterFree: 0, auditMismatches: 0 });
        for (const counter of counters[name] ?? []) expect(result.counters).toHaveProperty(counter);
      });
    }
  }

  it("biased: the owner's operations take the fast path, other threads' the shared path", async () => {
    const result = await run({ strategy: 'biased', strategies: strategyCatalog, workload, threads: 1, opsPerThread: 1000, heapMB: 16 });
    // Per operation the worker increfs a setup object (owned by the main thread) twice and
    // decrefs it once: shared. It swaps a new object of its own into a 4-slot mailbox and drops
    // the one that comes out (its own, 4 operations old): one owner decref, whose local count
    // reaches 0 with nothing shared, so the object is freed without an atomic RMW, releasing
    // its field (one more shared decref). The immortal constant costs nothing.
    expect(result.counters.fastOps).toBe(1000 - 4);
    expect(result.counters.fastDeallocs).toBe(1000 - 4);
    expect(result.counters.sharedOps).toBe(3 * 1000 + (1000 - 4));
    expect(result.counters.queued).toBe(0);
  });
});
