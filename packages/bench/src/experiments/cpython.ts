/**
 * `cpython`: the model beside the real thing — the article's scenarios run on real Pythons
 * (`--python`, default `python3`) in the same blocks as the model's strategy for that build
 * (the `gil` family's beside a GIL build, the `biased` family's beside a free-threaded one),
 * interleaved slice by slice.
 * Each interpreter is a system of the results (`systems`); no usable Python skips the group with
 * its reason (`skipped`). Its plan is `cpython/plan.ts`; its findings are below.
 */
import type { Cell, MeasuredCell, SystemRecord } from '@rclab/core';
import { CPYTHON_GROUP, CPYTHON_PAIR_THREADS, planCpython } from './cpython/plan.ts';
import { ROLE } from './roles.ts';
import { defineExperiment } from './types.ts';

/** Findings for the summary: each system's lost updates on `counter` and speedup of `cpu-bound` at 2 threads. */
export function cpythonFindings(cells: readonly Cell[], systems: readonly SystemRecord[]): Record<string, number | string | null> {
  const f: Record<string, number | string | null> = {};
  const measured = cells.filter((c): c is MeasuredCell => c.status === 'measured' && c.group === CPYTHON_GROUP);
  systems.forEach((sys, k) => {
    const mine = measured.filter((c) => c.strategy === sys.name);
    const counter = mine.filter((c) => c.workload === 'counter');
    if (counter.length > 0) f[`cpython${k}CounterLostUpdates`] = counter.reduce((a, c) => a + c.correctness.lostUpdates, 0);
    const cpu = mine.find((c) => c.workload === 'cpu-bound' && c.threads === CPYTHON_PAIR_THREADS && Object.keys(c.params).length === 0);
    if (cpu?.speedup !== undefined) f[`cpython${k}CpuBoundSpeedup2`] = Math.round(cpu.speedup.median * 1000) / 1000;
  });
  return f;
}

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
  findings: (cells, ctx) => (ctx.systems.length > 0 ? cpythonFindings(cells, ctx.systems) : {}),
});
