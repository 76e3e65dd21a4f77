import { run } from '@rclab/core';
import { describe, expect, it } from 'vitest';

const fixture = (name: string): string => new URL(`./fixtures/${name}.ts`, import.meta.url).href;

// One thread, so every outcome below is deterministic: each bug is planted, not raced.
const runWithBug = (bug: string) => run({ strategy: fixture('plain-counts'), workload: fixture('shared-traffic'), threads: 1, opsPerThread: 10_000, strategyOptions: { bug } });

describe('the safety checks catch what they claim', () => {
  it('find nothing wrong with a correct strategy', async () => {
    const { correctness } = await runWithBug('none');
    expect(correctness).toMatchObject({ ok: true, leaks: 0, doubleFrees: 0, useAfterFree: 0, auditMismatches: 0 });
  });

  it('report a leak: objects still alive after every root is released', async () => {
    const { correctness } = await runWithBug('leak');
    expect(correctness.ok).toBe(false);
    // 4 shared objects + a chain of 1000: nothing is ever freed.
    expect(correctness.leaks).toBe(1004);
  });

  it('report a double free and the use after free that comes with it', async () => {
    const { correctness } = await runWithBug('early-free');
    expect(correctness.ok).toBe(false);
    expect(correctness.doubleFrees).toBeGreaterThan(0);
    expect(correctness.useAfterFree).toBeGreaterThan(0);
  });

  it('report a miscount with the exact objects, expected and actual counts', async () => {
    const { correctness } = await runWithBug('miscount');
    expect(correctness.ok).toBe(false);
    expect(correctness.auditMismatches).toBeGreaterThan(0);
    const m = correctness.mismatches[0];
    expect(m).toBeDefined();
    // Over-counted by one per extra increment; the root is the one real reference.
    expect(m?.expected).toBe(1);
    expect(m?.actual).toBeGreaterThan(1);
    // An over-counted object outlives its last reference: a leak.
    expect(correctness.leaks).toBeGreaterThan(0);
  });
});
