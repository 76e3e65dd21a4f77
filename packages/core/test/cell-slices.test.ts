import { Calibrator, isSteady, openCell, type SliceResult } from '@rclab/core/internal';
import { describe, expect, it } from 'vitest';

const fixture = (name: string): string => new URL(`./fixtures/${name}.ts`, import.meta.url).href;

describe('a live cell: workers started once, run in slices', () => {
  it('runs many slices on the same workers; every thread works in every slice; the checks see every operation', async () => {
    const cell = await openCell({ strategy: fixture('atomic-counts'), workload: fixture('counted-ops'), threads: 2, heapMB: 16 });
    const slices: SliceResult[] = [];
    for (let k = 0; k < 12; k++) slices.push(await cell.slice(3));
    const outcome = await cell.close();
    for (const s of slices) {
      expect(s.opsPerThread).toHaveLength(2);
      // Both threads start a slice together (the awake barrier), so each does work in it.
      for (const n of s.opsPerThread) expect(n).toBeGreaterThan(0);
      expect(s.ops).toBe(s.opsPerThread[0]! + s.opsPerThread[1]!);
      expect(s.elapsedMs).toBeGreaterThan(0);
    }
    const sliced = slices.reduce((a, s) => a + s.ops, 0);
    expect(outcome.totalOps).toBe(sliced);
    // verify() got every operation of every slice: nothing lost, nothing double counted.
    expect(outcome.correctness.ok).toBe(true);
    expect(outcome.correctness.checks[0]).toMatchObject({ name: 'adds', expected: sliced, observed: sliced });
  });

  it('a closing run of a fixed count follows the slices, and the counters cover only the marked window', async () => {
    const cell = await openCell({ strategy: fixture('atomic-counts'), workload: fixture('shared-traffic'), threads: 2, heapMB: 16, counting: true });
    await cell.slice(5);
    await cell.mark();
    const outcome = await cell.close(10_000);
    expect(outcome.final.opsPerThread).toEqual([10_000, 10_000]);
    expect(outcome.totalOps).toBeGreaterThan(20_000);
    expect(outcome.correctness.ok).toBe(true);
  });

  it('a stalled slice ends with a diagnostic, not a hang', async () => {
    const cell = await openCell({ strategy: fixture('atomic-counts'), workload: fixture('deadlock'), threads: 2, heapMB: 16, stallTimeoutMs: 800 });
    const error = await cell.slice(5).catch((e: unknown) => e);
    expect(String(error)).toMatch(/made no progress for \d+\.\d s while finishing a slice.*thread 1: running, 0 ops; thread 2: running, 0 ops/);
  });
});

describe('cells taking turns', () => {
  it('a GIL thread paused between slices holds no lock, so the other cell never stalls', async () => {
    const strategies = { gil: new URL('../../strategies/src/gil.ts', import.meta.url).href };
    const cells = await Promise.all([
      openCell({ strategy: 'gil', strategies, workload: fixture('shared-traffic'), threads: 2, heapMB: 16, stallTimeoutMs: 5000 }),
      openCell({ strategy: 'gil', strategies, workload: fixture('shared-traffic'), threads: 1, heapMB: 16, stallTimeoutMs: 5000 }),
    ]);
    for (let round = 0; round < 6; round++) {
      for (const c of round % 2 === 0 ? cells : [...cells].reverse()) expect((await c.slice(4)).ops).toBeGreaterThan(0);
    }
    for (const c of cells) expect((await c.close()).correctness.ok).toBe(true);
  });

  it('the calibration kernel answers every round with a positive time', async () => {
    const calibrator = new Calibrator();
    try {
      for (let round = 0; round < 4; round++) expect(calibrator.measure()).toBeGreaterThan(0);
    } finally {
      await calibrator.close();
    }
  });
});

describe('isSteady', () => {
  it('needs two windows, and calls a rising throughput unsteady and a flat one steady', () => {
    expect(isSteady([1, 1, 1])).toBe(false);
    expect(isSteady([1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2])).toBe(false);
    expect(isSteady([2, 2.02, 1.98, 2, 2.01, 2, 2, 1.99, 2.01, 2, 2.02, 2])).toBe(true);
  });
});
