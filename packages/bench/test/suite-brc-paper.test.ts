/**
 * The `brc-paper` group: it plans the grid (every R under atomic and biased, one fixed-work
 * block per k and D, D long and D = 0); a fixed-work slice is exactly one complete pass on each
 * thread; a tiny suite run lands cells that validate against the results schema, carry one pass
 * time per round and their measurements, and queue exactly the releaser's share; and the
 * findings label a crossing, "no crossing in range" and "not resolved" from synthetic times,
 * telling the two sides apart by the family each strategy declares (a user's renamed member of
 * the `biased` family is compared as biased is).
 */
import { type Cell, cellProblems, type MeasuredCell, ModuleLoader, RESULTS_SCHEMA, resultsProblems } from '@rclab/core';
import { openCell } from '@rclab/core/internal';
import { atomicStrategy, biasedStrategy, strategyCatalog } from '@rclab/strategies';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { planFor } from '../src/suite/session.ts';
import { collectEnv } from '../src/env.ts';
import type { Journal } from '../src/journal/journal.ts';
import { loadCatalogs } from '../src/suite/catalogs.ts';
import { brcPaperFindings } from '../src/experiments/brc-paper/findings.ts';
import { BRC_PAPER_FULL, BRC_PAPER_QUICK, type BrcPaperOptions } from '../src/experiments/brc-paper/plan.ts';
import { preset } from '../src/suite/presets.ts';
import { computeFindings, findingsContext } from '../src/suite/findings.ts';
import { buildResults } from '../src/suite/results.ts';
import { runnerState, runPlan } from '../src/suite/runner.ts';
import type { SuiteOptions } from '../src/suite/types.ts';
import { summarize } from '../src/summary.ts';
import { workloadCatalog } from '../src/workloads/catalog.ts';

function options(grid: BrcPaperOptions, suite: 'quick' | 'full' = 'quick'): SuiteOptions {
  return { ...preset(suite, 2), strategies: ['atomic', 'biased', 'gil'], workloads: ['brc-paper'], groups: ['brc-paper'], brcPaper: grid };
}

describe('brc-paper plan', () => {
  it('one fixed-work block per (k, D), every R under atomic and biased, D long and D = 0', async () => {
    const catalogs = await loadCatalogs();
    const plan = await planFor(options(BRC_PAPER_FULL, 'full'), catalogs, 2, new ModuleLoader());
    expect(plan.blocks.map((b) => b.id)).toEqual(BRC_PAPER_FULL.ks.flatMap((k) => [`brc-paper/k=${k}/dummy=${BRC_PAPER_FULL.dummy}`, `brc-paper/k=${k}/dummy=0`]));
    for (const b of plan.blocks) {
      expect(b.fixedWork).toBe(true);
      expect(b.rounds).toBe(BRC_PAPER_FULL.rounds);
      expect(b.cells).toHaveLength(2 * 21);
      expect(new Set(b.cells.map((c) => c.strategy))).toEqual(new Set(['atomic', 'biased']));
      expect([...new Set(b.cells.map((c) => c.params.remoteFraction))]).toEqual(BRC_PAPER_FULL.remoteFractions);
      for (const c of b.cells) {
        expect(c.threads).toBe(2);
        expect(c.params.objects).toBe(1_000_000);
      }
    }
    const quick = await planFor(options(BRC_PAPER_QUICK), catalogs, 2, new ModuleLoader());
    expect(quick.blocks).toHaveLength(2);
    expect(quick.notes.join('\n')).toMatch(/N = 50,000 objects/);
  });

  it('is skipped, with a note, without biased', async () => {
    const plan = await planFor({ ...options(BRC_PAPER_QUICK), strategies: ['atomic'] }, await loadCatalogs(), 2, new ModuleLoader());
    expect(plan.blocks).toEqual([]);
    expect(plan.notes).toContain('brc-paper group skipped: it needs the brc-paper workload and the atomic and biased strategies');
  });
});

