import { run, type TimelineEvent } from '@rclab/core';
import { strategyCatalog } from '@rclab/strategies';
import { describe, expect, it } from 'vitest';

const fixture = (name: string): string => new URL(`./fixtures/${name}.ts`, import.meta.url).href;
const checksOf = (result: Awaited<ReturnType<typeof run>>): Record<string, number> => Object.fromEntries(result.correctness.checks.map((c) => [c.name, c.observed]));

describe('gil: drop requests and forced switching', () => {
  it('a CPU-bound holder gives the lock to a waiting thread when asked, and waits until that thread has it', async () => {
    const result = await run({
      strategy: 'gil',
      strategies: strategyCatalog,
      workload: fixture('gil-switch'),
      threads: 2,
      opsPerThread: 1,
      heapMB: 8,
      strategyOptions: { switchIntervalMs: 5, recordTimeline: true },
    });
    const checks = checksOf(result);
    expect(checks['the CPU-bound thread saw the other thread run']).toBe(1);
    // Not a speed check: the fail-safe is 5 s; a working GIL switches within a few intervals.
    expect(checks['gap ms']).toBeLessThan(2000);
    expect(result.counters.dropRequests).toBeGreaterThanOrEqual(1);
    expect(result.counters.forcedDrops).toBeGreaterThanOrEqual(1);
    // With forced switching every drop on request ends with another thread holding the lock.
    expect(result.counters.forcedSwitches).toBe(result.counters.forcedDrops);
    expect(result.correctness.ok).toBe(true);

    // The timeline tells the story in order: a waiter asks, the holder drops, the waiter takes it.
    const events = result.timeline;
    const request = events.findIndex((e) => e.kind === 'drop-request');
    expect(request).toBeGreaterThanOrEqual(0);
    const waiter = (events[request] as TimelineEvent).thread;
    const drop = events.findIndex((e, i) => i > request && e.kind === 'forced-drop' && e.thread !== waiter);
    expect(drop).toBeGreaterThan(request);
    const holder = (events[drop] as TimelineEvent).thread;
    const next = events.slice(drop + 1).find((e) => e.kind === 'acquire');
    expect(next?.thread).toBe(waiter);
    expect(next?.thread).not.toBe(holder);
    for (let i = 1; i < events.length; i++) expect((events[i] as TimelineEvent).t).toBeGreaterThanOrEqual((events[i - 1] as TimelineEvent).t);
  });

  it('gil-noforce drops on request too, but never waits for the switch', async () => {
    const result = await run({
      strategy: 'gil-noforce',
      strategies: strategyCatalog,
      workload: fixture('gil-switch'),
      threads: 2,
      opsPerThread: 1,
      heapMB: 8,
      strategyOptions: { switchIntervalMs: 2 },
    });
    // Whether the waiter wins the race eventually is up to the OS; the fail-safe ends the test.
    expect(result.counters.dropRequests).toBeGreaterThanOrEqual(1);
    expect(result.counters.forcedDrops).toBeGreaterThanOrEqual(1);
    expect(result.counters.forcedSwitchWaits).toBe(0);
    expect(result.counters.switchWaitMs).toBe(0);
    expect(result.correctness.ok).toBe(true);
  });

  it('a blocking section releases the lock: another thread runs while the first is blocked', async () => {
    const result = await run({ strategy: 'gil', strategies: strategyCatalog, workload: fixture('gil-blocking'), threads: 2, opsPerThread: 1, heapMB: 8 });
    expect(checksOf(result)).toEqual({ 'the other thread ran during the blocking section': 1 });
    expect(result.counters.blockingSections).toBe(1);
    expect(result.correctness.ok).toBe(true);
  });

  it('rejects a switch interval that is not a positive number', async () => {
    await expect(
      run({ strategy: 'gil', strategies: strategyCatalog, workload: fixture('gil-blocking'), threads: 2, opsPerThread: 1, heapMB: 8, strategyOptions: { switchIntervalMs: 0 } }),
    ).rejects.toThrow(/switchIntervalMs must be a positive number/);
  });
});
