import { checkStrategy, formatReport } from '@rclab/strategies/conformance';
import { describe, expect, it } from 'vitest';

// The way a user checks their own strategy from their own vitest suite (docs/writing-a-strategy.md).
const strategy = new URL('../atomic-unique.ts', import.meta.url).pathname;

describe('examples/atomic-unique.ts (Nim atomicArc with the unique fast path)', () => {
  it('passes the conformance kit under controlled schedules and free-running', async () => {
    // A fixed seed: the controlled layers then give the same verdict on every run.
    const report = await checkStrategy(strategy, { seed: 11, runs: 4, schedulesPerProgram: 10, freeRuns: 1, rounds: 300, log: null });
    expect(report.strategy).toBe('atomic-unique');
    expect(report.passed, formatReport(report)).toBe(true);
  }, 120_000);
});
