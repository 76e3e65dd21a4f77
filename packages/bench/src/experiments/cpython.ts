/**
 * `cpython`: the model beside the real thing — the article's scenarios run on real Pythons
 * (`--python`, default `python3`) in the same blocks as the model's strategy for that build
 * (the `gil` family's beside a GIL build, the `biased` family's beside a free-threaded one),
 * interleaved slice by slice.
 * Each interpreter is a system of the results (`systems`); no usable Python skips the group with
 * its reason (`skipped`). Its plan and findings live in suite/groups/cpython.ts; this module is
 * its place in the registry.
 */
import { planCpython } from '../suite/groups/cpython.ts';
import { ROLE } from './roles.ts';
import { defineExperiment } from './types.ts';

export default defineExperiment({
  name: 'cpython',
  description: 'the same scenarios on a real CPython beside the model (speedup, lost updates, convoy, switch interval), each interpreter a system of the results',
  presets: { quick: true, full: true },
  plan(ctx) {
    const resolution = ctx.pythons ?? { pythons: [], skipped: [{ python: '', reason: 'no Python was described' }] };
    const harnessConvoy = ctx.workloadFor(ROLE.convoy)?.params?.includes('cpuThreads') === true;
    const planned = planCpython(
      ctx.options,
      { resolution, strategies: ctx.strategies, familyOf: (s) => ctx.familyOf(s), workload: (name) => ctx.workloadNamed(name), harnessConvoy, cores: ctx.cores },
      (s, w, t, extra) => ctx.cell(s, w, t, extra),
    );
    return { blocks: planned.blocks, notes: planned.notes, systems: planned.systems, ...(planned.skipped !== undefined ? { skipped: [planned.skipped] } : {}) };
  },
});
