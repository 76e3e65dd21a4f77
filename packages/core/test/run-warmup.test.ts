import { run } from '@rclab/core';
import { describe, expect, it } from 'vitest';

const fixture = (name: string): string => new URL(`./fixtures/${name}.ts`, import.meta.url).href;

describe('run() with a warm-up', () => {
  it('keeps warm-up operations out of the measured figures but gives them to verify', async () => {
    const result = await run({
      strategy: fixture('atomic-counts'),
      workload: fixture('counted-ops'),
      threads: 2,
      opsPerThread: 10_000,
      warmupMs: 30,
    });
    expect(result.opsPerThread).toEqual([10_000, 10_000]);
    expect(result.ops).toBe(20_000);
    expect(result.warmupOps).toBeGreaterThan(0);
    const adds = result.correctness.checks.find((c) => c.name === 'adds');
    expect(adds?.observed).toBe(20_000 + result.warmupOps);
    expect(result.correctness.ok).toBe(true);
  });

  it('reports no warm-up operations without one', async () => {
    const result = await run({ strategy: fixture('atomic-counts'), workload: fixture('counted-ops'), threads: 1, opsPerThread: 1000 });
    expect(result.warmupOps).toBe(0);
    expect(result.correctness.checks[0]?.observed).toBe(1000);
  });
});
