/** The shape of a cell the suite's runner drives: core's live cell or a real Python (see cells.ts). */
import type { CellOutcome, SlicedCell, SliceResult } from '@rclab/core/internal';

/** What the runner keeps of a closed cell: its checks, its measurements, its lock events. */
export type SuiteCellOutcome = Pick<CellOutcome, 'correctness' | 'measurements' | 'timeline'>;

/** A cell the runner can drive. */
export interface SuiteCell extends SlicedCell {
  /** The least warm-up the cell's own code asks for (ms). */
  readonly minWarmupMs: number;
  /** Opens (then closes) the measured window of its counters; nothing for a Python cell. */
  mark(): Promise<void>;
  /** One fixed-work slice: `ops` whole operations per thread, unpaused (see `LiveCell.sliceOps`). */
  sliceOps(ops: number): Promise<SliceResult>;
  close(): Promise<SuiteCellOutcome>;
}
