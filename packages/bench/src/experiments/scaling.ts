/**
 * Scaling: every selected strategy at each thread count on the scaling workloads, one block per
 * workload, so each speedup (over the same strategy on one thread) is paired round by round.
 */
import { defineExperiment, type BlockDraft } from './types.ts';
import type { CellSpec } from '../suite/types.ts';

export default defineExperiment({
  name: 'scaling',
  description: 'every strategy at 1, 2, 4, … threads: speedup over one thread, and the ratio to unsafe',
  presets: { quick: true, full: true },
  run: { ratiosToBaseline: true },
  plan(ctx) {
    const o = ctx.options;
    const { baseline } = ctx;
    const blocks: BlockDraft[] = [];
    const notes: string[] = [];
    const addBaseline = baseline !== undefined && !ctx.baselineSelected;
    const wanted = o.scalingWorkloads.length > 0 ? new Set(o.scalingWorkloads) : undefined;
    const chosen = ctx.regular.filter((w) => wanted === undefined || wanted.has(w.name) || wanted.has(w.ref));
    const threads = [...new Set(o.threads)].sort((a, b) => a - b);
    // A slice must hold several lock hand-offs: several switch intervals.
    const sliceMs = Math.max(4 * o.sliceMs, 4 * o.switchIntervalMs);
    for (const w of chosen) {
      const cells: CellSpec[] = [];
      if (addBaseline) cells.push(ctx.cell(baseline, w, 1, { baseline: true }));
      for (const s of ctx.strategies) for (const t of threads) cells.push(ctx.cell(s, w, t));
      // More rounds than the sweeps: a speedup's ratio spans a full turn of the CPU rotation.
      blocks.push({ id: `scaling/${w.name}`, label: `scaling · ${w.name}`, cells, rounds: (o.rounds * 5) / 8, sliceMs });
    }
    if (chosen.length === 0) notes.push('scaling group skipped: none of its workloads is selected');
    const over = threads.filter((t) => t > ctx.cores);
    if (chosen.length > 0 && over.length > 0) {
      notes.push(`${over.join(', ')} threads > ${ctx.cores} cores: those points are marked oversubscribed (time-slicing, not parallelism)`);
    }
    return { blocks, notes };
  },
});
