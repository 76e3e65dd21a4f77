/**
 * From trials to cells: medians and intervals, counters, correctness, the ratios that need
 * other cells of the same block (speedup, relative to `unsafe`), and the suite's findings.
 */
import type { Cell, CellCorrectness, Interval, MicroTiming, Trial, WorkloadCheck } from '@rclab/core';
import { median, medianCoverage, medianInterval, pairedRatios } from '../stats/order.ts';
import type { CellSpec } from './types.ts';

/** What one trial left in the journal. */
export interface TrialRecord {
  /** The round of the interleaved schedule it ran in (0-based); trials of one round are paired. */
  readonly round: number;
  readonly opsPerSec: number;
  readonly ops: number;
  readonly elapsedMs: number;
  readonly counters: Readonly<Record<string, number>>;
  readonly correctness: {
    readonly lostUpdates: number;
    readonly leaks: number;
    readonly doubleFrees: number;
    readonly useAfterFree: number;
    readonly auditMismatches: number;
    readonly corruptions: number;
    readonly ok: boolean;
    readonly checks: readonly WorkloadCheck[];
  };
  /** Wall time of the whole `run()` call, setup and audit included (ms). */
  readonly wallMs: number;
  /** Set when the run failed (a worker threw, the run stalled, setup failed). */
  readonly error?: string;
}

/** Checks of a convoy cell that are measurements (latencies, counts), not pass/fail checks. */
export function isMeasurementCheck(name: string): boolean {
  return /^io[A-Z]|latency|Ms$/i.test(name);
}

const EMPTY_INTERVAL: Interval = { median: 0, low: 0, high: 0 };

function interval(values: readonly number[]): Interval {
  const m = medianInterval(values);
  if (m.n === 0) return EMPTY_INTERVAL;
  return { median: m.median, low: m.low, high: m.high };
}

/** The trial whose throughput is the median (the lower middle one for an even count). */
function medianTrial(trials: readonly TrialRecord[]): TrialRecord | undefined {
  const sorted = [...trials].sort((a, b) => a.opsPerSec - b.opsPerSec);
  return sorted[(sorted.length - 1) >> 1];
}

/** Builds a cell from its trials (in any order). Ratios to other cells are added by {@link withRatios}. */
export function aggregateCell(spec: CellSpec, records: readonly TrialRecord[], micro?: MicroTiming): Cell {
  const trials = [...records].sort((a, b) => a.round - b.round);
  const base = {
    id: spec.id,
    group: spec.group,
    strategy: spec.strategy,
    workload: spec.workload,
    threads: spec.threads,
    oversubscribed: spec.oversubscribed,
    params: spec.params,
  };
  const failed = trials.find((t) => t.error !== undefined);
  if (failed !== undefined || trials.length === 0) {
    return {
      ...base,
      trials: [],
      opsPerSec: EMPTY_INTERVAL,
      counters: {},
      countersPerOp: {},
      correctness: { lostUpdates: 0, leaks: 0, doubleFrees: 0, useAfterFree: 0, auditMismatches: 0, ok: false },
      error: failed?.error ?? 'no trial finished',
    };
  }

  const measurement = spec.group === 'convoy';
  const asTrial = (t: TrialRecord): Trial => ({
    opsPerSec: t.opsPerSec,
    ops: t.ops,
    elapsedMs: t.elapsedMs,
    counters: measurement ? { ...t.counters, ...measurementsOf(t.correctness.checks) } : t.counters,
  });
  const cellTrials = trials.map(asTrial);

  const keys = new Set<string>();
  for (const t of cellTrials) for (const k of Object.keys(t.counters)) keys.add(k);
  const counters: Record<string, number> = {};
  for (const k of [...keys].sort()) counters[k] = median(cellTrials.map((t) => t.counters[k] ?? 0));

  const mid = medianTrial(trials) as TrialRecord;
  const midCounters = asTrial(mid).counters;
  const countersPerOp: Record<string, number> = {};
  if (mid.ops > 0) for (const [k, v] of Object.entries(midCounters)) countersPerOp[k] = v / mid.ops;

  const sum = (f: (t: TrialRecord) => number): number => trials.reduce((a, t) => a + f(t), 0);
  const last = trials[trials.length - 1] as TrialRecord;
  const checks = last.correctness.checks.filter((c) => !(measurement && isMeasurementCheck(c.name)));
  const correctness: CellCorrectness = {
    lostUpdates: sum((t) => t.correctness.lostUpdates),
    leaks: sum((t) => t.correctness.leaks),
    doubleFrees: sum((t) => t.correctness.doubleFrees),
    useAfterFree: sum((t) => t.correctness.useAfterFree),
    auditMismatches: sum((t) => t.correctness.auditMismatches),
    ok: trials.every((t) => t.correctness.ok),
    ...(checks.length > 0 ? { checks: checks.map((c) => ({ name: c.name, expected: c.expected, observed: c.observed })) } : {}),
  };

  return {
    ...base,
    trials: cellTrials,
    opsPerSec: interval(trials.map((t) => t.opsPerSec)),
    counters,
    countersPerOp,
    correctness,
    ...(micro !== undefined ? { micro } : {}),
  };
}

