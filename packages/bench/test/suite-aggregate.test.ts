import type { Correctness, MeasuredCell } from '@rclab/core';
import type { CellOutcome, SliceResult } from '@rclab/core/internal';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aggregateBlock, aggregateCell, type CellRecord } from '../src/suite/aggregate.ts';
import { breakEven, computeFindings } from '../src/suite/findings.ts';
import type { Block, CellSpec } from '../src/suite/types.ts';

function spec(strategy: string, threads: number, over: Partial<CellSpec> = {}): CellSpec {
  const group = over.group ?? 'scaling';
  const params = over.params ?? {};
  return {
    id: `${group}/${strategy}/w/${threads}${Object.entries(params)
      .map(([k, v]) => `/${k}=${String(v)}`)
      .join('')}`,
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
    micro: false,
    timeline: false,
    baseline: false,
    throughput: true,
    ...over,
  };
}

const clean: Correctness = { lostUpdates: 0, leaks: 0, doubleFrees: 0, useAfterFree: 0, auditMismatches: 0, corruptions: 0, mismatches: [], checks: [], ok: true };

function outcome(over: Partial<CellOutcome> = {}): CellOutcome {
  return {
    strategy: 's',
    workload: 'w',
    threads: 1,
    final: { ops: 0, elapsedMs: 0, opsPerThread: [] },
    totalOps: 1000,
    counters: {},
    threadCounters: [],
    timeline: [],
    measurements: [],
    correctness: clean,
    heap: { pagesUsed: 1, heapMB: 16, liveAtAudit: 0 },
    ...over,
  };
}

/** Slices of 1 ms each doing `ops[i]` operations (so `ops[i]` thousand ops/s). */
function slices(ops: readonly number[]): SliceResult[] {
  return ops.map((n) => ({ ops: n, elapsedMs: 1, opsPerThread: [n] }));
}

function record(s: CellSpec, ops: readonly number[], over: Partial<CellRecord> = {}): CellRecord {
  return {
    spec: s,
    slices: slices(ops),
    warmup: { ms: 40, slices: 8, steady: true },
    outcome: outcome(),
    counting: { ops: 500, counters: { atomicOps: 1000 }, correctness: clean },
    ...over,
  };
}

/** Ratios to `unsafe`, as the overhead and scaling experiments ask for them. */
const TO_UNSAFE = { ratioBaseline: 'unsafe' } as const;

const block = (cells: CellSpec[]): Block => ({ id: 'b', group: cells[0]?.group ?? 'scaling', label: 'b', cells, rounds: 10, sliceMs: 1 });

