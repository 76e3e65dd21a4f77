/**
 * Displays that must not mislead: a one-thread scenario is "not exercised", the unsafe
 * control's failures are expected, oversubscribed points stand apart from the lines, every
 * overhead interval carries its n, the trade-off chart's control is hollow, and published
 * figures say they are published.
 */
import type { ResultsFile } from '@rclab/core';
import { describe, expect, it } from 'vitest';
import { correctnessChart } from '../src/charts/correctness.ts';
import { overheadRows } from '../src/charts/overhead.ts';
import { publishedCostChart } from '../src/charts/publishedCost.ts';
import { scalingChart } from '../src/charts/scaling.ts';
import { tradeOffChart, tradeOffRows } from '../src/charts/tradeOff.ts';
import { buildModel } from '../src/model.ts';
import { summaryTable } from '../src/tables/summary.ts';
import { loadFixture } from './__helpers__/fixtures.ts';

const full = loadFixture('full');
const values = (build: ReturnType<typeof correctnessChart.build>): Record<string, unknown>[] =>
  build.kind === 'chart' ? (build.spec as { data: { values: Record<string, unknown>[] } }).data.values : [];

describe('honest displays', () => {
  it('the at-a-glance table says "not exercised" where a scenario ran on one thread only, never ✓ clean', () => {
    const oneThread = { ...full, cells: full.cells.filter((c) => c.threads === 1) } as ResultsFile;
    const build = summaryTable.build(buildModel([oneThread]));
    const text = build.kind === 'table' ? String(build.html) : '';
    expect(text).toContain('not exercised (1 thread)');
    expect(text).not.toContain('✓ clean');
    const both = summaryTable.build(buildModel([full]));
    expect(both.kind === 'table' ? String(both.html) : '').toContain('✓ clean');
  });

  it('a scenario that ran on one thread only is "not exercised", never ✓', () => {
    const oneThread = { ...full, cells: full.cells.filter((c) => c.threads === 1) } as ResultsFile;
    const rows = values(correctnessChart.build(buildModel([oneThread])));
    expect(rows.length).toBeGreaterThan(5);
    for (const r of rows) if (r.strategy !== 'unsafe' || r.text === 'not exercised') expect(r.text).toBe('not exercised');
    expect(rows.some((r) => r.text === '✓')).toBe(false);
  });

  it("the unsafe control's failures are labelled expected; a thread-safe strategy's would not be", () => {
    const rows = values(correctnessChart.build(buildModel([full])));
    const unsafe = rows.filter((r) => r.strategy === 'unsafe' && r.lostUpdates !== 0);
    expect(unsafe.length).toBeGreaterThan(0);
    for (const r of unsafe) expect(r.text).toMatch(/ · expected$/);
    const broken = {
      ...full,
      cells: full.cells.map((c) =>
        c.status === 'measured' && c.strategy === 'atomic' && c.threads === 2 && c.workload === 'rc-shared'
          ? { ...c, correctness: { ...c.correctness, lostUpdates: 5, ok: false } }
          : c,
      ),
    } as ResultsFile;
    const atomic = values(correctnessChart.build(buildModel([broken]))).find((r) => r.strategy === 'atomic' && r.scenario === 'rc-shared');
    expect(atomic?.status).toBe('problems found');
    expect(atomic?.text).toBe('5 lost');
  });

  it('scaling lines join only the points within the cores, and the control is dashed', () => {
    const build = scalingChart.build(buildModel([full]));
    const json = JSON.stringify(build.kind === 'chart' ? build.spec : {});
    const lines = json.match(/"transform":\[[^\]]*\],"mark":\{"type":"line","strokeWidth":2\}/g) ?? [];
    expect(lines.length).toBe(2);
    for (const l of lines) expect(l).toContain('datum.threads <= datum.cores');
    expect(json).toContain('"test":"datum.control","value":[4,3]');
    // The control is the file's baseline, whatever its name.
    expect(json).toContain('"strategy":"unsafe","control":true');
  });

  it('every overhead interval says how many paired rounds it comes from', () => {
    for (const r of overheadRows(buildModel([full]))) expect(r.label).toMatch(r.strategy === 'unsafe' ? /^control/ : /, n=20/);
  });

  it('the trade-off chart marks the control, states n for both axes, and has a point per strategy and scaling workload', () => {
    const model = buildModel([full]);
    const rows = tradeOffRows(model);
    expect(rows.filter((r) => r.control).every((r) => r.strategy === 'unsafe')).toBe(true);
    expect(rows.filter((r) => !r.control).every((r) => r.xN === 20 && r.yN === 20)).toBe(true);
    const workloads = new Set(full.cells.filter((c) => c.group === 'scaling').map((c) => c.workload));
    expect(new Set(rows.map((r) => r.workload))).toEqual(workloads);
    const build = tradeOffChart.build(model);
    expect(build.kind === 'chart' ? build.notes.join(' ') : '').toMatch(/cheap and scales: biased/);
  });

  it('flags superlinear speedups, a thread-safe strategy faster than unsafe, and a zero-operation slice with !', () => {
    const odd = {
      ...full,
      cells: full.cells.map((c) => {
        if (c.status !== 'measured') return c;
        if (c.group === 'scaling' && c.strategy === 'biased' && c.workload === 'rc-private' && c.threads === 2)
          return { ...c, speedup: { median: 2.5, low: 2.3, high: 2.7, n: 20 } };
        if (c.group === 'overhead' && c.strategy === 'atomic' && c.workload === 'rc-private')
          return { ...c, baselineRatio: { baseline: 'unsafe', median: 1.2, low: 1.1, high: 1.3, n: 20 } };
        if (c.group === 'overhead' && c.strategy === 'locked' && c.workload === 'rc-private') return { ...c, samples: { opsPerSec: [0, ...c.samples.opsPerSec.slice(1)] } };
        return c;
      }),
    } as ResultsFile;
    const model = buildModel([odd]);
    const labels = overheadRows(model).filter((r) => r.workload === 'rc-private');
    expect(labels.find((r) => r.strategy === 'atomic')?.label).toMatch(/^! faster than unsafe beyond its interval \(1\.20×\) · /);
    expect(labels.find((r) => r.strategy === 'locked')?.label).toMatch(/^! a slice with zero operations · /);
    expect(labels.find((r) => r.strategy === 'biased')?.label).not.toMatch(/^!/);
    const scaling = scalingChart.build(model);
    expect(scaling.kind === 'chart' ? scaling.notes : []).toContain('! biased on rc-private at 2 threads: superlinear: ×2.50 on 2 threads.');
    expect(scalingChart.howToRead).toMatch(/! marks a suspicious result/);
  });

  it('published figures are labelled as published, not measured', () => {
    const build = publishedCostChart.build(buildModel([full]));
    expect(build.kind).toBe('chart');
    for (const r of values(build)) expect(String(r.label)).toMatch(/\(published\)$/);
    expect(publishedCostChart.title).toMatch(/not measured here/);
    expect(publishedCostChart.build(buildModel([loadFixture('empty')])).kind).toBe('empty');
  });
});
