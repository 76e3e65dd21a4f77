import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '@rclab/core';
import { describe, expect, it } from 'vitest';
import { writeUserStrategy } from './support/user-strategy.ts';

const workloads = { 'shared-traffic': new URL('./fixtures/shared-traffic.ts', import.meta.url).href };

describe("a user's strategy file outside the repository", () => {
  it('loads from a path, in TypeScript, importing @rclab/core, on the main thread and in workers', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rclab-user-'));
    const file = writeUserStrategy(dir);
    const result = await run({ strategy: file, workload: 'shared-traffic', workloads, threads: 2, opsPerThread: 5000 });
    expect(result.strategy).toBe('mine');
    // Its own counter reaches the results, summed over both worker threads.
    expect(result.threadCounters).toHaveLength(2);
    expect(result.counters.mine).toBe((result.threadCounters[0]?.mine ?? 0) + (result.threadCounters[1]?.mine ?? 0));
    expect(result.counters.mine).toBeGreaterThan(0);
    expect(result.correctness.ok).toBe(true);
  });
});
