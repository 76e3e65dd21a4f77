/**
 * The one factory the runner opens cells through. A cell is either core's `LiveCell` (a
 * strategy on a workload in worker threads) or a real Python running a scenario (the `cpython`
 * group): both are core's `SlicedCell`, so the runner warms them up, interleaves their slices
 * and closes them the same way.
 */
import { type CellOptions, openCell } from '@rclab/core/internal';
import type { SuiteCell } from './cell-types.ts';
import { openPythonSuiteCell } from '../cpython/suite-cell.ts';
import type { CellSpec } from './types.ts';

export type { SuiteCell, SuiteCellOutcome } from './cell-types.ts';

/** Opens `spec`'s cell: a Python process for a `cpython` cell, live workers otherwise. */
export async function openSuiteCell(spec: CellSpec, options: CellOptions): Promise<SuiteCell> {
  if (spec.python !== undefined) {
    return openPythonSuiteCell({
      python: spec.python.path,
      scenario: spec.python.scenario,
      threads: spec.threads,
      params: spec.params,
      ...(options.signal !== undefined ? { signal: options.signal } : {}),
      ...(options.stallTimeoutMs !== undefined ? { stallTimeoutMs: options.stallTimeoutMs } : {}),
    });
  }
  const live = await openCell(options);
  return {
    minWarmupMs: live.workloadFactory.warmupMs ?? 0,
    warmup: (o) => live.warmup(o),
    slice: (ms) => live.slice(ms),
    sliceOps: (ops) => live.sliceOps(ops),
    kill: () => live.kill(),
    mark: () => live.mark(),
    close: () => live.close(),
  };
}
