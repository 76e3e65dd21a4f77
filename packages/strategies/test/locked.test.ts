import { run } from '@rclab/core';
import { strategyCatalog } from '@rclab/strategies';
import { describe, expect, it } from 'vitest';
import { LOCK as ATOMIC_LOCK } from '../src/atomic.ts';
import { LOCK as BIASED_LOCK } from '../src/biased/layout.ts';
import { CS_LOCK as LOCKED_LOCK } from '../src/locked.ts';

const fixture = (name: string): string => new URL(`./fixtures/${name}.ts`, import.meta.url).href;

// Each strategy without a GIL takes a PyMutex for critical sections, in its own header word.
const lockWords: Record<string, number> = { locked: LOCKED_LOCK, atomic: ATOMIC_LOCK, biased: BIASED_LOCK };

describe.each(Object.keys(lockWords))('%s: the PyMutex behind critical sections', (strategy) => {
  it('keeps mutual exclusion while two threads hammer one critical section', async () => {
    const result = await run({ strategy, strategies: strategyCatalog, workload: fixture('mutex-fairness'), threads: 2, opsPerThread: 200, heapMB: 8 });
    expect(result.correctness).toMatchObject({ ok: true, lostUpdates: 0 });
  });

  it('hands the lock to a waiter that has waited over 1 ms, before the holder can take it back', async () => {
    const result = await run({
      strategy,
      strategies: strategyCatalog,
      workload: fixture('mutex-handoff'),
      threads: 2,
      opsPerThread: 1,
      heapMB: 8,
      params: { lockWord: lockWords[strategy] as number },
    });
    expect(Object.fromEntries(result.correctness.checks.map((c) => [c.name, c.observed]))).toEqual({
      'waiter asking for the hand-off (thread index + 1)': 3,
      'entry order as digits': 121,
    });
    // The lock passed to the waiter without ever being free, so the holder's retake came after
    // the waiter's turn (whether the retake found the lock taken or already free again is timing).
    const [holder, waiter] = result.threadCounters;
    expect(waiter).toMatchObject({ lockContended: 1, lockHandoffs: 1 });
    expect(holder).toMatchObject({ lockHandoffs: 0 });
    expect(result.correctness.ok).toBe(true);
  });
});
