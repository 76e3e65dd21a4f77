/**
 * Correctness: for every strategy and scenario, what the checks found over all of the run's
 * cells — lost updates, leaks, double frees, uses after free and reference-audit mismatches.
 * Green is clean; red names the damage. The `unsafe` control must show red on shared data:
 * that is the evidence that the checks can fail. (The atomicity scenario, where losing updates
 * is the point, has its own table.)
 */
import type { TopLevelSpec } from 'vega-lite';
import { groupThousands, si } from '../format.ts';
import { type ReportModel, strategyFamily } from '../model.ts';
import { distinct, topLevel } from './common.ts';
import { BAD, GOOD } from './theme.ts';
import { notMeasured, type ChartBuild, type ChartModule } from './types.ts';

/** Groups whose cells are not a correctness scenario here. */
const SKIP_GROUPS = new Set(['atomicity', 'harness', 'cpython']);

interface Tally {
  source: string;
  strategy: string;
  scenario: string;
  cells: number;
  threads: Set<number>;
  lostUpdates: number;
  leaks: number;
  doubleFrees: number;
  useAfterFree: number;
  auditMismatches: number;
}

/** Sums of every problem count, per source, strategy and scenario (workload). */
export function correctnessTallies(model: ReportModel): Tally[] {
  const tallies = new Map<string, Tally>();
  for (const { source, cell } of model.cells) {
    if (SKIP_GROUPS.has(cell.group)) continue;
    const key = JSON.stringify([source.index, cell.strategy, cell.workload]);
    let t = tallies.get(key);
    if (t === undefined) {
      t = {
        source: source.label,
        strategy: cell.strategy,
        scenario: cell.workload,
        cells: 0,
        threads: new Set(),
        lostUpdates: 0,
        leaks: 0,
        doubleFrees: 0,
        useAfterFree: 0,
        auditMismatches: 0,
      };
      tallies.set(key, t);
    }
    const c = cell.correctness;
    t.cells++;
    t.threads.add(cell.threads);
    t.lostUpdates += c.lostUpdates;
    t.leaks += c.leaks;
    t.doubleFrees += c.doubleFrees;
    t.useAfterFree += c.useAfterFree;
    t.auditMismatches += c.auditMismatches;
  }
  return [...tallies.values()];
}

/** The damage in words (`12.3k lost · 40 leaks`), or `✓` when clean. */
export function damageText(t: Pick<Tally, 'lostUpdates' | 'leaks' | 'doubleFrees' | 'useAfterFree' | 'auditMismatches'>): string {
  const parts = [
    t.lostUpdates > 0 ? `${si(t.lostUpdates, 2)} lost` : '',
    t.leaks > 0 ? `${si(t.leaks, 2)} leak${t.leaks === 1 ? '' : 's'}` : '',
    t.doubleFrees > 0 ? `${si(t.doubleFrees, 2)} double free${t.doubleFrees === 1 ? '' : 's'}` : '',
    t.useAfterFree > 0 ? `${si(t.useAfterFree, 2)} use after free` : '',
    t.auditMismatches > 0 ? `${si(t.auditMismatches, 2)} audit` : '',
  ].filter((s) => s.length > 0);
  return parts.length === 0 ? '✓' : parts.slice(0, 2).join(' · ');
}

const CLEAN = 'clean';
const NOT_EXERCISED = 'not exercised: 1 thread only, no race possible';
const EXPECTED = 'failures expected (the unsafe control)';
const PROBLEMS = 'problems found';

