/**
 * Cell-by-cell comparison of two results files (two machines, two Node versions, before and
 * after a change): for each cell id in both, B's median throughput over A's with a two-sample
 * bootstrap interval, a geometric mean over the cells with its own interval, and a verdict
 * only where the interval excludes 1.
 */
import type { Cell, ResultsFile } from '@rclab/core';
import { compareView } from './compare-samples.ts';
import {
  type BootstrapOptions,
  bootstrapMedianRatios,
  DEFAULT_CONFIDENCE,
  DEFAULT_RESAMPLES,
  medianOfSorted,
  type RatioInterval,
  ratioVerdict,
  type RatioVerdict,
} from '@rclab/core';

/**
 * Fewest samples per side for an interval. With 1–4 values the bootstrap of a median is close
 * to meaningless (1 value: a point interval that would "resolve" anything); such a cell is
 * shown but gets no interval and no verdict. From 5 up, measured coverage is ≥ 95% (docs/cli.md).
 */
export const MIN_SAMPLES = 5;

/** One side of a compared cell. */
export interface CompareSide {
  readonly median: number;
  readonly n: number;
}

/** A verdict on a ratio: resolved either way, not resolved, or too few samples to tell. */
export type CompareVerdict = RatioVerdict | 'too-few-samples';

/** One compared cell. */
export interface CompareRow {
  readonly id: string;
  readonly a: CompareSide;
  readonly b: CompareSide;
  /** B over A: median(B)/median(A) and its bootstrap interval; null with too few samples. */
  readonly ratio: RatioInterval | null;
  readonly verdict: CompareVerdict;
  /** Whether each side's correctness checks passed. */
  readonly aOk: boolean;
  readonly bOk: boolean;
}

/** How the intervals were made (recorded with the comparison so it can be reproduced). */
export interface CompareMethod {
  readonly method: 'bootstrap-ratio-of-medians';
  readonly resamples: number;
  readonly seed: number;
  readonly confidence: number;
  readonly minSamples: number;
}

/** The comparison of two files. */
export interface Comparison {
  readonly method: CompareMethod;
  readonly rows: readonly CompareRow[];
  /** The geometric mean of the ratios of the cells with intervals, with its own bootstrap interval. */
  readonly geomean: (RatioInterval & { readonly cells: number; readonly verdict: RatioVerdict }) | null;
  /** Cells whose interval excludes 1. */
  readonly resolved: number;
  /** Ids only in A / only in B. */
  readonly onlyA: readonly string[];
  readonly onlyB: readonly string[];
  /** Ids in both that could not be compared (a failed cell on one side), with the reason. */
  readonly errors: readonly { readonly id: string; readonly reason: string }[];
}

function side(samples: readonly number[]): CompareSide {
  return { median: medianOfSorted([...samples].sort((x, y) => x - y)), n: samples.length };
}

/** Compares `b` against `a` cell by cell (matched by id), in A's order. */
export function compareResults(a: ResultsFile, b: ResultsFile, options: BootstrapOptions = {}): Comparison {
  const method: CompareMethod = {
    method: 'bootstrap-ratio-of-medians',
    resamples: options.resamples ?? DEFAULT_RESAMPLES,
    seed: options.seed ?? 1,
    confidence: options.confidence ?? DEFAULT_CONFIDENCE,
    minSamples: MIN_SAMPLES,
  };
  const bById = new Map<string, Cell>(b.cells.map((c) => [c.id, c]));
  const aIds = new Set(a.cells.map((c) => c.id));
  const onlyA: string[] = [];
  const errors: { id: string; reason: string }[] = [];
  const measured: { id: string; a: readonly number[]; b: readonly number[]; aOk: boolean; bOk: boolean }[] = [];
  for (const ca of a.cells) {
    const cb = bById.get(ca.id);
    if (cb === undefined) {
      onlyA.push(ca.id);
      continue;
    }
    const va = compareView(ca);
    const vb = compareView(cb);
    if (va.status === 'failed' || vb.status === 'failed') {
      const reason = va.status === 'failed' ? `A: ${va.reason}` : vb.status === 'failed' ? `B: ${vb.reason}` : '';
      errors.push({ id: ca.id, reason });
      continue;
    }
    measured.push({ id: ca.id, a: va.samples, b: vb.samples, aOk: va.correct, bOk: vb.correct });
  }
  const enough = measured.filter((m) => m.a.length >= MIN_SAMPLES && m.b.length >= MIN_SAMPLES);
  const boot = bootstrapMedianRatios(enough, method);
  const intervals = new Map(enough.map((m, i) => [m.id, boot.pairs[i] as RatioInterval]));
  const rows: CompareRow[] = measured.map((m) => {
    const ratio = intervals.get(m.id) ?? null;
    return {
      id: m.id,
      a: side(m.a),
      b: side(m.b),
      ratio,
      verdict: ratio === null ? 'too-few-samples' : ratioVerdict(ratio),
      aOk: m.aOk,
      bOk: m.bOk,
    };
  });
  const onlyB = b.cells.filter((c) => !aIds.has(c.id)).map((c) => c.id);
  return {
    method,
    rows,
    geomean: boot.geomean === null ? null : { ...boot.geomean, cells: enough.length, verdict: ratioVerdict(boot.geomean) },
    resolved: rows.filter((r) => r.verdict === 'faster' || r.verdict === 'slower').length,
    onlyA,
    onlyB,
    errors,
  };
}
