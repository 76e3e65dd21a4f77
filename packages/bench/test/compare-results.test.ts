import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertResultsFile, type Cell, RESULTS_SCHEMA, type ResultsFile } from '@rclab/core';
import { describe, expect, it } from 'vitest';
import { compareResults } from '../src/compare.ts';
import { compareView } from '../src/compare-samples.ts';
import { collectEnv } from '../src/env.ts';
import { runCli } from './cli-helpers.ts';

/** Six trials around `median`, spread ±3% (a quiet machine). */
const SPREAD = [0.97, 0.99, 1.0, 1.0, 1.01, 1.03];

function cell(id: string, samples: readonly number[], error?: string): Cell {
  const [group, strategy, workload, threads] = id.split('/') as [string, string, string, string];
  const base = { id, group, strategy, workload, threads: Number(threads), oversubscribed: false, params: {} };
  if (error !== undefined) return { ...base, status: 'failed', error };
  const sorted = [...samples].sort((x, y) => x - y);
  return {
    ...base,
    status: 'measured',
    warmup: { ms: 50, slices: 10, steady: true },
    sliceMs: 5,
    samples: { opsPerSec: [...samples] },
    opsPerSec: { median: sorted[sorted.length >> 1] ?? 0, low: sorted[0] ?? 0, high: sorted[sorted.length - 1] ?? 0, n: samples.length },
    counters: {},
    countersPerOp: {},
    correctness: { lostUpdates: 0, leaks: 0, doubleFrees: 0, useAfterFree: 0, auditMismatches: 0, corruptions: 0, ok: true, checks: [], mismatches: [] },
  };
}

const around = (median: number): number[] => SPREAD.map((f) => f * median);

function file(cells: Cell[], node: string, cpuModel?: string): ResultsFile {
  const env = { ...collectEnv(['bench'], 1), node, ...(cpuModel !== undefined ? { cpuModel } : {}) };
  const results: ResultsFile = {
    schema: RESULTS_SCHEMA,
    env,
    config: {
      suite: 'quick',
      strategies: ['unsafe', 'atomic'],
      workloads: ['rc-private'],
      threads: [1, 2],
      rounds: 6,
      sliceMs: 5,
      warmup: { minMs: 30, maxMs: 600 },
      suiteOptions: { switchIntervalMs: 5, checkpoints: 'backedges' },
      heapMB: 64,
      seed: 1,
    },
    catalog: { strategies: [], workloads: [] },
    cells,
    timelines: [],
  };
  assertResultsFile(results, 'fixture');
  return results;
}

const a = file(
  [
    cell('overhead/unsafe/rc-private/1', around(100)),
    cell('overhead/atomic/rc-private/1', around(30)),
    cell('scaling/atomic/rc-private/2', around(55)),
    cell('scaling/gil/rc-private/2', around(20)),
    cell('overhead/locked/rc-private/1', around(10)),
    cell('overhead/gil/rc-private/1', [50, 51, 52]),
  ],
  '20.20.2',
);
const b = file(
  [
    cell('overhead/unsafe/rc-private/1', around(120)),
    cell('overhead/atomic/rc-private/1', around(30.3)),
    cell('scaling/atomic/rc-private/2', around(40)),
    cell('scaling/gil/rc-private/2', [], 'RunError: stalled'),
    cell('overhead/biased/rc-private/1', around(50)),
    cell('overhead/gil/rc-private/1', [60, 61, 62]),
  ],
  '22.0.0',
);

