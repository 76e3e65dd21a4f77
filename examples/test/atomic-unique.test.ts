import { checkStrategy, formatReport } from '@rclab/strategies/conformance';
import { describe, expect, it } from 'vitest';

// The way a user checks their own strategy from their own vitest suite (docs/writing-a-strategy.md).
const strategy = new URL('../atomic-unique.ts', import.meta.url).pathname;

describe('examples/atomic-unique.ts (Nim atomicArc with the unique fast path)', () => {
  it('passes the conformance kit on real threads', async () => {
    const report = await checkStrategy(strategy, { runs: 6, log: null });
    expect(report.strategy).toBe('atomic-unique');
    expect(report.passed, formatReport(report)).toBe(true);
  });
});
