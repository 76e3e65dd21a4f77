import { run } from '@rclab/core';
import { strategyCatalog } from '@rclab/strategies';
import { describe, expect, it } from 'vitest';

const fixture = (name: string): string => new URL(`./fixtures/${name}.ts`, import.meta.url).href;
const checksOf = (result: Awaited<ReturnType<typeof run>>): Record<string, number> => Object.fromEntries(result.correctness.checks.map((c) => [c.name, c.observed]));

describe.each(['biased', 'biased-noimmortal'])('%s: the paths between owner and non-owner', (strategy) => {
  it('a non-owner dropping the last reference queues the object; the owner merges and frees it at its next checkpoint', async () => {
    const result = await run({ strategy, strategies: strategyCatalog, workload: fixture('biased-queue'), threads: 2, opsPerThread: 1, heapMB: 8 });
    expect(checksOf(result)).toEqual({
      'alive after the non-owner dropped the last reference (queued)': 1,
      'count after the drop (the queue holds one)': 1,
      "alive at the owner's next checkpoint": 1,
      'freed by the merge at that checkpoint': 0,
    });
    const [owner, other] = result.threadCounters;
    expect(other).toMatchObject({ queued: 1, sharedOps: 1, merges: 0 });
    expect(owner).toMatchObject({ queued: 0, merges: 1, mergePasses: 1, deallocs: 1, fastOps: 0 });
    expect(result.correctness.ok).toBe(true);
  });

  it("an owner's exit hands its objects off: the thread that drops a reference merges it itself", async () => {
    const result = await run({ strategy, strategies: strategyCatalog, workload: fixture('biased-owner-exit'), threads: 2, opsPerThread: 1, heapMB: 8 });
    expect(checksOf(result)).toEqual({
      'owner detached before the drops': 1,
      'count after the first drop (merged by the dropping thread)': 1,
      'alive after the first drop': 1,
      'freed by the second drop': 0,
    });
    const [owner, other] = result.threadCounters;
    expect(owner).toMatchObject({ fastOps: 1, queued: 0, merges: 0 });
    // First drop: queued to a thread that has left, so merged on the spot (2 − 1 = 1 left);
    // second drop: the object is merged, so the shared count falls to 0 and this thread frees it.
    expect(other).toMatchObject({ ownerGoneMerges: 1, queued: 0, sharedOps: 2, deallocs: 1 });
    expect(result.correctness.ok).toBe(true);
  });
});