describe('fixed-work slices', () => {
  it('each is exactly one complete pass per thread, so a closed cell leaves an exact heap', async () => {
    const live = await openCell({
      strategy: 'biased',
      strategies: strategyCatalog,
      workload: 'brc-paper',
      workloads: workloadCatalog,
      threads: 2,
      heapMB: 16,
      params: { objects: 3000, remoteFraction: 1, dummy: 0 },
    });
    for (let i = 0; i < 3; i++) expect((await live.sliceOps(1)).opsPerThread).toEqual([1, 1]);
    const outcome = await live.close();
    const m = Object.fromEntries(outcome.measurements.map((x) => [x.name, x.value]));
    expect(m.passes).toBe(3);
    expect(outcome.counters.queued).toBe(3 * 3000);
    expect(outcome.correctness.ok).toBe(true);
  }, 60_000);

  it('fails, in one line, when the work never completes though its threads keep running', async () => {
    const workload = new URL('./fixtures/never-done-workload.ts', import.meta.url).pathname;
    const live = await openCell({ strategy: 'atomic', strategies: strategyCatalog, workload, threads: 1, heapMB: 8 });
    await expect(live.sliceOps(1, 300)).rejects.toThrow(/a fixed-work slice did not finish its 1 operation per thread within 0\.3 s; stopped$/);
  }, 60_000);
});

describe('brc-paper suite run (tiny N)', () => {
  it('lands validated cells with one pass time per round; R = 0 queues nothing, R = 1 queues every object', async () => {
    const grid: BrcPaperOptions = { objects: 2000, ks: [2], remoteFractions: [0, 1], dummy: 1, rounds: 3 };
    const o = { ...options(grid), warmupMinMs: 0, warmupMaxMs: 0, countMs: 1 };
    const catalogs = await loadCatalogs();
    const loader = new ModuleLoader();
    const plan = await planFor(o, catalogs, 2, loader);
    const journal = { append: () => undefined } as unknown as Journal;
    const outcome = await runPlan({ plan, catalogs, loader, journal, state: runnerState(), signal: new AbortController().signal });
    const results = buildResults(plan, collectEnv(['test'], 1), outcome);
    expect(results.schema).toBe(RESULTS_SCHEMA);
    expect(resultsProblems(results)).toEqual([]);
    expect(outcome.cells).toHaveLength(8);
    for (const c of outcome.cells) {
      expect(c.status).toBe('measured');
      if (c.status !== 'measured') continue;
      expect(c.correctness.ok).toBe(true);
      expect(c.samples.timeMs).toHaveLength(3);
      // Each round's slice was one operation on each thread (one pass), never a slice of time.
      c.samples.opsPerSec.forEach((rate, i) => expect((rate * (c.samples.timeMs?.[i] ?? 0)) / 1000).toBeCloseTo(2, 6));
      expect(c.timeMs?.median).toBeGreaterThan(0);
      expect(c.measurements?.peakHeapBytes?.value).toBeGreaterThan(0);
      if (c.strategy !== 'biased') continue;
      // countersPerOp is per operation, and a pass is one operation on each of the two threads.
      const queuedPerPass = (c.countersPerOp.queued ?? Number.NaN) * 2;
      expect(queuedPerPass).toBe(c.params.remoteFraction === 0 ? 0 : 2000);
      expect((c.countersPerOp.merges ?? Number.NaN) * 2).toBe(queuedPerPass);
    }
    expect(results.findings?.brcPaperCrossingKind).toMatch(/^(crossing|no-crossing|not-resolved)$/);
    expect(typeof results.findings?.brcPaperCrossingD0Note).toBe('string');
    // The schema's one check it cannot express: a unit time per slice.
    const first = outcome.cells[0] as MeasuredCell;
    const cut = { ...first, samples: { ...first.samples, timeMs: first.samples.timeMs?.slice(1) } };
    expect(cellProblems(cut)).toEqual(['/samples/timeMs must have one entry per slice (3, as samples/opsPerSec), got 2']);
    expect(resultsProblems({ ...results, cells: [cut] })).toEqual(['/cells/0/samples/timeMs must have one entry per slice (3, as samples/opsPerSec), got 2']);
  }, 240_000);
});

/** A measured brc-paper cell with the given pass times (ms), one per round. */
function cell(strategy: string, r: number, dummy: number, timeMs: number[]): MeasuredCell {
  const iv = { median: timeMs[0] ?? 0, low: Math.min(...timeMs), high: Math.max(...timeMs) };
  return {
    id: `brc-paper/${strategy}/${r}/${dummy}`,
    group: 'brc-paper',
    strategy,
    workload: 'brc-paper',
    threads: 2,
    oversubscribed: false,
    params: { objects: 1000, k: 2, dummy, remoteFraction: r },
    status: 'measured',
    warmup: { ms: 1, slices: 3, steady: true },
    sliceMs: 1,
    samples: { opsPerSec: timeMs.map((t) => 2000 / t), timeMs },
    opsPerSec: iv,
    timeMs: iv,
    counters: {},
    countersPerOp: {},
    measurements: { releaserInsideDummy: { value: dummy === 0 ? 0 : 1, unit: 'ratio' } },
    correctness: { lostUpdates: 0, leaks: 0, doubleFrees: 0, useAfterFree: 0, auditMismatches: 0, corruptions: 0, ok: true, checks: [], mismatches: [] },
  };
}

