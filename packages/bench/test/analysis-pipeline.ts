/**
 * The suite's analysis steps as the runner takes them, for the analysis golden test: a block's
 * records to its cells and figures, and the findings of every cell.
 */
import type { Cell } from '@rclab/core';
import { harnessFigures } from '../src/harness/figures.ts';
import { aggregateBlock, type CellRecord } from '../src/suite/aggregate.ts';
import { computeFindings, type Findings } from '../src/suite/findings.ts';
import type { Block, Plan } from '../src/suite/types.ts';

/** A rotation over this many CPUs, as on the 2-core machines the quick suite is sized for. */
const CPUS = 2;

export function analyseBlock(block: Block, records: readonly CellRecord[]): { cells: Cell[]; harness: Record<string, number> } {
  const mixed = block.cells.some((c) => c.threads > 1) && block.cells.some((c) => c.threads === 1);
  const cells = aggregateBlock(block, records, mixed ? CPUS : 1);
  return { cells, harness: block.group === 'harness' ? harnessFigures(cells) : {} };
}

export function suiteFindings(_plan: Plan, cells: readonly Cell[]): Findings {
  return computeFindings(cells);
}
