/**
 * The suite's analysis steps as the runner takes them, for the analysis golden test: a block's
 * records to its cells (with its experiment's traits) and figures (its `derive`), and the
 * findings of every cell.
 */
import type { Cell } from '@rclab/core';
import { experimentOf } from '../src/experiments/index.ts';
import { runTraits } from '../src/experiments/types.ts';
import { aggregateBlock, type CellRecord } from '../src/suite/aggregate.ts';
import { computeFindings, type Findings, findingsContext } from '../src/suite/findings.ts';
import type { Block, Plan } from '../src/suite/types.ts';

/** A rotation over this many CPUs, as on the 2-core machines the quick suite is sized for. */
const CPUS = 2;

export function analyseBlock(plan: Plan, block: Block, records: readonly CellRecord[]): { cells: Cell[]; harness: Record<string, number> } {
  const experiment = experimentOf(block.group);
  const traits = runTraits(experiment ?? {});
  const mixed = block.cells.some((c) => c.threads > 1) && block.cells.some((c) => c.threads === 1);
  const cells = aggregateBlock(block, records, mixed ? CPUS : 1, {
    ratioBaseline: traits.ratiosToBaseline ? plan.baseline : undefined,
    countingPass: traits.countingPass,
  });
  return { cells, harness: experiment?.derive !== undefined ? { ...experiment.derive(cells, block) } : {} };
}

export function suiteFindings(plan: Plan, cells: readonly Cell[]): Findings {
  return computeFindings(cells, findingsContext(plan));
}