/** Cells on R ∈ {0, 0.5, 1} with times a + b·R (± the jitter) for biased (or a strategy of its family named `biasedName`) and atomic. */
function lines(biased: [number, number], atomic: [number, number], jitter: number, dummy = 2, biasedName = 'biased'): Cell[] {
  const noise = [-1, -0.5, 0, 0.5, 1, -0.25, 0.25, 0.75].map((x) => x * jitter);
  return [0, 0.5, 1].flatMap((r) => [
    cell(
      biasedName,
      r,
      dummy,
      noise.map((e) => biased[0] + biased[1] * r + e),
    ),
    cell(
      'atomic',
      r,
      dummy,
      noise.map((e) => atomic[0] + atomic[1] * r - e),
    ),
  ]);
}

/** The families the built-in strategies declare, read from their factories. */
const builtinFamily = (s: string): string => [atomicStrategy, biasedStrategy].find((f) => f.name === s)?.family ?? 'custom';

describe('brc-paper findings', () => {
  it('a crossing, with its interval, labelled with its setting', () => {
    const f = brcPaperFindings([...lines([30, 20], [40, 0], 0.5), ...lines([15, 20], [20, 0], 0.5, 0)], builtinFamily);
    expect(f.brcPaperCrossingKind).toBe('crossing');
    expect(f.brcPaperCrossing).toBeCloseTo(0.5, 1);
    expect(Number(f.brcPaperCrossingLow)).toBeLessThanOrEqual(Number(f.brcPaperCrossing));
    expect(Number(f.brcPaperCrossingHigh)).toBeGreaterThanOrEqual(Number(f.brcPaperCrossing));
    expect(f.brcPaperCrossingNote).toMatch(
      /^crossing at R = 0\.50 \[.*\]: biased is faster below it, atomic above \(N = 1,000, k = 2, D long \(2 units\/object; the releaser finished inside it in 100% of passes\)/,
    );
    expect(f.brcPaperCrossingD0Kind).toBe('crossing');
    expect(f.brcPaperCrossingD0).toBeCloseTo(0.25, 1);
    expect(f['brcPaper.k2.dummy2.crossingKind']).toBe('crossing');
  });

  it('"no crossing in range" when one strategy is faster from R = 0 to 1', () => {
    const f = brcPaperFindings(lines([30, 5], [40, 0], 0.5), builtinFamily);
    expect(f.brcPaperCrossingKind).toBe('no-crossing');
    expect(f.brcPaperCrossing).toBeNull();
    expect(f.brcPaperCrossingNote).toMatch(/^no crossing in range: biased is faster from R = 0 to R = 1/);
  });

  it('"not resolved" when the times cannot be told apart at an end', () => {
    const f = brcPaperFindings(lines([30, 10], [40, 0], 20), builtinFamily);
    expect(f.brcPaperCrossingKind).toBe('not-resolved');
    expect(f.brcPaperCrossing).toBeNull();
    expect(f.brcPaperCrossingNote).toMatch(/^≈ not resolved: the two times cannot be told apart at R = /);
  });
});

describe('brc-paper findings by family, not by name', () => {
  it("compare a user's renamed member of the biased family with atomic, in the findings and the summary", async () => {
    const mine = fileURLToPath(new URL('./fixtures/renamed-biased-strategy.ts', import.meta.url));
    const plan = await planFor({ ...options(BRC_PAPER_QUICK), strategies: ['atomic', mine] }, await loadCatalogs(), 2, new ModuleLoader());
    expect(new Set(plan.blocks.flatMap((b) => b.cells.map((c) => c.strategy)))).toEqual(new Set(['atomic', 'my-brc']));
    const cells = [...lines([30, 20], [40, 0], 0.5, 2, 'my-brc'), ...lines([15, 20], [20, 0], 0.5, 0, 'my-brc')];
    const findings = computeFindings(cells, findingsContext(plan));
    expect(findings.brcPaperCrossingKind).toBe('crossing');
    expect(findings.brcPaperCrossingNote).toMatch(/^crossing at R = 0\.50 \[.*\]: my-brc is faster below it, atomic above/);
    const results = buildResults(plan, collectEnv(['test'], 1), { cells, timelines: [], harness: {}, calibration: [], findings, unfinished: 0 });
    const text = summarize(results);
    expect(text).toMatch(/^my-brc +29\.5 +39\.5 +49\.5$/m);
    expect(text).toContain('my-brc vs atomic: crossing at R = 0.50');
  });
});
