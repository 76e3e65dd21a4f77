import { checkStrategy, formatReport } from '@rclab/strategies/conformance';
import { describe, expect, it } from 'vitest';

const strategy = new URL('../broken-biased.ts', import.meta.url).pathname;

describe('examples/broken-biased.ts (frees on a zero local count, ignoring the shared count)', () => {
  it('is rejected by the conformance kit, with a shrunk program and a replayable seed', async () => {
    const report = await checkStrategy(strategy, { runs: 4, maxShrinkRuns: 10, log: null });
    expect(report.strategy).toBe('broken-biased');
    expect(report.passed).toBe(false);
    const failed = report.properties.filter((p) => p.status === 'failed');
    // Freed while another thread still holds it: a use after free, and then a second free.
    expect(failed.map((p) => p.name)).toEqual(expect.arrayContaining([expect.stringMatching(/no-use-after-free|no-double-free/)]));
    for (const p of failed) {
      expect(p.counterexampleText).toMatch(/thread \d/);
      expect(p.seed).toBe(report.seed);
    }
    expect(formatReport(report)).toMatch(/replay: checkStrategy\(/);
  });
});
