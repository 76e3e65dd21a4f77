import type { Cell, ResultsFile } from '@rclab/core';
import { UsageError } from '@rclab/core';
import { describe, expect, it } from 'vitest';
import { breakEven } from '../src/charts/brcSweep.ts';
import { convoyLabel, latencyMeasurements, latencyName } from '../src/charts/convoy.ts';
import { damageText } from '../src/charts/correctness.ts';
import { overheadRows } from '../src/charts/overhead.ts';
import { scalingRows } from '../src/charts/scaling.ts';
import { timeGoesRows, words } from '../src/charts/timeGoes.ts';
import { buildModel, ratio, sourceLabel } from '../src/model.ts';
import { articleAgreement, scalingClass } from '../src/tables/summary.ts';
import { SECTION7 } from '../src/article.ts';
import { loadFixture } from './__helpers__/fixtures.ts';

/** The one-strategy fixture with an extra cell. */
function withCells(base: ResultsFile, cells: readonly Cell[]): ResultsFile {
  return { ...base, cells: [...base.cells, ...cells] };
}

describe('buildModel', () => {
  it('orders built-in strategies first and keeps user strategies in first-seen order', () => {
    const full = loadFixture('full');
    const model = buildModel([{ ...full, config: { ...full.config, strategies: ['mine', 'biased', 'unsafe', 'gil', 'atomic', 'locked'] } }]);
    expect(model.strategies).toEqual(['unsafe', 'gil', 'atomic', 'locked', 'biased', 'mine']);
  });

  it('labels sources by file name, else by CPU · Node · date, and numbers repeats', () => {
    const full = loadFixture('full');
    expect(buildModel([full, full], { sourceNames: ['runs/a.json', 'b.json'] }).sources.map((s) => s.label)).toEqual(['a.json', 'b.json']);
    const labels = buildModel([full, full]).sources.map((s) => s.label);
    expect(labels[0]).toBe('AMD EPYC 7763 64-Core Processor · Node 20.20.0 · 2026-11-25');
    expect(labels[1]).toBe(`${labels[0]} (2)`);
    expect(sourceLabel({ ...full.env, cpuModel: 'Intel(R) Core(TM) i7-8565U CPU @ 1.80GHz' }, undefined)).toBe('Intel Core i7-8565U · Node 20.20.0 · 2026-11-25');
  });

  it('rejects something that is not a results file with a UsageError naming it', () => {
    expect(() => buildModel([{ schema: 'nope' } as unknown as ResultsFile], { sourceNames: ['x.json'] })).toThrow(UsageError);
    expect(() => buildModel([{ ...loadFixture('empty'), cells: [{ id: 1 }] } as unknown as ResultsFile])).toThrow(/does not match rclab\/results@3/);
  });

  it('keeps cells with an error out of the charts', () => {
    const base = loadFixture('one-strategy');
    const { group, strategy, workload, threads, oversubscribed, params } = base.cells[0]!;
    const broken: Cell = { id: 'broken', group, strategy, workload, threads, oversubscribed, params, status: 'failed', error: 'strategy crashed: boom' };
    const model = buildModel([withCells(base, [broken])]);
    expect(model.failed.map((f) => f.cell.id)).toEqual(['broken']);
    expect(model.cells.some((c) => c.cell.id === 'broken')).toBe(false);
  });
});