function measurementsOf(checks: readonly WorkloadCheck[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const c of checks) if (isMeasurementCheck(c.name)) out[c.name] = c.observed;
  return out;
}

/** Throughput of `a` over `b`, paired by round, as a median and interval. */
export function pairedRatio(a: readonly TrialRecord[], b: readonly TrialRecord[]): Interval | undefined {
  const byRound = new Map(b.map((t) => [t.round, t.opsPerSec]));
  const x: number[] = [];
  const y: number[] = [];
  for (const t of a) {
    const other = byRound.get(t.round);
    if (other !== undefined) {
      x.push(t.opsPerSec);
      y.push(other);
    }
  }
  const ratios = pairedRatios(x, y);
  return ratios.length === 0 ? undefined : interval(ratios);
}

function sameParams(a: Readonly<Record<string, unknown>>, b: Readonly<Record<string, unknown>>): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => a[k] === b[k]);
}

/**
 * Adds `speedup` (over the same strategy on one thread, same group and parameters) and
 * `relativeToUnsafe` (over `unsafe` on one thread, same group, workload and parameters) to the
 * cells of one block, from trials paired by round.
 */
export function withRatios(
  specs: readonly CellSpec[],
  cells: readonly Cell[],
  trialsOf: (id: string) => readonly TrialRecord[],
): Cell[] {
  const ok = (c: Cell | undefined): c is Cell => c !== undefined && c.error === undefined;
  return cells.map((cell, i) => {
    if (!ok(cell)) return cell;
    const spec = specs[i] as CellSpec;
    const one = cells.find(
      (c, j) => ok(c) && c.strategy === cell.strategy && c.workload === cell.workload && c.threads === 1 && sameParams((specs[j] as CellSpec).params, spec.params),
    );
    const unsafe = cells.find(
      (c, j) => ok(c) && c.strategy === 'unsafe' && c.workload === cell.workload && c.threads === 1 && sameParams((specs[j] as CellSpec).params, spec.params),
    );
    const out: { -readonly [K in keyof Cell]: Cell[K] } = { ...cell };
    const hasThreadAxis = specs.some((s) => s.strategy === spec.strategy && s.threads !== spec.threads);
    if (one !== undefined && hasThreadAxis) {
      const r = pairedRatio(trialsOf(cell.id), trialsOf(one.id));
      if (r !== undefined) out.speedup = r;
    }
    if (unsafe !== undefined && (cell.group === 'overhead' || cell.group === 'scaling')) {
      const r = pairedRatio(trialsOf(cell.id), trialsOf(unsafe.id));
      if (r !== undefined) out.relativeToUnsafe = r;
    }
    return out;
  });
}

/** Coverage of the intervals in a suite whose cells have `trials` trials (see stats/order.ts). */
export function coverageFinding(trials: number): number {
  return Math.round(medianCoverage(trials) * 10000) / 10000;
}
