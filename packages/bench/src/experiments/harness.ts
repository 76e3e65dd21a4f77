/**
 * The harness's own cost, last: nothing at all (the `harness-empty` probe), and the mirrored
 * workload's operations (`rc-private`) as a bare typed-array loop, plain and atomic,
 * interleaved with the baseline and the `atomic` family on the mirrored workload itself. Each
 * cell's part is recorded in the block's `roles`, and `derive` finds the cells by it.
 */
import type { CellSpec } from '../suite/types.ts';
import { HARNESS_PART, harnessFigures } from '../harness/figures.ts';
import { ROLE } from './roles.ts';
import { defineExperiment } from './types.ts';

export default defineExperiment({
  name: 'harness',
  description: "the harness's own cost: an empty operation, and a bare loop against the same operations through the strategy interface",
  presets: { quick: true, full: true },
  plan(ctx) {
    const unsafe = ctx.baseline;
    const empty = ctx.catalogWorkload(ROLE.harnessEmpty);
    if (unsafe === undefined || empty === undefined) return { blocks: [], notes: ['harness figures skipped: they need the unsafe strategy and the empty workload'] };
    const bare = ctx.catalogWorkload(ROLE.harnessBare);
    const mirrored = ctx.catalogWorkload(ROLE.harnessMirrored);
    const atomic = ctx.catalogStrategy('atomic');
    const base = { baseline: !ctx.baselineSelected };
    const roles: Record<string, string> = {};
    const cells: CellSpec[] = [];
    const add = (part: string, cell: CellSpec): void => {
      roles[cell.id] = part;
      cells.push(cell);
    };
    add(HARNESS_PART.empty, ctx.cell(unsafe, empty, 1, base));
    if (bare !== undefined) {
      add(HARNESS_PART.bare, ctx.cell(unsafe, bare, 1, { ...base, params: { atomic: false } }));
      add(HARNESS_PART.bareAtomic, ctx.cell(unsafe, bare, 1, { ...base, params: { atomic: true } }));
    }
    if (mirrored !== undefined) {
      add(HARNESS_PART.baseline, ctx.cell(unsafe, mirrored, 1, base));
      if (atomic !== undefined) add(HARNESS_PART.atomic, ctx.cell(atomic, mirrored, 1, { baseline: !ctx.strategies.some((s) => s.name === atomic.name) }));
    }
    return { blocks: [{ id: 'harness', label: 'harness: its own cost, and bare loops', cells, rounds: ctx.options.rounds / 2, sliceMs: ctx.options.sliceMs, roles }], notes: [] };
  },
  derive(cells, block) {
    return harnessFigures(cells, block.roles ?? {});
  },
});
