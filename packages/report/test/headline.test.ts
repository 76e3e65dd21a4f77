/**
 * The headline's verdicts on small hand-made results: a resolved win, a tie, an unresolved
 * crossover, a run without the GIL, and a run of one strategy. Slices are paired by round, so
 * each cell's per-round throughput is written out: a ratio's interval comes from those pairs.
 */
import type { Interval, MeasuredCell, ResultsFile } from '@rclab/core';
import { describe, expect, it } from 'vitest';
import { headline, pairedRatio, versusText } from '../src/headline.ts';
import { renderReport } from '../src/report.ts';
import { loadFixture } from './__helpers__/fixtures.ts';

const ROUNDS = 20;
/** A round's "machine speed": shared by every cell of a round, so paired ratios cancel it. */
const phase = (i: number): number => 1 + 0.3 * Math.sin(i * 1.7);

function cell(group: string, strategy: string, workload: string, threads: number, opsPerSec: number, jitter: (i: number) => number = () => 1, rel?: Interval): MeasuredCell {
  const samples = Array.from({ length: ROUNDS }, (_, i) => opsPerSec * phase(i) * jitter(i));
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    id: `${group}/${strategy}/${workload}/${threads}`,
    group,
    strategy,
    workload,
    threads,
    oversubscribed: threads > 2,
    params: {},
    status: 'measured',
    warmup: { ms: 10, slices: 2, steady: true },
    sliceMs: 5,
    samples: { opsPerSec: samples },
    opsPerSec: { median: sorted[ROUNDS >> 1] ?? 0, low: sorted[5] ?? 0, high: sorted[14] ?? 0, n: ROUNDS },
    ...(rel !== undefined ? { baselineRatio: { baseline: 'unsafe', ...rel } } : {}),
    counters: {},
    countersPerOp: {},
    correctness: { lostUpdates: 0, leaks: 0, doubleFrees: 0, useAfterFree: 0, auditMismatches: 0, corruptions: 0, ok: true, checks: [], mismatches: [] },
  };
}

/** Only what `headline` reads: cells, the core count, findings, the baseline and the families of the catalog. */
function results(cells: readonly MeasuredCell[], findings: Record<string, number | string | null> = {}): ResultsFile {
  const families: Record<string, string> = { unsafe: 'unsafe', gil: 'gil', 'gil-noforce': 'gil', atomic: 'atomic', locked: 'locked', biased: 'biased' };
  const strategies = [...new Set(cells.map((c) => c.strategy))].map((name) => ({
    name,
    description: name,
    threadSafe: name !== 'unsafe',
    family: families[name] ?? name,
    counters: [],
    timeline: [],
  }));
  return { cells, env: { cores: 2 }, findings, config: { baseline: 'unsafe' }, catalog: { strategies, workloads: [] } } as unknown as ResultsFile;
}

const iv = (median: number, low: number, high: number): Interval => ({ median, low, high, n: ROUNDS });
/** ±0.5% round-to-round noise of its own, on top of the shared phase. */
const small = (i: number): number => 1 + 0.005 * Math.cos(i * 2.3);
/** ±8%: a ratio near 1 that the run cannot resolve. */
const wide = (i: number): number => 1 + 0.08 * Math.cos(i * 2.9);

