/**
 * Cell-by-cell comparison of two results files (two machines, two Node versions, before and
 * after a change): for each cell id in both, B's throughput over A's with an interval, and
 * whether the two cells' intervals are apart (a difference the trials support).
 */
import type { Cell, Interval, ResultsFile } from '@rclab/core';
import { ratioOfIntervals, separated } from './stats/order.ts';

/** One compared cell. */
export interface CompareRow {
  readonly id: string;
  readonly a: Interval;
  readonly b: Interval;
  /** B over A: median ratio, and the crossed ends (a conservative interval). */
  readonly ratio: Interval;
  /** The two cells' intervals do not overlap. */
  readonly separated: boolean;
  /** Correctness of each side. */
  readonly aOk: boolean;
  readonly bOk: boolean;
}

/** The comparison of two files. */
export interface Comparison {
  readonly rows: readonly CompareRow[];
  /** Ids only in A / only in B. */
  readonly onlyA: readonly string[];
  readonly onlyB: readonly string[];
  /** Ids in both where one side has an error (not compared). */
  readonly errors: readonly string[];
}

/** Compares `b` against `a` cell by cell (matched by id). */
export function compareResults(a: ResultsFile, b: ResultsFile): Comparison {
  const bById = new Map<string, Cell>(b.cells.map((c) => [c.id, c]));
  const aIds = new Set(a.cells.map((c) => c.id));
  const rows: CompareRow[] = [];
  const errors: string[] = [];
  const onlyA: string[] = [];
  for (const ca of a.cells) {
    const cb = bById.get(ca.id);
    if (cb === undefined) {
      onlyA.push(ca.id);
      continue;
    }
    if (ca.error !== undefined || cb.error !== undefined || ca.opsPerSec.median <= 0 || cb.opsPerSec.median <= 0) {
      errors.push(ca.id);
      continue;
    }
    rows.push({
      id: ca.id,
      a: ca.opsPerSec,
      b: cb.opsPerSec,
      ratio: ratioOfIntervals(cb.opsPerSec, ca.opsPerSec),
      separated: separated(ca.opsPerSec, cb.opsPerSec),
      aOk: ca.correctness.ok,
      bOk: cb.correctness.ok,
    });
  }
  const onlyB = b.cells.filter((c) => !aIds.has(c.id)).map((c) => c.id);
  return { rows, onlyA, onlyB, errors };
}
