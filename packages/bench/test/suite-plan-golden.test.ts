/**
 * The plan is the suite's behaviour: which cells run, with which parameters, in which order, in
 * blocks of which rounds and slice length. This pins it for the quick and full presets (and a
 * few custom selections) against plans made by the code before the suite's groups became
 * experiment modules (`fixtures/plans/golden.json`, generated from that code with
 * `RCLAB_WRITE_PLAN_GOLDEN=1`). A change here changes what `rclab bench` measures, so regenerate
 * the fixture only on purpose.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { ModuleLoader } from '@rclab/core';
import { describe, expect, it } from 'vitest';
import { planFor } from '../src/suite/session.ts';
import { loadCatalogs } from '../src/suite/catalogs.ts';
import { FTSCALING_WORKLOADS, preset } from '../src/suite/presets.ts';
import type { Plan, SuiteOptions } from '../src/suite/types.ts';

const FIXTURE = new URL('./fixtures/plans/golden.json', import.meta.url);

interface Variant {
  readonly name: string;
  readonly preset: 'quick' | 'full';
  readonly cores: number;
  readonly strategies?: readonly string[];
  readonly workloads?: readonly string[];
}

const VARIANTS: readonly Variant[] = [
  { name: 'quick/2', preset: 'quick', cores: 2 },
  { name: 'quick/8', preset: 'quick', cores: 8 },
  { name: 'full/2', preset: 'full', cores: 2 },
  { name: 'full/8', preset: 'full', cores: 8 },
  // Without unsafe (the baseline is added) and only the variants of biased and gil.
  { name: 'quick/variants', preset: 'quick', cores: 2, strategies: ['atomic', 'biased-noimmortal', 'gil-noforce'] },
  { name: 'full/variants', preset: 'full', cores: 4, strategies: ['biased-noimmortal', 'gil-noforce', 'locked'], workloads: ['rc-shared', 'handoff', 'cpu-bound', 'counter'] },
  // Without atomic: the harness still compares unsafe with the bare loops.
  { name: 'quick/no-atomic', preset: 'quick', cores: 2, strategies: ['unsafe', 'biased', 'gil'], workloads: ['rc-private', 'handoff', 'cpu-bound', 'atomicity'] },
];

/** Variants whose every cell is kept field by field in the fixture (the others by a hash: the file stays small). */
const DETAILED = new Set(['quick/2', 'quick/variants']);

interface Snapshot {
  readonly blocks: readonly {
    readonly id: string;
    readonly group: string;
    readonly label: string;
    readonly rounds: number;
    readonly sliceMs: number;
    readonly cells: readonly string[];
  }[];
  readonly notes: readonly string[];
  readonly strategyNames: readonly string[];
  readonly workloadNames: readonly string[];
  /** sha256 of every field of every cell, in order. */
  readonly cellsHash: string;
  /** Every cell as one JSON line (detailed variants only). */
  readonly cells?: readonly string[];
}

/** A plan as plain data: every block, its cell ids in order, and every field of every cell. */
function snapshot(name: string, plan: Plan): Snapshot {
  const cells = plan.blocks.flatMap((b) => b.cells.map((c) => JSON.stringify(c)));
  return {
    blocks: plan.blocks.map((b) => ({ id: b.id, group: b.group, label: b.label, rounds: b.rounds, sliceMs: b.sliceMs, cells: b.cells.map((c) => c.id) })),
    notes: [...plan.notes],
    strategyNames: [...plan.strategyNames],
    workloadNames: [...plan.workloadNames],
    cellsHash: createHash('sha256').update(cells.join('\n')).digest('hex'),
    ...(DETAILED.has(name) ? { cells } : {}),
  };
}

async function planOf(v: Variant): Promise<Plan> {
  const catalogs = await loadCatalogs();
  const base = preset(v.preset, v.cores);
  const workloads = v.workloads ?? catalogs.builtinWorkloads.filter((w) => base.suite === 'full' || !FTSCALING_WORKLOADS.has(w));
  const options: SuiteOptions = {
    ...base,
    suite: v.strategies === undefined && v.workloads === undefined ? base.suite : 'custom',
    strategies: v.strategies ?? Object.keys(catalogs.strategies),
    workloads,
    scalingWorkloads: v.workloads === undefined ? base.scalingWorkloads : [],
    // The cpython group's cells depend on the machine's Pythons (suite-cpython.test.ts plans it).
    groups: base.groups.filter((g) => g !== 'cpython'),
  };
  return planFor(options, catalogs, v.cores, new ModuleLoader());
}

describe('the plan of every preset', () => {
  it('is the plan the suite made before its groups became experiment modules (same cells, params, order, rounds, slices)', async () => {
    const actual: Record<string, Snapshot> = {};
    for (const v of VARIANTS) actual[v.name] = snapshot(v.name, await planOf(v));
    if (process.env.RCLAB_WRITE_PLAN_GOLDEN === '1') writeFileSync(FIXTURE, `${JSON.stringify(actual, null, 1)}\n`);
    const expected = JSON.parse(readFileSync(FIXTURE, 'utf8')) as Record<string, Snapshot>;
    for (const v of VARIANTS) {
      const a = actual[v.name] as Snapshot;
      const e = expected[v.name] as Snapshot;
      // Cell ids first: the clearest message when a cell moves, appears or disappears.
      expect(
        a.blocks.flatMap((b) => b.cells),
        v.name,
      ).toEqual(e.blocks.flatMap((b) => b.cells));
      if (e.cells !== undefined) expect(a.cells, v.name).toEqual(e.cells);
      expect(a, v.name).toEqual(e);
    }
  }, 60_000);
});
