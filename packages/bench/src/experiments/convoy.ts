/**
 * The convoy: a CPU-bound thread beside an I/O-bound one under every strategy, measuring how
 * long the I/O thread waits to run again after each wait (CPython's GIL convoy). Where the
 * probe takes `cpuThreads`, strategies of the `gil` family also get a cell of the I/O thread
 * alone: the latency of the same waits with nobody holding the lock.
 */
import type { MeasuredCell } from '@rclab/core';
import { PAIR_THREADS } from './pair.ts';
import { ROLE } from './roles.ts';
import { defineExperiment, type Findings } from './types.ts';
import type { CellSpec } from '../suite/types.ts';

/** The probe's measurements that become findings (`convoy.<strategy>.<name>`). */
export const CONVOY_FINDINGS: readonly string[] = ['ioLatencyP50Ms', 'ioLatencyP99Ms', 'ioWaits'];

export default defineExperiment({
  name: 'convoy',
  description: 'a CPU-bound thread beside an I/O-bound one, per strategy: how long the I/O thread waits to run again',
  presets: { quick: true, full: true },
  // The probe's threads may all be waiting in a slice; its latencies arrive as checks.
  run: { throughput: false },
  plan(ctx) {
    const convoy = ctx.catalogWorkload(ROLE.convoy);
    if (convoy === undefined || ctx.strategies.length === 0) return { blocks: [], notes: ['convoy run skipped: no convoy workload'] };
    const split = convoy.params?.includes('cpuThreads') === true;
    const cells: CellSpec[] = [];
    for (const s of ctx.strategies) {
      if (split && ctx.familyOf(s) === 'gil') cells.push(ctx.cell(s, convoy, 1, { timeline: true, params: { cpuThreads: 0 } }));
      cells.push(ctx.cell(s, convoy, PAIR_THREADS, { timeline: true, params: split ? { cpuThreads: 1 } : {} }));
    }
    return {
      blocks: [{ id: 'convoy', label: 'convoy · CPU-bound beside I/O-bound', cells, rounds: ctx.options.convoyRounds, sliceMs: ctx.options.convoySliceMs }],
      notes: [],
    };
  },
  findings(cells: readonly MeasuredCell[]) {
    const f: Findings = {};
    for (const c of cells) {
      if (c.threads < 2) continue;
      for (const k of CONVOY_FINDINGS) {
        const v = c.measurements?.[k]?.value;
        if (v !== undefined) f[`convoy.${c.strategy}.${k}`] = Math.round(v * 10000) / 10000;
      }
    }
    return f;
  },
});
