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
import { loadFixture } from './__helpers__/fixtures.ts';

const full = loadFixture('full');
const values = (build: ReturnType<typeof correctnessChart.build>): Record<string, unknown>[] =>
  build.kind === 'chart' ? ((build.spec as { data: { values: Record<string, unknown>[] } }).data.values) : [];

describe('honest displays', () => {
  it('a scenario that ran on one thread only is "not exercised", never ✓', () => {
    const oneThread = { ...full, cells: full.cells.filter((c) => c.threads === 1) } as ResultsFile;
    const rows = values(correctnessChart.build(buildModel([oneThread])));
    expect(rows.length).toBeGreaterThan(5);
    for (const r of rows) if (r.strategy !== 'unsafe' || r.text === 'not exercised') expect(r.text).toBe('not exercised');
    expect(rows.some((r) => r.text === '✓')).toBe(false);
  });

  it('the unsafe control\'s failures are labelled expected; a thread-safe strategy\'s would not be', () => {
    const rows = values(correctnessChart.build(buildModel([full])));
    const unsafe = rows.filter((r) => r.strategy === 'unsafe' && r.lostUpdates !== 0);
    expect(unsafe.length).toBeGreaterThan(0);
    for (const r of unsafe) expect(r.text).toMatch(/ · expected$/);
    const broken = { ...full, cells: full.cells.map((c) => (c.status === 'measured' && c.strategy === 'atomic' && c.threads === 2 && c.workload === 'rc-shared' ? { ...c, correctness: { ...c.correctness, lostUpdates: 5, ok: false } } : c)) } as ResultsFile;
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
    expect(json).toContain('"test":"datum.strategy === \'unsafe\'","value":[4,3]');
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

  it('published figures are labelled as published, not measured', () => {
    const build = publishedCostChart.build(buildModel([full]));
    expect(build.kind).toBe('chart');
    for (const r of values(build)) expect(String(r.label)).toMatch(/\(published\)$/);
    expect(publishedCostChart.title).toMatch(/not measured here/);
    expect(publishedCostChart.build(buildModel([loadFixture('empty')])).kind).toBe('empty');
  });
});
