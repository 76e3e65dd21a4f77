import { run } from '@rclab/core';
import { strategyCatalog } from '@rclab/strategies';
import { describe, expect, it } from 'vitest';

const workload = new URL('./fixtures/mutex-fairness.ts', import.meta.url).href;

describe.each(['locked', 'atomic', 'biased'])('%s: the PyMutex behind critical sections', (strategy) => {
  it('keeps mutual exclusion, and hands the lock to a waiter that has waited over 1 ms', async () => {
    const result = await run({ strategy, strategies: strategyCatalog, workload, threads: 2, opsPerThread: 300, heapMB: 8 });
    expect(result.correctness).toMatchObject({ ok: true, lostUpdates: 0 });
    expect(result.counters.lockContended).toBeGreaterThan(0);
    // A thread that releases and retakes the lock at once would barge ahead of a parked waiter
    // every time; the hand-off gives the waiter its turn.
    expect(result.counters.lockHandoffs).toBeGreaterThan(0);
    for (const c of result.threadCounters) expect(c.lockContended).toBeGreaterThan(0);
  });
});