describe('a cell from its slices', () => {
  it('takes the median and interval of per-slice throughput, in round order, with the sample count', () => {
    const cell = aggregateCell(record(spec('atomic', 1), [3, 1, 2]), 1) as MeasuredCell;
    expect(cell.status).toBe('measured');
    expect(cell.samples.opsPerSec).toEqual([3000, 1000, 2000]);
    expect(cell.opsPerSec).toEqual({ median: 2000, low: 1000, high: 3000, n: 3 });
    expect(cell.warmup).toEqual({ ms: 40, slices: 8, steady: true });
  });

  it('takes counters from the counting pass only, divided by its operations (exact: 2.00 per op)', () => {
    const cell = aggregateCell(record(spec('atomic', 1), [1, 1, 1], { outcome: outcome({ counters: { atomicOps: 999_999 } }) }), 1) as MeasuredCell;
    expect(cell.counters.atomicOps).toBe(1000);
    expect(cell.countersPerOp.atomicOps).toBe(2);
  });

  it('sums what the checks found in the timed run and the counting pass; not ok if either was not', () => {
    const bad: Correctness = { ...clean, lostUpdates: 7, leaks: 1, auditMismatches: 2, ok: false, checks: [{ name: 'x', expected: 10, observed: 3 }] };
    const cell = aggregateCell(
      record(spec('unsafe', 2), [1, 1], { outcome: outcome({ correctness: bad }), counting: { ops: 1, counters: {}, correctness: { ...clean, lostUpdates: 1, ok: false } } }),
      1,
    ) as MeasuredCell;
    expect(cell.correctness).toMatchObject({ lostUpdates: 8, leaks: 1, auditMismatches: 2, ok: false });
    expect(cell.correctness.checks).toEqual([{ name: 'x', expected: 10, observed: 3 }]);
  });

  it('is a failed cell — never a zeroed measured one — when it errored, had no slice, or missed its counting pass', () => {
    expect(aggregateCell(record(spec('gil', 1), [1], { error: 'boom' }), 1)).toMatchObject({ status: 'failed', error: 'boom' });
    expect(aggregateCell(record(spec('gil', 1), []), 1)).toMatchObject({ status: 'failed', error: 'no slice finished' });
    const { counting: _, ...noCount } = record(spec('gil', 1), [1]);
    expect(aggregateCell(noCount, 1).status).toBe('failed');
  });

  it('files a workload measurement with its unit, not as a check', () => {
    const cell = aggregateCell(
      record(spec('gil', 2, { group: 'convoy' }), [1], { outcome: outcome({ measurements: [{ name: 'ioLatencyP50Ms', value: 5.1, unit: 'ms' }] }) }),
      1,
    ) as MeasuredCell;
    expect(cell.measurements).toEqual({ ioLatencyP50Ms: { value: 5.1, unit: 'ms' } });
    expect(cell.correctness.checks).toEqual([]);
  });

  it('times one operation from the slices of a one-thread micro cell', () => {
    const cell = aggregateCell(record(spec('unsafe', 1, { micro: true }), [10, 10, 10, 20]), 1) as MeasuredCell;
    expect(cell.micro?.samples).toBe(4);
    expect(cell.micro?.p50Ns).toBeCloseTo(1e5);
  });
});

describe('ratios within a block, from slices paired by round', () => {
  it('speedup over the same strategy on one thread and relative to unsafe are medians of per-round ratios', () => {
    const specs = [spec('unsafe', 1), spec('atomic', 1), spec('atomic', 2)];
    const cells = aggregateBlock(block(specs), [record(specs[0]!, [10, 20, 40]), record(specs[1]!, [5, 10, 20]), record(specs[2]!, [9, 18, 36])], 1, TO_UNSAFE) as MeasuredCell[];
    // Each round's ratio is exact even though the machine's speed doubled every round.
    expect(cells[1]?.baselineRatio).toMatchObject({ baseline: 'unsafe', median: 0.5, low: 0.5, high: 0.5, n: 3 });
    expect(cells[2]?.speedup).toMatchObject({ median: 1.8, low: 1.8, high: 1.8 });
    expect(cells[0]?.baselineRatio?.median).toBe(1);
  });

  it('property: a ratio paired by round is exact whatever the machine does between rounds', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0.2, max: 5, noNaN: true }), { minLength: 6, maxLength: 40 }), fc.double({ min: 0.1, max: 10, noNaN: true }), (speed, ratio) => {
        const specs = [spec('unsafe', 1), spec('biased', 1)];
        const base = speed.map((s) => 1000 * s);
        const cells = aggregateBlock(
          block(specs),
          [
            record(specs[0]!, base),
            record(
              specs[1]!,
              base.map((b) => b * ratio),
            ),
          ],
          1,
          TO_UNSAFE,
        ) as MeasuredCell[];
        const r = cells[1]?.baselineRatio;
        expect(r?.median).toBeCloseTo(ratio, 9);
        expect(r?.low).toBeCloseTo(ratio, 9);
        expect(r?.high).toBeCloseTo(ratio, 9);
      }),
    );
  });

  it('over a full turn of the CPU rotation, a one-thread cell pinned to a fast and a slow CPU in turn compares cleanly with a two-thread cell', () => {
    const specs = [spec('atomic', 1), spec('atomic', 2)];
    // Round by round the one-thread cell runs on CPU 0 (fast) then CPU 1 (slow); the two-thread cell on both.
    const one = [10, 5, 10, 5, 10, 5, 10, 5, 10, 5, 10, 5];
    const two = one.map(() => 15);
    const byRound = aggregateBlock(block(specs), [record(specs[0]!, one), record(specs[1]!, two)]) as MeasuredCell[];
    const byTurn = aggregateBlock(block(specs), [record(specs[0]!, one), record(specs[1]!, two)], 2) as MeasuredCell[];
    expect(byRound[1]?.speedup).toMatchObject({ low: 1.5, high: 3 });
    expect(byTurn[1]?.speedup).toMatchObject({ median: 2, low: 2, high: 2, n: 6 });
    expect(byTurn[1]?.ratioSpan).toBe(2);
  });

  it('leaves a failed cell out of every ratio', () => {
    const specs = [spec('unsafe', 1), spec('atomic', 1)];
    const cells = aggregateBlock(block(specs), [record(specs[0]!, [1], { error: 'crashed' }), record(specs[1]!, [1])], 1, TO_UNSAFE);
    expect(cells[0]?.status).toBe('failed');
    expect((cells[1] as MeasuredCell).baselineRatio).toBeUndefined();
  });
});

