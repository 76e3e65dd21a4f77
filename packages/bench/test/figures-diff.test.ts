/**
 * `pnpm figures-diff`: two runs' ratios side by side. A ratio moved out of its interval and a
 * count per operation that changed are flagged; the same file against itself flags nothing.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MeasuredCell, ResultsFile } from '@rclab/core';
import { describe, expect, it } from 'vitest';
import { ROOT } from './cli-helpers.ts';

const script = join(ROOT, 'packages/bench/scripts/figures-diff.ts');
const full = join(ROOT, 'packages/report/test/fixtures/full.json');
const diff = (a: string, b: string): string => execFileSync(process.execPath, ['--conditions=@rclab/source', '--import', 'tsx', script, a, b], { cwd: ROOT, encoding: 'utf8' });

describe('figures-diff', () => {
  it('flags nothing between a run and itself', () => {
    const out = diff(full, full);
    expect(out).not.toMatch(/^≠/m);
    expect(out).toMatch(/(\d+) ratios compared \(95% intervals\): \1 overlap\./);
  });

  it('flags a ratio moved beyond its interval and a count per operation that changed', () => {
    const results = JSON.parse(readFileSync(full, 'utf8')) as ResultsFile;
    const moved = results.cells.find((c): c is MeasuredCell => c.status === 'measured' && c.threads === 1 && c.baselineRatio !== undefined && c.strategy === 'atomic');
    expect(moved).toBeDefined();
    const cell = moved as MeasuredCell & { baselineRatio: { median: number; low: number; high: number }; countersPerOp: Record<string, number> };
    const ratio = cell.baselineRatio;
    Object.assign(ratio, { median: ratio.high * 2, low: ratio.high * 1.9, high: ratio.high * 2.1 });
    const counter = Object.keys(cell.countersPerOp).find((k) => (cell.countersPerOp[k] ?? 0) > 1) as string;
    cell.countersPerOp[counter] = (cell.countersPerOp[counter] ?? 0) * 1.5;
    const changed = join(mkdtempSync(join(tmpdir(), 'rclab-figures-')), 'changed.json');
    writeFileSync(changed, JSON.stringify(results));
    const out = diff(full, changed);
    expect(out).toContain(`≠ ${cell.id} ×baseline`);
    expect(out).toContain(`≠ ${cell.id} ${counter}/op`);
    expect(out).toMatch(/(\d+) ratios compared \(95% intervals\): (\d+) overlap\./);
    const [, compared, overlap] = /(\d+) ratios compared \(95% intervals\): (\d+) overlap\./.exec(out) ?? [];
    expect(Number(overlap)).toBe(Number(compared) - 1);
  });

  it('is a usage error (exit 2, one line) without two files', () => {
    const r = spawnSync(process.execPath, ['--conditions=@rclab/source', '--import', 'tsx', script, full], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});
