/**
 * A `PythonCell` as the suite's runner drives it: the same warm-up, slices and close as a live
 * cell, its outcome in the shape of core's (no heap, so the heap checks are 0), and the cores
 * the process kept busy (CPU time over wall time, per slice) as a measurement — on a loaded
 * machine that says whether two Python threads could run in parallel at all.
 */
import type { Correctness, WorkloadMeasurement } from '@rclab/core';
import type { SliceResult, WarmupOptions, WarmupResult } from '@rclab/core/internal';
import type { SuiteCell, SuiteCellOutcome } from '../suite/cell-types.ts';
import { medianInterval } from '@rclab/core';
import { openPythonCell, type OpenPythonCellOptions, type PythonCell } from './cell.ts';

/** Opens a driver process for the runner. */
export async function openPythonSuiteCell(options: OpenPythonCellOptions): Promise<SuiteCell> {
  return new PythonSuiteCell(await openPythonCell(options));
}

class PythonSuiteCell implements SuiteCell {
  readonly minWarmupMs = 0;
  readonly #cell: PythonCell;
  readonly #cores: number[] = [];

  constructor(cell: PythonCell) {
    this.#cell = cell;
  }

  warmup(o: WarmupOptions): Promise<WarmupResult> {
    return this.#cell.warmup(o);
  }

  async slice(ms: number): Promise<SliceResult> {
    const s = await this.#cell.slice(ms);
    if (Number.isFinite(s.cpuMs) && s.elapsedMs > 0) this.#cores.push(s.cpuMs / s.elapsedMs);
    return s;
  }

  /** The driver runs time slices only: a fixed-work experiment has no Python form. */
  sliceOps(): Promise<SliceResult> {
    return Promise.reject(new Error('a Python cell runs time slices only, not fixed work'));
  }

  /** The driver's warm-up slices are not recorded, so there is no window to open. */
  mark(): Promise<void> {
    return Promise.resolve();
  }

  async close(): Promise<SuiteCellOutcome> {
    const out = await this.#cell.close();
    const measurements: WorkloadMeasurement[] = [...out.measurements];
    if (this.#cores.length > 0) measurements.push({ name: 'coresBusy', value: Math.round(medianInterval(this.#cores).median * 1000) / 1000, unit: 'cores' });
    return { correctness: pythonCorrectness(out.lostUpdates, out.checks), measurements, timeline: [] };
  }

  kill(): Promise<void> {
    return this.#cell.kill();
  }
}

/** A Python run's checks as core's `Correctness`: no heap here, so only lost updates and the checks. */
export function pythonCorrectness(lostUpdates: number, checks: Correctness['checks']): Correctness {
  return { lostUpdates, leaks: 0, doubleFrees: 0, useAfterFree: 0, auditMismatches: 0, corruptions: 0, mismatches: [], checks, ok: lostUpdates === 0 };
}
