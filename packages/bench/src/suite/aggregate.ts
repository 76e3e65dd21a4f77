/**
 * From a block's slices to its cells: each cell's median throughput with its interval, the
 * per-operation time of one-thread micro cells, exact counters from the counting pass, what
 * the checks found, and the ratios that need other cells of the block (speedup, relative to
 * `unsafe`), each the median of per-round ratios of adjacent slices.
 */
import type { Cell, Correctness, Interval, MeasuredCell, Measurement, MicroTiming } from '@rclab/core';
import type { SliceResult, WarmupResult } from '@rclab/core/internal';
import { interval, pairedCellRatios, quantile } from '@rclab/core';
import type { SuiteCellOutcome } from './cells.ts';
import type { Block, CellSpec } from './types.ts';

/** What the runner gathered for one cell of a block. */
export interface CellRecord {
  readonly spec: CellSpec;
  /** Timed slices in round order. */
  readonly slices: SliceResult[];
  warmup: WarmupResult;
  /** The timed run's close: its checks, its measurements, its lock events. */
  outcome?: SuiteCellOutcome;
  /** The counting pass: exact counters over `ops` operations and `ms` of its window (none for a Python cell). */
  counting?: { readonly ops: number; readonly counters: Readonly<Record<string, number>>; readonly correctness: Correctness };
  /** Why the cell could not be measured. */
  error?: string;
}

/**
 * How a block is aggregated: what its experiment declares (`ExperimentRun`), plus the ratio
 * baseline's display name.
 */
export interface AggregateTraits {
  /** Give every cell `baselineRatio`: its ratio to this strategy's one-thread cell (same workload and params). */
  readonly ratioBaseline?: string | undefined;
  /** Cells had a counting pass, and a cell without one failed. Default true. */
  readonly countingPass?: boolean;
  /** Each slice was one complete unit of work (a fixed-work block): their times are the samples too. */
  readonly fixedWork?: boolean;
}

/** At most this many refcount mismatches are kept per cell (the audit lists the first few). */
const MAX_MISMATCHES = 8;

/** Per-slice throughput (ops/s). */
function rates(slices: readonly SliceResult[]): number[] {
  return slices.map((s) => s.ops / (s.elapsedMs / 1000));
}

/** Time of one operation from a one-thread cell's slices (each slice's mean, in ns). */
function microOf(slices: readonly SliceResult[]): MicroTiming | undefined {
  const ns = slices.filter((s) => s.ops > 0).map((s) => (s.elapsedMs * 1e6) / s.ops);
  const n = ns.length;
  if (n === 0) return undefined;
  const mean = ns.reduce((a, b) => a + b, 0) / n;
  const sd = n > 1 ? Math.sqrt(ns.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1)) : 0;
  return { meanNs: mean, p50Ns: quantile(ns, 0.5), p99Ns: quantile(ns, 0.99), rme: n > 1 ? (196 * sd) / mean / Math.sqrt(n) : 0, samples: n };
}

/** The timed run's and the counting pass's findings as one: counts summed, the timed run's checks. */
function sumCorrectness(parts: readonly Correctness[]): Correctness {
  const sum = (f: (c: Correctness) => number): number => parts.reduce((a, c) => a + f(c), 0);
  return {
    lostUpdates: sum((c) => c.lostUpdates),
    leaks: sum((c) => c.leaks),
    doubleFrees: sum((c) => c.doubleFrees),
    useAfterFree: sum((c) => c.useAfterFree),
    auditMismatches: sum((c) => c.auditMismatches),
    corruptions: sum((c) => c.corruptions),
    ok: parts.every((c) => c.ok),
    checks: (parts[0]?.checks ?? []).map((c) => ({ name: c.name, expected: c.expected, observed: c.observed })),
    mismatches: parts.flatMap((c) => c.mismatches.map((m) => ({ ref: m.ref, tag: m.tag, expected: m.expected, actual: m.actual }))).slice(0, MAX_MISMATCHES),
  };
}

/** The counting figures of a cell whose experiment has no counting pass: no counter, nothing checked twice. */
const NO_COUNTING: NonNullable<CellRecord['counting']> = {
  ops: 0,
  counters: {},
  correctness: { lostUpdates: 0, leaks: 0, doubleFrees: 0, useAfterFree: 0, auditMismatches: 0, corruptions: 0, mismatches: [], checks: [], ok: true },
};

