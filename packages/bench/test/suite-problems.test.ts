/**
 * Expected against unexpected problems, from fixture cells: the unsafe control's failures and
 * the racy expressions are expected; crashes, zero-operation trials and every other correctness
 * failure of a thread-safe strategy are not.
 */
import type { Cell } from '@rclab/core';
import { describe, expect, it } from 'vitest';
import { classifyProblems, problemLines } from '../src/suite/problems.ts';

type Check = { name: string; expected: number; observed: number };

function cell(id: string, strategy: string, over: { error?: string; ops?: number[]; lost?: number; leaks?: number; doubleFrees?: number; checks?: Check[] } = {}): Cell {
  const ops = over.ops ?? [100, 100, 100];
  const lost = over.lost ?? 0;
  const leaks = over.leaks ?? 0;
  const doubleFrees = over.doubleFrees ?? 0;
  const base = { id, group: id.split('/')[0] as string, strategy, workload: id.split('/')[2] as string, threads: 2, oversubscribed: false, params: {} };
  // A throughput slice with no operation fails its cell, as the runner does.
  const zero = ops.findIndex((n) => n === 0);
  const error = over.error ?? (zero >= 0 ? `slice ${zero + 1} did no operation in 5.0 ms` : undefined);
  if (error !== undefined) return { ...base, status: 'failed', error };
  return {
    ...base,
    status: 'measured',
    warmup: { ms: 40, slices: 8, steady: true },
    sliceMs: 5,
    samples: { opsPerSec: ops.map((n) => n * 200) },
    opsPerSec: { median: 20000, low: 20000, high: 20000, n: ops.length },
    counters: {},
    countersPerOp: {},
    correctness: {
      lostUpdates: lost,
      leaks,
      doubleFrees,
      useAfterFree: 0,
      auditMismatches: 0,
      corruptions: 0,
      ok: lost + leaks + doubleFrees === 0,
      checks: over.checks ?? [],
      mismatches: [],
    },
  };
}

const threadSafe = (s: string): boolean | undefined => ({ unsafe: false, atomic: true, gil: true })[s];
const ids = (ps: readonly { cell: string }[]): string[] => ps.map((p) => p.cell);

describe('classifyProblems', () => {
  it('a clean suite has no problem', () => {
    const r = classifyProblems([cell('overhead/atomic/rc-private/1', 'atomic'), cell('overhead/unsafe/rc-private/1', 'unsafe')], threadSafe);
    expect(r).toEqual({ expected: [], unexpected: [] });
    expect(problemLines(r)).toEqual([]);
  });

  it("the unsafe control's failures are expected, heap damage included", () => {
    const r = classifyProblems([cell('scaling/unsafe/rc-shared/2', 'unsafe', { lost: 40, leaks: 3, doubleFrees: 2 })], threadSafe);
    expect(r.unexpected).toEqual([]);
    expect(ids(r.expected)).toEqual(['scaling/unsafe/rc-shared/2']);
    expect(r.expected[0]?.reason).toMatch(/not thread-safe/);
  });

  it("the atomicity scenario's racy expressions are expected under a thread-safe strategy", () => {
    const checks = [
      { name: 'L.append(item): len(L)', expected: 100, observed: 100 },
      { name: 'counter += 1: counter', expected: 100, observed: 91 },
      { name: "d[k] = d[k] + 1: hits['k']", expected: 100, observed: 80 },
      { name: 'x = obj.field: torn (a, b) pairs read (stale in context; not a lost update)', expected: 0, observed: 3 },
      { name: 'interpreter faults (freed or wrong objects, Python errors)', expected: 0, observed: 0 },
    ];
    const r = classifyProblems([cell('atomicity/atomic/atomicity/2/checkpoints=every', 'atomic', { lost: 29, checks })], threadSafe);
    expect(r.unexpected).toEqual([]);
    expect(r.expected).toHaveLength(1);
    expect(r.expected[0]?.text).toMatch(/counter \+= 1: counter = 91, expected 100; d\[k\] = d\[k\] \+ 1/);
  });

  it('losses an earlier trial had in a racy workload are put down to its racy expressions', () => {
    const checks = [{ name: 'counter += 1: counter', expected: 100, observed: 100 }];
    const r = classifyProblems([cell('atomicity/gil/atomicity/2/checkpoints=every', 'gil', { lost: 12, checks })], threadSafe);
    expect(r.unexpected).toEqual([]);
    expect(r.expected).toHaveLength(1);
  });

  it('an expression that must stay exact losing updates under a thread-safe strategy is unexpected', () => {
    const checks = [
      { name: 'q.put(x): q.qsize()', expected: 100, observed: 97 },
      { name: 'counter += 1: counter', expected: 100, observed: 90 },
    ];
    const r = classifyProblems([cell('atomicity/atomic/atomicity/2/checkpoints=every', 'atomic', { lost: 13, checks })], threadSafe);
    expect(r.unexpected.map((p) => p.text)).toEqual(['q.put(x): q.qsize() = 97, expected 100']);
    expect(r.expected.map((p) => p.text)).toEqual(['counter += 1: counter = 90, expected 100']);
  });

  it('interpreter faults under a thread-safe strategy are unexpected, even when no update was lost', () => {
    const checks = [{ name: 'interpreter faults (freed or wrong objects, Python errors)', expected: 0, observed: 2 }];
    const r = classifyProblems([cell('overhead/atomic/cpu-bound/1', 'atomic', { checks })], threadSafe);
    expect(ids(r.unexpected)).toEqual(['overhead/atomic/cpu-bound/1']);
  });

  it('a thread-safe strategy that leaks or loses updates elsewhere is unexpected; an unknown strategy is held to the same standard', () => {
    const r = classifyProblems([cell('scaling/atomic/rc-shared/2', 'atomic', { leaks: 1 }), cell('overhead/mine/rc-private/1', 'mine', { lost: 4 })], threadSafe);
    expect(ids(r.unexpected)).toEqual(['scaling/atomic/rc-shared/2', 'overhead/mine/rc-private/1']);
    expect(r.unexpected.map((p) => p.text)).toEqual(['1 leaked objects', '4 lost updates']);
    expect(r.expected).toEqual([]);
  });

  it('a crashed cell and a cell failed by a zero-operation slice are unexpected, whatever the strategy', () => {
    const r = classifyProblems(
      [cell('overhead/unsafe/rc-private/1', 'unsafe', { error: 'RunError: thread 1 failed' }), cell('overhead/atomic/rc-private/1', 'atomic', { ops: [100, 0, 100] })],
      threadSafe,
    );
    expect(r.unexpected.map((p) => [p.cell, p.kind])).toEqual([
      ['overhead/unsafe/rc-private/1', 'crashed'],
      ['overhead/atomic/rc-private/1', 'crashed'],
    ]);
    expect(r.unexpected[1]?.text).toMatch(/slice 2 did no operation/);
  });

  it('problemLines lists unexpected problems first, then expected ones with why', () => {
    const r = classifyProblems([cell('scaling/unsafe/rc-shared/2', 'unsafe', { lost: 5 }), cell('scaling/atomic/rc-shared/2', 'atomic', { doubleFrees: 1 })], threadSafe);
    expect(problemLines(r)).toEqual([
      'Unexpected problems (1; rclab bench exits 1):',
      '  scaling/atomic/rc-shared/2: 1 double frees',
      'Expected problems (1):',
      "  scaling/unsafe/rc-shared/2: 5 lost updates (expected: 'unsafe' is not thread-safe (the negative control))",
    ]);
  });
});
