/**
 * Overhead: every selected strategy on one thread, one block per general workload, so the cost
 * of each strategy's counting and locking shows with no contention at all. Each cell's ratio to
 * the baseline (`unsafe`, added when not selected) is the median of per-round paired slices.
 */
import type { MeasuredCell } from '@rclab/core';
import { ROLE } from './roles.ts';
import { defineExperiment, type BlockDraft, type Findings } from './types.ts';
import type { CellSpec } from '../suite/types.ts';

export default defineExperiment({
  name: 'overhead',
  description: 'every strategy on one thread, per workload: the cost of counting and locking with no contention, as a ratio to unsafe',
  presets: { quick: true, full: true },
  run: { ratiosToBaseline: true },
  plan(ctx) {
    const { baseline } = ctx;
    const blocks: BlockDraft[] = [];
    const notes: string[] = [];
    const addBaseline = baseline !== undefined && !ctx.baselineSelected;
    for (const w of ctx.regular) {
      const micro = w.roles?.includes(ROLE.perOp) === true;
      const cells: CellSpec[] = [];
      if (addBaseline) cells.push(ctx.cell(baseline, w, 1, { micro, baseline: true }));
      for (const s of ctx.strategies) cells.push(ctx.cell(s, w, 1, { micro }));
      blocks.push({ id: `overhead/${w.name}`, label: `overhead · ${w.name}`, cells, rounds: ctx.options.rounds, sliceMs: ctx.options.sliceMs });
    }
    if (addBaseline) notes.push(`${baseline.name} added to the overhead group as the baseline of the ratios`);
    if (baseline === undefined) notes.push('no unsafe strategy in the catalog: overhead ratios are left out');
    return { blocks, notes };
  },
  findings(cells: readonly MeasuredCell[]) {
    const f: Findings = {};
    const rounds = cells.map((c) => c.samples.opsPerSec.length);
    if (rounds.length > 0) f.slicesPerCell = Math.min(...rounds);
    return f;
  },
});