export const correctnessChart: ChartModule = {
  id: 'correctness',
  title: 'Correctness',
  howToRead:
    'Every cell of the run is also a correctness check. Each square sums, over all thread counts of that scenario, what the checks found: ' +
    "lost updates (the workload's own expected totals), leaks, double frees, uses after free, and objects whose count disagrees with a full reference audit. " +
    'Green with ✓ is clean. Grey "not exercised": the scenario ran on one thread only, where no race is possible, so clean proves nothing. ' +
    'The unsafe control is meant to fail on shared data (amber, "expected"): that shows the checks can catch a broken strategy. Red is a real problem.',
  build(model: ReportModel): ChartBuild {
    const tallies = correctnessTallies(model);
    if (tallies.length === 0) return notMeasured('No measured cells in this run, so nothing was checked.');
    const rows = tallies.map((t) => {
      const problems = t.lostUpdates + t.leaks + t.doubleFrees + t.useAfterFree + t.auditMismatches;
      // On one thread no race can happen: a clean result there proves nothing about thread safety.
      const oneThreadOnly = Math.max(...t.threads) <= 1;
      const control = strategyFamily(model, t.strategy) === 'unsafe';
      const status = problems > 0 ? (control ? EXPECTED : PROBLEMS) : oneThreadOnly ? NOT_EXERCISED : CLEAN;
      const text = status === NOT_EXERCISED ? 'not exercised' : status === EXPECTED ? `${damageText(t).split(' · ')[0] ?? ''} · expected` : damageText(t);
      return {
        source: t.source,
        strategy: t.strategy,
        scenario: t.scenario,
        status,
        text,
        cells: t.cells,
        threads: [...t.threads].sort((a, b) => a - b).join(', '),
        lostUpdates: t.lostUpdates,
        leaks: t.leaks,
        doubleFrees: t.doubleFrees,
        useAfterFree: t.useAfterFree,
        auditMismatches: t.auditMismatches,
      };
    });
    const strategies = model.strategies.filter((s) => rows.some((r) => r.strategy === s));
    const scenarios = distinct([...model.workloads, ...rows.map((r) => r.scenario)]).filter((w) => rows.some((r) => r.scenario === w));
    const layer = {
      width: { step: 132 },
      height: { step: 24 },
      encoding: {
        x: {
          field: 'strategy',
          type: 'nominal' as const,
          sort: strategies,
          title: null,
          axis: { orient: 'top' as const, labelAngle: 0, labelLimit: 128, domain: false, ticks: false },
        },
        y: { field: 'scenario', type: 'nominal' as const, sort: scenarios, title: null, axis: { labelLimit: 200, domain: false, ticks: false } },
      },
      layer: [
        {
          mark: { type: 'rect' as const, stroke: 'white', strokeWidth: 2 },
          encoding: {
            color: {
              field: 'status',
              type: 'nominal' as const,
              title: null,
              scale: { domain: [CLEAN, NOT_EXERCISED, EXPECTED, PROBLEMS], range: [GOOD, '#eeeeee', '#fcebc5', BAD] },
            },
            tooltip: [
              { field: 'strategy', type: 'nominal' as const },
              { field: 'scenario', type: 'nominal' as const },
              { field: 'cells', type: 'quantitative' as const, title: 'cells checked' },
              { field: 'threads', type: 'nominal' as const, title: 'thread counts' },
              { field: 'lostUpdates', type: 'quantitative' as const, title: 'lost updates' },
              { field: 'leaks', type: 'quantitative' as const },
              { field: 'doubleFrees', type: 'quantitative' as const, title: 'double frees' },
              { field: 'useAfterFree', type: 'quantitative' as const, title: 'use after free' },
              { field: 'auditMismatches', type: 'quantitative' as const, title: 'audit mismatches' },
            ],
          },
        },
        { mark: { type: 'text' as const, fontSize: 11, color: '#222' }, encoding: { text: { field: 'text', type: 'nominal' as const } } },
      ],
    };
    const spec: TopLevelSpec = model.multiSource
      ? {
          ...topLevel('What the checks found, per strategy and scenario'),
          data: { values: rows },
          facet: { column: { field: 'source', type: 'nominal', title: null, sort: model.sources.map((s) => s.label) } },
          spec: layer,
        }
      : { ...topLevel('What the checks found, per strategy and scenario'), data: { values: rows }, ...layer };
    const notes: string[] = [];
    const bad = rows.filter((r) => r.status === PROBLEMS || r.status === EXPECTED);
    for (const strategy of strategies) {
      const mine = bad.filter((r) => r.strategy === strategy);
      if (mine.length === 0) continue;
      const lost = mine.reduce((a, r) => a + r.lostUpdates, 0);
      notes.push(
        `${strategy}: ${strategyFamily(model, strategy) === 'unsafe' ? 'failures, as expected of the control,' : 'problems'} in ${mine.map((r) => r.scenario).join(', ')} (${groupThousands(lost)} lost updates in all).`,
      );
    }
    const unexercised = rows.filter((r) => r.status === NOT_EXERCISED);
    if (unexercised.length > 0) notes.push(`Not exercised (one thread only, no race possible): ${unexercised.map((r) => `${r.strategy} on ${r.scenario}`).join(', ')}.`);
    const clean = strategies.filter((s) => !bad.some((r) => r.strategy === s));
    if (clean.length > 0) notes.push(`Clean in every scenario checked: ${clean.join(', ')}.`);
    return { kind: 'chart', spec, notes };
  },
};
