/**
 * Atomicity: the article's six expressions from two threads under every strategy, with
 * interpreter checkpoints at every instruction and at back-edges only. A correctness check:
 * which expressions lose updates, not how fast they run.
 */
import { PAIR_THREADS } from './pair.ts';
import { ROLE } from './roles.ts';
import { defineExperiment } from './types.ts';
import type { CellSpec } from '../suite/types.ts';

export default defineExperiment({
  name: 'atomicity',
  description: "the article's six expressions from two threads, per strategy and checkpoint placement: which lose updates",
  presets: { quick: true, full: true },
  run: { throughput: false },
  plan(ctx) {
    const w = ctx.workloadFor(ROLE.atomicity);
    if (w === undefined) return { blocks: [], notes: ['atomicity group skipped: no atomicity workload'] };
    const cells: CellSpec[] = [];
    for (const checkpoints of ['every', 'backedges'] as const) {
      for (const s of ctx.strategies) cells.push(ctx.cell(s, w, PAIR_THREADS, { params: { checkpoints } }));
    }
    return { blocks: [{ id: 'atomicity', label: 'atomicity · six expressions', cells, rounds: ctx.options.atomicityRounds, sliceMs: 4 * ctx.options.sliceMs }], notes: [] };
  },
});
