/**
 * The article's verdicts, measured on real threads. Runs are time-boxed (not op-counted) so
 * both threads are running for the whole window; assertions are "some updates were lost" or
 * "none were", never an exact number, and never a speed.
 *
 * - `unsafe` (no lock, plain counts): `counter += 1` and the atomicity expressions lose updates.
 * - `gil` with `checkpoints: 'every'` (the article's model, CPython ≤ 3.9): a switch can land
 *   inside `counter += 1` and lose updates; `L.append(x)`, `d[k] = v` and `q.put(x)` are one
 *   instruction (or a call into a C method) and lose nothing.
 * - `gil` with `checkpoints: 'backedges'` (CPython 3.10+): no switch inside those windows, so
 *   nothing is lost — where measurement differs from the article.
 * - No GIL (atomic, locked, biased): the containers' critical sections keep `L.append`,
 *   `d[k] = v` and `q.put` exact, and the heap stays exact, while the program's own
 *   read-modify-writes race.
 */
import { run, type RunResult, type WorkloadCheck } from '@rclab/core';
import { strategyCatalog } from '@rclab/strategies';
import { describe, expect, it } from 'vitest';
import { workloadCatalog } from '../src/workloads/catalog.ts';

const WINDOW_MS = 300;
const has = (name: string): boolean => strategyCatalog[name] !== undefined;

async function race(strategy: string, workload: string, params: Record<string, string | number>, strategyOptions = {}): Promise<RunResult> {
  return run({
    strategy,
    strategies: strategyCatalog,
    workload,
    workloads: workloadCatalog,
    threads: 2,
    durationMs: WINDOW_MS,
    params,
    strategyOptions,
    heapMB: 128,
  });
}

/** The check whose name starts with the article's expression. */
function row(r: RunResult, expression: string): WorkloadCheck {
  const c = r.correctness.checks.find((ch) => ch.name.startsWith(`${expression}:`));
  if (c === undefined) throw new Error(`no check for ${expression} in ${JSON.stringify(r.correctness.checks)}`);
  return c;
}
const lost = (c: WorkloadCheck): number => c.expected - c.observed;

function heapClean(r: RunResult): void {
  const c = r.correctness;
  expect([c.leaks, c.doubleFrees, c.useAfterFree, c.auditMismatches, c.corruptions]).toEqual([0, 0, 0, 0, 0]);
}

describe('unsafe: no lock at all', () => {
  it('counter += 1 from two threads loses updates', async () => {
    const r = await race('unsafe', 'counter', { checkpoints: 'backedges' });
    expect(r.correctness.lostUpdates).toBeGreaterThan(0);
  });

  it('the atomicity expressions lose updates (and the run still finishes and reports)', async () => {
    const r = await race('unsafe', 'atomicity', { checkpoints: 'backedges', iterations: 200_000 });
    expect(r.correctness.lostUpdates).toBeGreaterThan(0);
    expect(r.correctness.ok).toBe(false);
  });
});

describe.skipIf(!has('gil'))('gil', () => {
  // A short switch interval gives many switches in the window (the default is CPython's 5 ms).
  const fast = { switchIntervalMs: 1 };

  it("every: a switch inside counter += 1 loses updates (the article's §6)", async () => {
    const r = await race('gil', 'counter', { checkpoints: 'every' }, fast);
    expect(r.correctness.lostUpdates).toBeGreaterThan(0);
    heapClean(r);
  });

  it('every: L.append(item), d[k] = v and q.put(x) lose nothing', async () => {
    const r = await race('gil', 'atomicity', { checkpoints: 'every', iterations: 1_000_000 }, fast);
    for (const e of ['L.append(item)', 'd[k] = v', 'q.put(x)']) expect(lost(row(r, e))).toBe(0);
    heapClean(r);
  });

  it('backedges: no switch lands inside counter += 1, so nothing is lost (CPython 3.10+)', async () => {
    const r = await race('gil', 'counter', { checkpoints: 'backedges' }, fast);
    expect(r.correctness.lostUpdates).toBe(0);
    expect(r.correctness.ok).toBe(true);
  });

  it('backedges: all six expressions are exact, and no torn (a, b) pair is seen', async () => {
    const r = await race('gil', 'atomicity', { checkpoints: 'backedges', iterations: 1_000_000 }, fast);
    expect(r.correctness.lostUpdates).toBe(0);
    expect(row(r, 'x = obj.field').observed).toBe(0);
    expect(r.correctness.ok).toBe(true);
  });
});

describe('no GIL: per-object critical sections', () => {
  for (const strategy of ['atomic', 'locked', 'biased'].filter(has)) {
    it(`${strategy}: container operations stay exact and the heap stays exact, whatever the program's own races`, async () => {
      const r = await race(strategy, 'atomicity', { checkpoints: 'every', iterations: 1_000_000 });
      for (const e of ['L.append(item)', 'd[k] = v', 'q.put(x)']) expect(lost(row(r, e))).toBe(0);
      heapClean(r);
    });
  }
});