/** One cell from its record (ratios to other cells are added by {@link aggregateBlock}). */
export function aggregateCell(record: CellRecord, sliceMs: number, traits: AggregateTraits = {}): Cell {
  const spec = record.spec;
  const base = {
    id: spec.id,
    group: spec.group,
    strategy: spec.strategy,
    workload: spec.workload,
    threads: spec.threads,
    oversubscribed: spec.oversubscribed,
    params: spec.params,
  };
  const outcome = record.outcome;
  // No counting pass: the experiment has none, or the cell ran on a real Python (no strategy to count with).
  const counting = record.counting ?? (traits.countingPass === false || record.spec.python !== undefined ? NO_COUNTING : undefined);
  if (record.error !== undefined || outcome === undefined || counting === undefined || record.slices.length === 0) {
    return { ...base, status: 'failed', error: record.error ?? 'no slice finished' };
  }
  const samples = rates(record.slices);
  const measurements: Record<string, Measurement> = {};
  for (const m of outcome.measurements) measurements[m.name] = { value: m.value, unit: m.unit };
  const counters: Record<string, number> = {};
  const countersPerOp: Record<string, number> = {};
  for (const k of Object.keys(counting.counters).sort()) {
    const v = counting.counters[k] as number;
    counters[k] = v;
    if (counting.ops > 0) countersPerOp[k] = v / counting.ops;
  }
  const micro = spec.micro && spec.threads === 1 ? microOf(record.slices) : undefined;
  const timeMs = traits.fixedWork === true ? record.slices.map((s) => s.elapsedMs) : undefined;
  const time = timeMs !== undefined ? interval(timeMs) : undefined;
  const cell: MeasuredCell = {
    ...base,
    status: 'measured',
    warmup: { ms: Math.round(record.warmup.ms * 10) / 10, slices: record.warmup.slices, steady: record.warmup.steady },
    sliceMs: time !== undefined ? Math.max(Math.round(time.median * 1000) / 1000, 1e-3) : sliceMs,
    samples: timeMs !== undefined ? { opsPerSec: samples, timeMs } : { opsPerSec: samples },
    opsPerSec: interval(samples),
    ...(time !== undefined ? { timeMs: time } : {}),
    counters,
    countersPerOp,
    ...(Object.keys(measurements).length > 0 ? { measurements } : {}),
    correctness: sumCorrectness([outcome.correctness, counting.correctness]),
    ...(micro !== undefined ? { micro } : {}),
  };
  return cell;
}

/**
 * Throughput of `a` over `b`, paired by round (slice i of both ran in round i), as a median and
 * interval. With `span` > 1 each ratio covers `span` consecutive rounds (the mean rate of each
 * side over them): a full turn of the CPU rotation, so a one-thread cell pinned to each CPU in
 * turn is compared with a multi-thread cell over the same CPUs, not one CPU at a time.
 */
export function pairedRatio(a: MeasuredCell, b: MeasuredCell, span = 1): Interval | undefined {
  const ratios = pairedCellRatios(a, b, span);
  return ratios.length === 0 ? undefined : interval(ratios);
}

function sameParams(a: Readonly<Record<string, unknown>>, b: Readonly<Record<string, unknown>>): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => a[k] === b[k]);
}

/**
 * The block's cells, with `speedup` (over the same strategy on one thread, same parameters)
 * and, when `traits.ratioBaseline` names the baseline, `baselineRatio` (over it on one
 * thread, same workload and parameters), from slices paired by round.
 */
export function aggregateBlock(block: Block, records: readonly CellRecord[], span = 1, traits: AggregateTraits = {}): Cell[] {
  const cells = records.map((r) => aggregateCell(r, block.sliceMs, { ...traits, fixedWork: block.fixedWork === true }));
  const baseline = traits.ratioBaseline;
  const measured = (c: Cell | undefined): c is MeasuredCell => c !== undefined && c.status === 'measured';
  return cells.map((cell) => {
    if (!measured(cell)) return cell;
    const one = cells.find((c) => measured(c) && c.strategy === cell.strategy && c.workload === cell.workload && c.threads === 1 && sameParams(c.params, cell.params));
    const unsafe =
      baseline === undefined
        ? undefined
        : cells.find((c) => measured(c) && c.strategy === baseline && c.workload === cell.workload && c.threads === 1 && sameParams(c.params, cell.params));
    const out: { -readonly [K in keyof MeasuredCell]: MeasuredCell[K] } = { ...cell, ...(span > 1 ? { ratioSpan: span } : {}) };
    const hasThreadAxis = cells.some((c) => c.strategy === cell.strategy && c.threads !== cell.threads);
    if (measured(one) && hasThreadAxis) {
      const r = pairedRatio(cell, one, span);
      if (r !== undefined) out.speedup = r;
    }
    if (measured(unsafe)) {
      const r = pairedRatio(cell, unsafe, cell.threads > 1 ? span : 1);
      if (r !== undefined) out.baselineRatio = { baseline: baseline as string, ...r };
    }
    return out;
  });
}
