import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertResultsFile, type Cell, RESULTS_SCHEMA, type ResultsFile } from '@rclab/core';
import { describe, expect, it } from 'vitest';
import { compareResults } from '../src/compare.ts';
import { collectEnv } from '../src/env.ts';
import { runCli } from './cli-helpers.ts';

function cell(id: string, median: number, low: number, high: number, error?: string): Cell {
  const [group, strategy, workload, threads] = id.split('/') as [string, string, string, string];
  const base = { id, group, strategy, workload, threads: Number(threads), oversubscribed: false, params: {} };
  if (error !== undefined) return { ...base, status: 'failed', error };
  return {
    ...base,
    status: 'measured',
    warmup: { ms: 50, slices: 10, steady: true },
    sliceMs: 5,
    samples: { opsPerSec: [low, median, high] },
    opsPerSec: { median, low, high, n: 3 },
    counters: {},
    countersPerOp: {},
    correctness: { lostUpdates: 0, leaks: 0, doubleFrees: 0, useAfterFree: 0, auditMismatches: 0, corruptions: 0, ok: true },
  };
}

function file(cells: Cell[], node: string): ResultsFile {
  const env = { ...collectEnv(['bench'], 1), node };
  const results: ResultsFile = {
    schema: RESULTS_SCHEMA,
    env,
    config: { suite: 'quick', strategies: ['unsafe', 'atomic'], workloads: ['rc-private'], threads: [1, 2], rounds: 3, sliceMs: 5, warmup: { minMs: 30, maxMs: 600 }, switchIntervalMs: 5, checkpoints: 'backedges', heapMB: 64, seed: 1 },
    cells,
    timelines: [],
  };
  assertResultsFile(results, 'fixture');
  return results;
}

const a = file(
  [
    cell('overhead/unsafe/rc-private/1', 100, 95, 105),
    cell('overhead/atomic/rc-private/1', 30, 29, 31),
    cell('scaling/atomic/rc-private/2', 55, 50, 60),
    cell('scaling/gil/rc-private/2', 20, 19, 21),
    cell('overhead/locked/rc-private/1', 10, 9, 11),
  ],
  '20.20.2',
);
const b = file(
  [
    cell('overhead/unsafe/rc-private/1', 120, 115, 125),
    cell('overhead/atomic/rc-private/1', 30.5, 29.5, 31.5),
    cell('scaling/atomic/rc-private/2', 40, 38, 42),
    cell('scaling/gil/rc-private/2', 0, 0, 0, 'RunError: stalled'),
    cell('overhead/biased/rc-private/1', 50, 49, 51),
  ],
  '22.0.0',
);

describe('compare', () => {
  it('gives B over A cell by cell with crossed-interval ratios and a separation verdict', () => {
    const cmp = compareResults(a, b);
    expect(cmp.rows.map((r) => r.id)).toEqual(['overhead/unsafe/rc-private/1', 'overhead/atomic/rc-private/1', 'scaling/atomic/rc-private/2']);
    const [unsafe, atomic, scaling] = cmp.rows as [(typeof cmp.rows)[0], (typeof cmp.rows)[0], (typeof cmp.rows)[0]];
    expect(unsafe.ratio.median).toBeCloseTo(1.2);
    expect(unsafe.ratio.low).toBeCloseTo(115 / 105);
    expect(unsafe.ratio.high).toBeCloseTo(125 / 95);
    expect(unsafe.separated).toBe(true);
    expect(atomic.separated).toBe(false); // 30 vs 30.5 within the spread
    expect(scaling.ratio.median).toBeCloseTo(40 / 55);
    expect(scaling.separated).toBe(true);
    expect(cmp.onlyA).toEqual(['overhead/locked/rc-private/1']);
    expect(cmp.onlyB).toEqual(['overhead/biased/rc-private/1']);
    expect(cmp.errors).toEqual(['scaling/gil/rc-private/2']);
  });

  it('is the identity against itself', () => {
    const cmp = compareResults(a, a);
    for (const r of cmp.rows) {
      expect(r.ratio.median).toBe(1);
      expect(r.ratio.low).toBeLessThanOrEqual(1);
      expect(r.ratio.high).toBeGreaterThanOrEqual(1);
      expect(r.separated).toBe(false);
    }
  });

  it('prints the table from the command line, and JSON with --json', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rclab-compare-'));
    writeFileSync(join(dir, 'a.json'), JSON.stringify(a));
    writeFileSync(join(dir, 'b.json'), JSON.stringify(b));
    const [text, json] = await Promise.all([
      runCli(['compare', join(dir, 'a.json'), join(dir, 'b.json')]),
      runCli(['compare', join(dir, 'a.json'), join(dir, 'b.json'), '--json']),
    ]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/Node 20\.20\.2/);
    expect(text.stdout).toMatch(/Node 22\.0\.0/);
    expect(text.stdout).toMatch(/overhead\/unsafe\/rc-private\/1\s+100\.0 \[95\.0–105\.0\]\s+120\.0 \[115\.0–125\.0\]\s+×1\.200\s+\[1\.095–1\.316\]\s+faster/);
    expect(text.stdout).toMatch(/scaling\/atomic\/rc-private\/2 .* slower/);
    expect(text.stdout).toMatch(/only in A: 1 cell/);
    expect(text.stdout).toMatch(/not compared \(an error on one side\): scaling\/gil\/rc-private\/2/);
    expect(json.code).toBe(0);
    const parsed = JSON.parse(json.stdout) as { rows: { id: string; ratio: { median: number } }[] };
    expect(parsed.rows[0]?.ratio.median).toBeCloseTo(1.2);
  });
});
