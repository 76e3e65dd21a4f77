/**
 * The GIL's switch interval: the `gil` family on the CPU-bound workload with two threads, one
 * cell per interval, each keeping its lock timeline (how often the lock changes hands).
 */
import { PAIR_THREADS } from './pair.ts';
import { ROLE } from './roles.ts';
import { defineExperiment } from './types.ts';
import type { CellSpec } from '../suite/types.ts';

export default defineExperiment({
  name: 'switch-interval',
  description: 'the GIL family on a CPU-bound loop at each switch interval: throughput and how often the lock changes hands',
  presets: { quick: true, full: true },
  plan(ctx) {
    const o = ctx.options;
    const cpu = ctx.workloadFor(ROLE.cpuBound);
    // The family's lead; the full suite adds its variants.
    const gils = ctx.familyMembers('gil', true);
    if (cpu === undefined || gils.length === 0) return { blocks: [], notes: ['switch-interval sweep skipped: it needs the cpu-bound workload and a gil strategy'] };
    const cells: CellSpec[] = [];
    for (const ms of o.switchIntervals) {
      for (const s of gils) {
        cells.push(ctx.cell(s, cpu, PAIR_THREADS, { params: { switchIntervalMs: ms }, strategyOptions: { switchIntervalMs: ms }, timeline: true }));
      }
    }
    // A slice holds several of the longest intervals.
    const sliceMs = Math.max(4 * o.sliceMs, 5 * Math.max(...o.switchIntervals));
    return { blocks: [{ id: 'switch-interval', label: 'GIL switch interval · cpu-bound', cells, rounds: Math.max(6, o.rounds / 10), sliceMs }], notes: [] };
  },
});