describe('the headline', () => {
  it('names a resolved one-thread winner without ties, and the control never wins', () => {
    const lines = headline(
      results([
        cell('overhead', 'unsafe', 'rc-private', 1, 100),
        cell('overhead', 'biased', 'rc-private', 1, 95, small, iv(0.95, 0.94, 0.96)),
        cell('overhead', 'atomic', 'rc-private', 1, 70, small, iv(0.7, 0.69, 0.71)),
      ]),
    );
    expect(lines.map((l) => l.text)).toEqual(['1 thread, rc-private: cheapest biased, 0.95× [0.94–0.96] the throughput of unsafe']);
  });

  it('lists every strategy whose interval overlaps the cheapest as a tie', () => {
    const [line] = headline(
      results([
        cell('overhead', 'biased', 'cpu-bound', 1, 95, small, iv(0.95, 0.93, 0.97)),
        cell('overhead', 'gil', 'cpu-bound', 1, 96, small, iv(0.96, 0.94, 0.98)),
        cell('overhead', 'atomic', 'cpu-bound', 1, 70, small, iv(0.7, 0.69, 0.71)),
      ]),
    );
    expect(line?.text).toBe('1 thread, cpu-bound: cheapest gil, 0.96× [0.94–0.98] the throughput of unsafe; tied within the intervals: biased 0.95× [0.93–0.97]');
  });

  it('finds a resolved crossover and says the strategy beats gil at the core count', () => {
    const lines = headline(
      results([
        cell('scaling', 'gil', 'rc-shared', 1, 100, small),
        cell('scaling', 'gil', 'rc-shared', 2, 95, small),
        cell('scaling', 'biased', 'rc-shared', 1, 90, small),
        cell('scaling', 'biased', 'rc-shared', 2, 170, small),
      ]),
    );
    const against = lines.find((l) => l.topic === 'against-gil');
    expect(against?.text).toMatch(/^2 threads, rc-shared, against gil on 1 thread: biased 1\.\d\d× \[1\.\d\d–1\.\d\d\] \(beats it\), gil 0\.9\d× \[0\.9\d–0\.9\d\] \(slower\)$/);
    expect(lines.filter((l) => l.topic === 'crossover').map((l) => l.text)).toEqual(['biased beats gil in throughput on rc-shared from 2 threads']);
  });

  it('says "not resolved" for a crossover the intervals cannot settle, never a winner', () => {
    const lines = headline(
      results([
        cell('scaling', 'gil', 'rc-shared', 1, 100, small),
        cell('scaling', 'gil', 'rc-shared', 2, 100, small),
        cell('scaling', 'atomic', 'rc-shared', 1, 60, small),
        cell('scaling', 'atomic', 'rc-shared', 2, 100, wide),
      ]),
    );
    const r = pairedRatio(cell('scaling', 'atomic', 'rc-shared', 2, 100, wide), cell('scaling', 'gil', 'rc-shared', 2, 100, small));
    expect(r !== undefined && r.low < 1 && r.high > 1).toBe(true);
    expect(lines.find((l) => l.topic === 'crossover')?.text).toBe('atomic against gil on rc-shared: ≈ not resolved on this machine at 1, 2 threads');
    expect(lines.find((l) => l.topic === 'against-gil')?.text).toMatch(/atomic 1\.\d\d× \[0\.\d\d–1\.\d\d\] \(≈, not resolved\)/);
  });

  it('draws no verdict against the GIL when the run has no gil cell, and keeps the one-thread lines', () => {
    const lines = headline(
      results([
        cell('overhead', 'atomic', 'rc-shared', 1, 70, small, iv(0.7, 0.69, 0.71)),
        cell('scaling', 'atomic', 'rc-shared', 1, 60, small),
        cell('scaling', 'atomic', 'rc-shared', 2, 100, small),
        cell('scaling', 'biased', 'rc-shared', 2, 150, small),
      ]),
    );
    expect(lines.map((l) => l.topic)).toEqual(['single-thread']);
  });

  it('on a run of one strategy (gil) names no winner and no crossover, only what its own threads buy', async () => {
    const lines = headline(loadFixture('one-strategy'));
    expect(lines.length).toBeGreaterThan(0);
    expect(new Set(lines.map((l) => l.topic))).toEqual(new Set(['against-gil']));
    for (const l of lines) expect(l.text).toMatch(/^2 threads, [\w-]+, against gil on 1 thread: gil \d\.\d\d× \[\d\.\d\d–\d\.\d\d\] \((slower|beats it|≈, not resolved)\)$/);
  });

  it('says so when a run has nothing to compare', async () => {
    const empty = loadFixture('empty');
    expect(headline(empty)).toEqual([]);
    expect(await renderReport([empty])).toContain('No comparison in this run to draw a verdict from.');
  });

  it('gives no verdict from fewer than 6 paired rounds (even [min, max] covers under 95% there)', () => {
    const few = (c: MeasuredCell): MeasuredCell => ({ ...c, samples: { opsPerSec: c.samples.opsPerSec.slice(0, 5) } });
    const r = pairedRatio(few(cell('scaling', 'biased', 'rc-shared', 2, 170, small)), few(cell('scaling', 'gil', 'rc-shared', 2, 95, small)));
    expect(r?.n).toBe(5);
    expect(Number.isFinite(r?.low)).toBe(false);
    const lines = headline(
      results([
        few(cell('scaling', 'gil', 'rc-shared', 1, 100, small)),
        few(cell('scaling', 'gil', 'rc-shared', 2, 95, small)),
        few(cell('scaling', 'biased', 'rc-shared', 2, 170, small)),
      ]),
    );
    expect(lines.find((l) => l.topic === 'crossover')?.text).toBe('biased against gil on rc-shared: ≈ not resolved on this machine at 1, 2 threads');
    expect(lines.find((l) => l.topic === 'against-gil')?.text).toMatch(/biased 1\.\d\d× \[no 95% interval from 5 pairs\] \(≈, not resolved\)/);
  });

  it('reports the BRC break-even from the findings', () => {
    expect(headline(results([], { brcBreakEvenNote: 'biased beats atomic up to R = 0.4 [0.3–0.5]' }))).toEqual([
      { topic: 'brc', text: "biased against atomic, producer/consumer hand-off (not comparable with the paper's R ≈ 0.75): biased beats atomic up to R = 0.4 [0.3–0.5]" },
    ]);
  });

  it('words a ratio as faster, slower or not resolved (hyperfine style)', () => {
    expect(versusText('biased', iv(1 / 1.47, 1 / 1.52, 1 / 1.43), 'unsafe')).toBe('biased ran 1.47× [1.43–1.52] slower than unsafe');
    expect(versusText('biased', iv(1.2, 1.1, 1.3), 'gil')).toBe('biased ran 1.20× [1.10–1.30] faster than gil');
    expect(versusText('biased', iv(1.01, 0.98, 1.04), 'gil')).toBe('biased ≈ gil: 1.01× [0.98–1.04] (not resolved on this machine)');
  });
});
