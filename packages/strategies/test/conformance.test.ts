import { strategyCatalog } from '@rclab/strategies';
import {
  assertConformance,
  canaryPrograms,
  checkStrategy,
  ConformanceError,
  CONFORMANCE_PROPERTIES,
  formatReport,
  runProgram,
  type Program,
} from '@rclab/strategies/conformance';
import { describe, expect, it } from 'vitest';

const leaky = new URL('./fixtures/leaky-strategy.ts', import.meta.url).href;
const allPassed = CONFORMANCE_PROPERTIES.map((p) => [p.name, 'passed']);

describe('the conformance kit', () => {
  describe.each(Object.keys(strategyCatalog).filter((name) => name !== 'unsafe'))('built-in %s', (name) => {
    it('passes every property on real threads', async () => {
      const report = await checkStrategy(name, { runs: 6, log: null });
      expect(report.passed, formatReport(report)).toBe(true);
      expect(report.properties.map((p) => [p.name, p.status])).toEqual(allPassed);
      expect(report.programsRun).toBe(6 + canaryPrograms(2).length); // the random programs and the canaries
    });
  });

  it('catches unsafe: plain counts lose updates on two threads, and the kit says so', async () => {
    // Long runs, so the two threads really overlap even on a busy machine.
    const report = await checkStrategy('unsafe', { runs: 4, rounds: 50_000, maxShrinkRuns: 4, log: null });
    expect(report.passed).toBe(false);
    expect(report.properties.find((p) => p.name === 'no-lost-update')?.status).toBe('skipped');
    const failed = report.properties.filter((p) => p.status === 'failed');
    expect(failed.map((p) => p.name)).toEqual(expect.arrayContaining([expect.stringMatching(/exact-counts|no-leak|no-double-free|no-use-after-free/)]));
    for (const p of failed) {
      expect(p.counterexample?.threads.length).toBeGreaterThanOrEqual(2); // one thread cannot race
      expect(p.failure).toBeTruthy();
      expect(p.path).toMatch(/^\d+(:\d+)*$/);
    }
    expect(formatReport(report)).toMatch(/FAILED[\s\S]*replay: checkStrategy\("unsafe", \{ seed: -?\d+, path: /);
  });

  it("shrinks a deterministic bug in a user's strategy file to a tiny program, and replays it from the seed and path", async () => {
    const report = await checkStrategy(leaky, { runs: 10, rounds: 5, log: null });
    expect(report.strategy).toBe('leaky');
    const statuses = Object.fromEntries(report.properties.map((p) => [p.name, p.status]));
    expect(statuses).toEqual({ ...Object.fromEntries(allPassed), 'no-leak': 'failed' });
    const leak = report.properties.find((p) => p.name === 'no-leak');
    const program = leak?.counterexample as Program;
    // Shrunk (within the kit's budget of runs) to next to the smallest program that leaks: one
    // thread allocating one object with a reference field.
    expect(leak?.shrinks).toBeGreaterThan(0);
    expect(program.threads).toHaveLength(1);
    const body = program.threads[0]?.body ?? [];
    expect(body.length).toBeLessThanOrEqual(2);
    expect(body).toContainEqual(expect.objectContaining({ op: 'new', nrefs: 1 }));
    expect(leak?.counterexampleText).toMatch(/thread 1, body run \d+ times:\n {2}r\d = new\(1 field\)/);
    expect(leak?.failure).toMatch(/still alive after every root was released/);

    // The seed and path from the report go straight back to that program.
    const replay = await checkStrategy(leaky, { seed: leak?.seed as number, path: leak?.path as string, runs: 10, rounds: 5, properties: ['no-leak'], log: null });
    expect(replay.properties).toHaveLength(1);
    expect(replay.properties[0]?.counterexample).toEqual(program);

    // And the printed program runs on its own.
    const outcome = await runProgram(leaky, program, { rounds: 5 });
    expect(outcome.correctness?.leaks).toBeGreaterThan(0);
  });

  it('assertConformance throws a ConformanceError that carries the report, for use in any test runner', async () => {
    const failing = assertConformance(leaky, { runs: 2, rounds: 5, properties: ['no-leak'], maxShrinkRuns: 5 });
    await expect(failing).rejects.toBeInstanceOf(ConformanceError);
    await expect(failing).rejects.toThrow(/no-leak failed after \d+ program\(s\)/);
    await expect(assertConformance('atomic', { runs: 1, properties: ['exact-counts'] })).resolves.toMatchObject({ passed: true });
  });

  it('refuses what it cannot check', async () => {
    await expect(checkStrategy('no-such-strategy')).rejects.toThrow(/unknown strategy 'no-such-strategy'/);
    await expect(runProgram('atomic', { threads: [] } as unknown as Program)).rejects.toThrow(/not a conformance program/);
  });
});
