/**
 * The one place `rclab compare` reads a cell: results schema v2 and v3 keep per-slice rates
 * (`cell.samples.opsPerSec`) and marks failed cells with `status: 'failed'`. When the schema
 * changes, only this function changes.
 */
import type { Cell } from '@rclab/core';

/** What compare needs of a cell: its throughput samples and whether its checks passed, or why it has none. */
export type CompareView = { readonly status: 'measured'; readonly samples: readonly number[]; readonly correct: boolean } | { readonly status: 'failed'; readonly reason: string };

/** The per-slice throughput samples of `cell`, or why it cannot be compared. */
export function compareView(cell: Cell): CompareView {
  if (cell.status === 'failed') return { status: 'failed', reason: cell.error };
  const samples = cell.samples.opsPerSec;
  if (samples.length === 0) return { status: 'failed', reason: 'no slices' };
  // A slice that did no work is a failure, never a throughput of 0 to take a median of.
  if (samples.some((s) => !Number.isFinite(s) || s <= 0)) return { status: 'failed', reason: 'a slice did 0 operations' };
  return { status: 'measured', samples, correct: cell.correctness.ok };
}