describe('derived figures', () => {
  it('ratio bounds are conservative', () => {
    expect(ratio({ median: 10, low: 9, high: 11 }, { median: 5, low: 4, high: 6 })).toEqual({ median: 2, low: 1.5, high: 2.75 });
    expect(ratio({ median: 1, low: 1, high: 1 }, { median: 0, low: 0, high: 0 })).toBeUndefined();
  });

  it('derives relative-to-unsafe from the unsafe cell when a cell does not carry it', () => {
    const full = loadFixture('full');
    const stripped = { ...full, cells: full.cells.map((c) => (c.status === 'measured' ? (({ baselineRatio: _r, ...rest }) => rest)(c) : c)) };
    const recorded = overheadRows(buildModel([full]));
    const derived = overheadRows(buildModel([stripped]));
    expect(derived.length).toBe(recorded.length);
    // A ratio of medians, not of paired slices: close to the recorded one, not equal.
    for (const [i, r] of derived.entries()) expect(r.rel).toBeCloseTo(recorded[i]?.rel ?? NaN, 1);
  });

  it('derives speedup from the same strategy on one thread when a cell does not carry it', () => {
    const full = loadFixture('full');
    const stripped = { ...full, cells: full.cells.map((c) => (c.status === 'measured' ? (({ speedup: _s, ...rest }) => rest)(c) : c)) };
    const rows = scalingRows(buildModel([stripped])).filter((r) => r.threads === 2 && r.workload === 'rc-private' && r.strategy === 'biased');
    const recorded = scalingRows(buildModel([full])).find((r) => r.threads === 2 && r.workload === 'rc-private' && r.strategy === 'biased');
    expect(rows[0]?.speedup).toBeCloseTo(recorded?.speedup ?? NaN, 1);
  });

  it('finds the BRC break-even by interpolation, or none', () => {
    expect(
      breakEven([
        { r: 0, ratio: 2 },
        { r: 0.5, ratio: 1.2 },
        { r: 1, ratio: 0.8 },
      ]),
    ).toBeCloseTo(0.75, 10);
    expect(
      breakEven([
        { r: 0, ratio: 2 },
        { r: 1, ratio: 1.1 },
      ]),
    ).toBeNull();
    expect(breakEven([{ r: 0, ratio: 0.9 }])).toBe(0);
  });

  it('drops counters that are zero everywhere and reads time counters as time per operation', () => {
    const { rows } = timeGoesRows(buildModel([loadFixture('full')]));
    const gil = rows.filter((r) => r.strategy === 'gil');
    expect(gil.some((r) => r.counter === 'wait time/op')).toBe(true);
    expect(rows.some((r) => r.strategy === 'atomic' && r.counter.startsWith('lock parks'))).toBe(false);
    expect(words('contendedAcquisitions')).toBe('contended acquisitions');
    expect(words('ioLatencyP99Ms')).toBe('io latency p99 ms');
  });

  it('finds latencies by their unit, and names them', () => {
    const cell = loadFixture('full').cells.find((c) => c.group === 'convoy' && c.status === 'measured');
    expect(
      cell?.status === 'measured' &&
        latencyMeasurements({ ...cell, measurements: { ioLatencyP50Ms: { value: 1, unit: 'ms' }, ioWaits: { value: 3, unit: 'count' }, queueDelay: { value: 2, unit: 'ms' } } }),
    ).toEqual([
      ['ioLatencyP50Ms', 1],
      ['queueDelay', 2],
    ]);
    expect(latencyName('ioLatencyP99Ms')).toBe('p99');
    expect(latencyName('ioLatencyMaxMs')).toBe('max');
    expect(latencyName('queueLatencyMs')).toBe('queue');
    const model = buildModel([loadFixture('full')]);
    const convoy = model.cells.find((c) => c.cell.group === 'convoy' && c.cell.params.cpuThreads === 1 && c.cell.strategy === 'gil');
    expect(convoy !== undefined && convoyLabel(model, convoy)).toBe('gil · beside 1 CPU-bound thread');
  });

  it('describes correctness damage in words', () => {
    expect(damageText({ lostUpdates: 0, leaks: 0, doubleFrees: 0, useAfterFree: 0, auditMismatches: 0 })).toBe('✓');
    expect(damageText({ lostUpdates: 12_300, leaks: 1, doubleFrees: 2, useAfterFree: 0, auditMismatches: 3 })).toBe('12k lost · 1 leak');
    expect(damageText({ lostUpdates: 0, leaks: 0, doubleFrees: 2, useAfterFree: 0, auditMismatches: 0 })).toBe('2 double frees');
  });

  it('classifies scaling with ftscalingbench thresholds and checks the article', () => {
    expect(scalingClass(1.05, 2)).toBe('no-gain');
    expect(scalingClass(1.5, 2)).toBe('partial');
    expect(scalingClass(1.85, 2)).toBe('scales');
    const cpu = SECTION7.find((r) => r.workload === 'cpu-bound');
    const io = SECTION7.find((r) => r.workload === 'io-bound');
    if (cpu === undefined || io === undefined) throw new Error('article rows missing');
    const at = (median: number, low = median, high = median) => ({ median, low, high });
    expect(articleAgreement(cpu, at(0.93, 0.9, 0.95), 'gil').agrees).toBe(true);
    expect(articleAgreement(cpu, at(1.6, 1.5, 1.7), 'gil')).toMatchObject({ agrees: false });
    expect(articleAgreement(io, at(1.9, 1.8, 2), 'gil')).toMatchObject({ agrees: true, text: 'agrees: gil measured 1.9× [1.8×–2×]' });
    expect(articleAgreement(io, at(1.0, 0.98, 1.02), 'gil').agrees).toBe(false);
    // An interval across the line resolves nothing, whatever its median says.
    expect(articleAgreement(cpu, at(0.97, 0.8, 1.3), 'gil')).toMatchObject({ agrees: null, text: expect.stringMatching(/not resolved/) });
    expect(articleAgreement(io, at(1.3, 0.9, 1.6), 'gil').agrees).toBeNull();
  });
});
