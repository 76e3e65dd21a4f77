/**
 * Interleaving: the cells of one comparison take turns, one slice each per round, in an order
 * rotated every round, and a calibration kernel is timed once per round.
 *
 * Why: on a shared VM the same code runs a third faster or slower for seconds at a time. Two
 * cells measured a minute apart see different machines; two slices a few milliseconds apart
 * see the same one. So the ratio of two cells is taken round by round from adjacent slices,
 * and the rotation keeps any cell from always running first (right after the calibration) or
 * last.
 */
import { Calibrator } from './calibration.ts';
import type { SlicedCell, SliceResult } from './cell.ts';

/** What `interleave` runs. */
export interface InterleaveOptions {
  readonly rounds: number;
  /** Slice length (ms). */
  readonly sliceMs: number;
  /** Time the calibration kernel once per round. @defaultValue true */
  readonly calibrate?: boolean;
  /** Stops between slices (the error is thrown as `signal.reason`, or an `Error('aborted')`). */
  readonly signal?: AbortSignal;
  /** Called after every round (progress). */
  readonly onRound?: (round: number) => void;
}

/** Every slice of every cell, and the calibration. */
export interface Interleaved {
  /** `slices[c][r]`: cell `c`'s slice in round `r`. */
  readonly slices: readonly (readonly SliceResult[])[];
  /** Calibration kernel, ns per iteration, one per round (empty without calibration). */
  readonly calibration: readonly number[];
}

/**
 * Runs `rounds` rounds; in round `r` the cells run in the order `r, r+1, …` (mod the count).
 * A cell that fails throws out of here: the caller decides what the other cells become.
 */
export async function interleave(cells: readonly SlicedCell[], options: InterleaveOptions): Promise<Interleaved> {
  const slices: SliceResult[][] = cells.map(() => []);
  const calibration: number[] = [];
  const calibrator = options.calibrate === false ? undefined : new Calibrator();
  try {
    for (let r = 0; r < options.rounds; r++) {
      for (let k = 0; k < cells.length; k++) {
        if (options.signal?.aborted) throw options.signal.reason instanceof Error ? options.signal.reason : new Error('aborted');
        const c = (k + r) % cells.length;
        (slices[c] as SliceResult[]).push(await (cells[c] as SlicedCell).slice(options.sliceMs));
      }
      if (calibrator !== undefined) calibration.push(calibrator.measure());
      options.onRound?.(r);
    }
  } finally {
    await calibrator?.close();
  }
  return { slices, calibration };
}
