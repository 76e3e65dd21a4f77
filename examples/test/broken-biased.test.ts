import { checkStrategy, controlledCanaries, formatReport, type Program, runSchedule } from '@rclab/strategies/conformance';
import { describe, expect, it } from 'vitest';

const strategy = new URL('../broken-biased.ts', import.meta.url).pathname;

describe('examples/broken-biased.ts (frees on a zero local count, ignoring the shared count)', () => {
  it('is rejected on every run (fixed seed, controlled schedules), with a schedule that replays it', async () => {
    const report = await checkStrategy(strategy, { seed: 42, runs: 4, schedulesPerProgram: 10, freeRuns: 0, log: null });
    expect(report.strategy).toBe('broken-biased');
    expect(report.passed).toBe(false);
    const uaf = report.properties.find((p) => p.name === 'no-use-after-free');
    // Freed while another thread still holds it: a use after free.
    expect(uaf?.status, formatReport(report)).toBe('failed');
    expect(uaf?.counterexampleText).toMatch(/thread \d/);
    expect(uaf?.replay).toMatch(/^rclab check .*broken-biased\.ts --seed 42 --path \d/);

    // The printed program and schedule replay it on their own, the same way every time.
    const outcome = await runSchedule(strategy, uaf?.counterexample as Program, uaf?.schedule);
    expect(outcome.result?.useAfterFree).toBeGreaterThan(0);
    expect(outcome.trace).toEqual(uaf?.trace);
    expect(controlledCanaries(4).length).toBeGreaterThan(0);
  }, 120_000);
});