describe('verdicts only where the intervals resolve them', () => {
  const p = (r: number, median: number, low: number, high: number) => ({ r, ratio: { median, low, high } });

  it('finds a resolved break-even between a resolved faster and a resolved slower point', () => {
    const be = breakEven([p(0, 1.3, 1.2, 1.4), p(0.25, 1.02, 0.95, 1.1), p(0.5, 0.8, 0.75, 0.85)]);
    expect(be).toMatchObject({ low: 0, high: 0.5 });
    expect(be.note).toMatch(/between R = 0 .* and R = 0\.5/);
  });

  it('says "not resolved" when the points below 1 have intervals that hold 1', () => {
    const be = breakEven([p(0, 1.05, 0.9, 1.2), p(0.5, 0.95, 0.85, 1.05)]);
    expect(be.value).toBeNull();
    expect(be.note).toMatch(/not resolved/);
  });

  it('says biased wins everywhere only when every point is resolved above 1', () => {
    expect(breakEven([p(0, 1.3, 1.2, 1.4), p(1, 1.1, 1.05, 1.2)]).note).toMatch(/faster than atomic at every R/);
  });

  it('findings count failed and flawed cells and report the median ratio interval width', () => {
    const specs = [spec('unsafe', 1, { group: 'overhead' }), spec('atomic', 1, { group: 'overhead' }), spec('gil', 1, { group: 'overhead' })];
    const cells = aggregateBlock(
      block(specs),
      [record(specs[0]!, [10, 10, 10, 10, 10, 10]), record(specs[1]!, [5, 5, 5, 5, 5, 6]), record(specs[2]!, [1], { error: 'x' })],
      1,
      TO_UNSAFE,
    );
    const f = computeFindings(cells, { baseline: 'unsafe', familyOf: () => 'custom', systems: [] });
    expect(f.cellsWithErrors).toBe(1);
    expect(f.cellsWithCorrectnessIssues).toBe(0);
    expect(f.slicesPerCell).toBe(6);
    expect(f.medianRatioIntervalWidth).toBeCloseTo(0.2);
  });
});

describe('the order of a round', () => {
  it('rotates each thread-count group by the round and puts the groups first in turn', async () => {
    const { roundOrder } = await import('../src/suite/runner.ts');
    const cells = [
      { name: 'a1', spec: { threads: 1 } },
      { name: 'a2', spec: { threads: 2 } },
      { name: 'b1', spec: { threads: 1 } },
      { name: 'b2', spec: { threads: 2 } },
      { name: 'c1', spec: { threads: 1 } },
    ];
    const names = (r: number): string =>
      roundOrder(cells, r)
        .map((c) => c.name)
        .join(' ');
    expect(names(0)).toBe('a1 b1 c1 a2 b2');
    expect(names(1)).toBe('b2 a2 b1 c1 a1');
    expect(names(2)).toBe('c1 a1 b1 a2 b2');
    // Over as many rounds as cells, every cell is first of its group once.
    for (const group of [
      ['a1', 'b1', 'c1'],
      ['a2', 'b2'],
    ]) {
      const firsts = new Set([0, 1, 2, 3, 4, 5].map((r) => roundOrder(cells, r).find((c) => group.includes(c.name))?.name));
      expect(firsts).toEqual(new Set(group));
    }
  });
});
