import { describe, expect, it } from 'vitest';
import { aggregateCell, type TrialRecord, withRatios } from '../src/suite/aggregate.ts';
import { breakEven, computeFindings } from '../src/suite/findings.ts';
import type { CellSpec } from '../src/suite/types.ts';

function spec(strategy: string, threads: number, over: Partial<CellSpec> = {}): CellSpec {
  const group = over.group ?? 'scaling';
  const params = over.params ?? {};
  return {
    id: `${group}/${strategy}/w/${threads}${Object.entries(params).map(([k, v]) => `/${k}=${String(v)}`).join('')}`,
    group,
    strategy,
    strategyRef: strategy,
    workload: 'w',
    workloadRef: 'w',
    threads,
    oversubscribed: false,
    params,
    runParams: {},
    strategyOptions: {},
    durationMs: 10,
    trials: 3,
    micro: false,
    timeline: false,
    baseline: false,
    ...over,
  };
}

function trial(round: number, opsPerSec: number, over: Partial<TrialRecord> = {}): TrialRecord {
  return {
    round,
    opsPerSec,
    ops: opsPerSec / 10,
    elapsedMs: 100,
    counters: { atomicOps: opsPerSec / 5 },
    correctness: { lostUpdates: 0, leaks: 0, doubleFrees: 0, useAfterFree: 0, auditMismatches: 0, corruptions: 0, ok: true, checks: [] },
    wallMs: 160,
    ...over,
  };
}

describe('a cell from its trials', () => {
  it('takes the median, the interval, counters and per-op counters', () => {
    const cell = aggregateCell(spec('atomic', 1), [trial(2, 300), trial(0, 100), trial(1, 200)]);
    expect(cell.opsPerSec).toEqual({ median: 200, low: 100, high: 300 });
    expect(cell.trials.map((t) => t.opsPerSec)).toEqual([100, 200, 300]);
    expect(cell.counters.atomicOps).toBe(40);
    expect(cell.countersPerOp.atomicOps).toBeCloseTo(2);
    expect(cell.correctness.ok).toBe(true);
  });

  it('sums correctness over trials and is not ok if any trial was not', () => {
    const bad = trial(1, 100, {
      correctness: { lostUpdates: 7, leaks: 1, doubleFrees: 0, useAfterFree: 0, auditMismatches: 2, corruptions: 0, ok: false, checks: [{ name: 'x', expected: 10, observed: 3 }] },
    });
    const cell = aggregateCell(spec('unsafe', 2), [trial(0, 100), bad]);
    expect(cell.correctness).toMatchObject({ lostUpdates: 7, leaks: 1, auditMismatches: 2, ok: false });
    expect(cell.correctness.checks).toEqual([{ name: 'x', expected: 10, observed: 3 }]);
  });

  it('becomes an error cell with empty figures when a trial failed', () => {
    const cell = aggregateCell(spec('gil', 2), [trial(0, 100), trial(1, 0, { error: 'RunError: stalled' })]);
    expect(cell.error).toBe('RunError: stalled');
    expect(cell.trials).toEqual([]);
    expect(cell.correctness.ok).toBe(false);
  });

  it('files a convoy cell\'s latency checks as counters', () => {
    const checks = [
      { name: 'ioLatencyP50Ms', expected: 0, observed: 5.2 },
      { name: 'ioLatencyP99Ms', expected: 0, observed: 9.9 },
      { name: 'other', expected: 1, observed: 1 },
    ];
    const t = (r: number): TrialRecord => trial(r, 10, { correctness: { ...trial(r, 10).correctness, checks } });
    const cell = aggregateCell(spec('gil', 2, { group: 'convoy' }), [t(0), t(1)]);
    expect(cell.counters.ioLatencyP50Ms).toBe(5.2);
    expect(cell.counters.ioLatencyP99Ms).toBe(9.9);
    expect(cell.correctness.checks).toEqual([{ name: 'other', expected: 1, observed: 1 }]);
  });
});

describe('ratios between cells', () => {
  it('pairs trials by round for speedup and relativeToUnsafe', () => {
    const specs = [spec('unsafe', 1), spec('atomic', 1), spec('atomic', 2)];
    const trials: Record<string, TrialRecord[]> = {
      [specs[0]!.id]: [trial(0, 400), trial(1, 800), trial(2, 600)],
      [specs[1]!.id]: [trial(0, 100), trial(1, 200), trial(2, 150)],
      [specs[2]!.id]: [trial(0, 180), trial(1, 400), trial(2, 300)],
    };
    const of = (id: string): TrialRecord[] => trials[id] ?? [];
    const cells = withRatios(specs, specs.map((s) => aggregateCell(s, of(s.id))), of);
    // Drift doubles everything in round 1; paired ratios do not see it.
    expect(cells[1]!.relativeToUnsafe).toEqual({ median: 0.25, low: 0.25, high: 0.25 });
    expect(cells[2]!.speedup).toEqual({ median: 2, low: 1.8, high: 2 });
    expect(cells[2]!.relativeToUnsafe?.median).toBeCloseTo(0.5);
    expect(cells[0]!.relativeToUnsafe).toEqual({ median: 1, low: 1, high: 1 });
  });
});

describe('findings', () => {
  it('interpolates the BRC break-even where biased falls below atomic', () => {
    expect(breakEven([{ r: 0, ratio: 1.5 }, { r: 0.5, ratio: 1.2 }, { r: 1, ratio: 0.8 }]).value).toBeCloseTo(0.75);
    expect(breakEven([{ r: 0, ratio: 1.5 }, { r: 1, ratio: 1.1 }]).value).toBeNull();
    expect(breakEven([{ r: 0, ratio: 0.9 }, { r: 1, ratio: 0.5 }]).value).toBe(0);
  });

  it('computes the break-even and the merge-queue length from the sweep cells', () => {
    const mk = (s: string, r: number, ops: number[]): [CellSpec, TrialRecord[]] => {
      const sp = spec(s, 2, { group: 'brc-sweep', params: { remoteFraction: r } });
      return [sp, ops.map((o, i) => trial(i, o, { counters: s === 'biased' ? { queued: 100 * r, mergePasses: 10 } : {} }))];
    };
    const rows = [mk('biased', 0, [200, 210]), mk('atomic', 0, [100, 100]), mk('biased', 1, [50, 50]), mk('atomic', 1, [100, 100])];
    const trials = new Map(rows.map(([s, t]) => [s.id, t]));
    const cells = rows.map(([s, t]) => aggregateCell(s, t));
    const f = computeFindings(cells, (id) => trials.get(id) ?? [], 2, 0.5);
    expect(f.brcBreakEven).toBeCloseTo(1.05 / 1.55, 3); // ratio 2.05 at R = 0, 0.5 at R = 1
    expect(f.brcQueuedPerMergeR1).toBe(10);
    expect(f.intervalCoverage).toBe(0.5);
  });
});
