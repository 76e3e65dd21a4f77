import { run } from '@rclab/core';
import { describe, expect, it } from 'vitest';

const fixture = (name: string): string => new URL(`./fixtures/${name}.ts`, import.meta.url).href;

describe('run() over real workers', () => {
  it('runs a correct strategy on 2 threads and finds nothing wrong', async () => {
    const result = await run({ strategy: fixture('atomic-counts'), workload: fixture('shared-traffic'), threads: 2, opsPerThread: 200_000 });
    expect(result.opsPerThread).toEqual([200_000, 200_000]);
    expect(result.correctness).toMatchObject({ ok: true, leaks: 0, auditMismatches: 0, doubleFrees: 0, useAfterFree: 0 });
    expect(result.heap.liveAtAudit).toBe(1004);
  });
});