describe('compare', () => {
  it('reads samples through one accessor: per-trial throughputs, or why a cell has none', () => {
    expect(compareView(cell('overhead/unsafe/rc-private/1', [1, 2, 3]))).toEqual({ status: 'measured', samples: [1, 2, 3], correct: true });
    expect(compareView(cell('overhead/unsafe/rc-private/1', [], 'boom'))).toEqual({ status: 'failed', reason: 'boom' });
    expect(compareView(cell('overhead/unsafe/rc-private/1', [5, 0, 5]))).toEqual({ status: 'failed', reason: 'a slice did 0 operations' });
    expect(compareView(cell('overhead/unsafe/rc-private/1', []))).toEqual({ status: 'failed', reason: 'no slices' });
  });

  it('gives B over A cell by cell with bootstrap intervals, and a verdict only where the interval excludes 1', () => {
    const cmp = compareResults(a, b);
    expect(cmp.rows.map((r) => r.id)).toEqual(['overhead/unsafe/rc-private/1', 'overhead/atomic/rc-private/1', 'scaling/atomic/rc-private/2', 'overhead/gil/rc-private/1']);
    const [unsafe, atomic, scaling, gil] = cmp.rows as [(typeof cmp.rows)[0], (typeof cmp.rows)[0], (typeof cmp.rows)[0], (typeof cmp.rows)[0]];
    expect(unsafe.ratio?.ratio).toBeCloseTo(1.2, 12);
    expect(unsafe.ratio?.low).toBeGreaterThan(1);
    expect(unsafe.verdict).toBe('faster');
    expect(atomic.ratio?.ratio).toBeCloseTo(1.01, 12); // 1% apart, within the trials' ±3%
    expect(atomic.ratio?.low).toBeLessThan(1);
    expect(atomic.verdict).toBe('unresolved');
    expect(scaling.ratio?.ratio).toBeCloseTo(40 / 55, 12);
    expect(scaling.verdict).toBe('slower');
    // Three trials a side: shown, but no interval and no verdict.
    expect(gil.ratio).toBeNull();
    expect(gil.verdict).toBe('too-few-samples');
    expect(gil.a).toEqual({ median: 51, n: 3 });
    expect(cmp.resolved).toBe(2);
    expect(cmp.geomean?.cells).toBe(3);
    expect(cmp.geomean?.ratio).toBeCloseTo(Math.cbrt(1.2 * 1.01 * (40 / 55)), 12);
    expect(cmp.onlyA).toEqual(['overhead/locked/rc-private/1']);
    expect(cmp.onlyB).toEqual(['overhead/biased/rc-private/1']);
    expect(cmp.errors).toEqual([{ id: 'scaling/gil/rc-private/2', reason: 'B: RunError: stalled' }]);
  });

  it('against itself: every ratio is 1.00 with a narrow interval around 1, and nothing is resolved', () => {
    const cmp = compareResults(a, a);
    for (const r of cmp.rows.filter((x) => x.ratio !== null)) {
      expect(r.ratio?.ratio).toBe(1);
      expect(r.ratio?.low).toBeLessThanOrEqual(1);
      expect(r.ratio?.high).toBeGreaterThanOrEqual(1);
      // Trials within ±3% → the interval of the ratio within about ±4%.
      expect(r.ratio?.low).toBeGreaterThan(0.95);
      expect(r.ratio?.high).toBeLessThan(1.05);
      expect(r.verdict).toBe('unresolved');
    }
    expect(cmp.resolved).toBe(0);
    expect(cmp.geomean?.ratio).toBeCloseTo(1, 12);
    expect(cmp.geomean?.verdict).toBe('unresolved');
  });

  it('is deterministic (seeded), and the seed can be changed', () => {
    expect(compareResults(a, b)).toEqual(compareResults(a, b));
    expect(compareResults(a, b, { seed: 2 }).rows[1]?.ratio).not.toEqual(compareResults(a, b).rows[1]?.ratio);
  });

  it('prints the table, the geometric mean and the verdicts; JSON with --json; markdown and CSV with --format', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rclab-compare-'));
    writeFileSync(join(dir, 'a.json'), JSON.stringify(a));
    writeFileSync(join(dir, 'b.json'), JSON.stringify(b));
    const [pa, pb] = [join(dir, 'a.json'), join(dir, 'b.json')];
    const [text, json, md, csv, self] = await Promise.all([
      runCli(['compare', pa, pb]),
      runCli(['compare', pa, pb, '--json']),
      runCli(['compare', pa, pb, '--format', 'md']),
      runCli(['compare', pa, pb, '--format=csv']),
      runCli(['compare', pa, pa]),
    ]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/Node 20\.20\.2/);
    expect(text.stdout).toMatch(/Node 22\.0\.0/);
    expect(text.stdout).toMatch(/overhead\/unsafe\/rc-private\/1\s+100\.0\s+120\.0\s+6\/6\s+×1\.200\s+\[1\.\d{3}–1\.\d{3}\]\s+faster/);
    expect(text.stdout).toMatch(/overhead\/atomic\/rc-private\/1 .*×1\.010\s+\[0\.\d{3}–1\.\d{3}\]\s+≈ \(not resolved\)/);
    expect(text.stdout).toMatch(/scaling\/atomic\/rc-private\/2 .* slower/);
    expect(text.stdout).toMatch(/overhead\/gil\/rc-private\/1 .*3\/3\s+×1\.196\s+too few samples/);
    expect(text.stdout).toMatch(/geometric mean of B\/A over 3 cells: ×0\.\d{3} \[0\.\d{3}–\d\.\d{3}\]/);
    expect(text.stdout).toMatch(/resolved: 2 of 3 cells \(1 faster, 1 slower in B\)/);
    expect(text.stdout).toMatch(/only in A: 1 cell/);
    expect(text.stdout).toMatch(/not compared \(a failed cell on one side\): scaling\/gil\/rc-private\/2 \(B: RunError: stalled\)/);

    expect(self.code).toBe(0);
    expect(self.stdout).toMatch(/overhead\/unsafe\/rc-private\/1 .*×1\.000\s+\[0\.9\d\d–1\.0\d\d\]\s+≈ \(not resolved\)/);
    expect(self.stdout).toMatch(/geometric mean of B\/A over 5 cells: ×1\.000 \[0\.9\d\d–1\.0\d\d\] — ≈ \(not resolved\)/);
    expect(self.stdout).toMatch(/^nothing resolved: no 95% interval excludes 1/m);
    expect(self.stdout).not.toMatch(/faster|slower/);

    expect(json.code).toBe(0);
    const parsed = JSON.parse(json.stdout) as { rows: { id: string; ratio: { ratio: number } }[]; geomean: { ratio: number }; method: { resamples: number } };
    expect(parsed.rows[0]?.ratio.ratio).toBeCloseTo(1.2);
    expect(parsed.method.resamples).toBe(2000);

    expect(md.code, md.stderr).toBe(0);
    const mdRows = md.stdout.split('\n').filter((l) => l.startsWith('|'));
    expect(mdRows[0]).toBe('| cell | A ops/s | B ops/s | n A/B | B/A | 95% interval | verdict |');
    expect(mdRows[1]).toBe('| --- | ---: | ---: | ---: | ---: | ---: | --- |');
    expect(mdRows[2]).toMatch(/^\| `overhead\/unsafe\/rc-private\/1` \| 100\.0 \| 120\.0 \| 6\/6 \| ×1\.200 \| \[1\.\d{3}–1\.\d{3}\] \| faster \|$/);

    expect(csv.code, csv.stderr).toBe(0);
    const csvLines = csv.stdout.trim().split('\n');
    expect(csvLines[0]).toBe('cell,a_median_ops_per_sec,a_n,b_median_ops_per_sec,b_n,ratio_b_over_a,low,high,verdict,a_ok,b_ok');
    expect(csvLines[1]).toMatch(/^overhead\/unsafe\/rc-private\/1,100,6,120,6,1\.2\d*,1\.\d+,1\.\d+,faster,true,true$/);
    expect(csvLines.at(-1)).toMatch(/^geomean,,,,,0\.95\d+,0\.9\d+,0\.9\d+,slower,,$/);
  });

  it('prints no control character from a hostile file, and keeps hostile names inside their markdown and CSV cells', async () => {
    const evil = 'x\u001b[2J\u001b]0;pwned\u0007|y\n<img src=x onerror=alert(1)>,"@here';
    const h = file([cell(`overhead/${evil}/rc-private/1`, around(100)), cell('overhead/atomic/rc-private/1', around(30))], '20.20.2', `cpu\u001b[31m red \u009b31m`);
    const dir = mkdtempSync(join(tmpdir(), 'rclab-compare-hostile-'));
    const p = join(dir, 'h.json');
    writeFileSync(p, JSON.stringify(h));
    const [text, md, csv, json] = await Promise.all([
      runCli(['compare', p, p]),
      runCli(['compare', p, p, '--format', 'md']),
      runCli(['compare', p, p, '--format', 'csv']),
      runCli(['compare', p, p, '--json']),
    ]);
    for (const r of [text, md, csv]) {
      expect(r.code, r.stderr).toBe(0);
      // eslint-disable-next-line no-control-regex
      expect(r.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    }
    expect(text.stdout).toContain('x[2J]0;pwned|y <img src=x onerror=alert(1)>,"@here');
    // Markdown: every table row still has exactly its 7 cells (8 unescaped pipes), the name in a code span.
    const rows = md.stdout.split('\n').filter((l) => l.startsWith('|'));
    expect(rows).toHaveLength(4);
    for (const row of rows) expect(row.match(/(?<!\\)\|/g)).toHaveLength(8);
    expect(rows[2]).toContain('`overhead/x[2J]0;pwned\\|y <img src=x onerror=alert(1)>,"@here/rc-private/1`');
    expect(md.stdout).toContain('cpu[31m red 31m');
    // CSV: the name is one quoted field, quotes doubled.
    const line = csv.stdout.split('\n')[1] as string;
    expect(line.startsWith('"overhead/x[2J]0;pwned|y <img src=x onerror=alert(1)>,""@here/rc-private/1",100,6,100,6,1,')).toBe(true);
    // JSON keeps the name exactly (escaped by JSON itself).
    expect((JSON.parse(json.stdout) as { rows: { id: string }[] }).rows[0]?.id).toBe(`overhead/${evil}/rc-private/1`);
  });
});
