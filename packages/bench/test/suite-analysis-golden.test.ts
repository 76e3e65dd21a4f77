/**
 * What the suite computes from what it measured — each block's cells (medians, intervals,
 * speedups, ratios to the baseline), the harness's figures and the findings — pinned against
 * what the code computed before the suite's groups became experiment modules
 * (`fixtures/plans/analysis.json`, written with `RCLAB_WRITE_PLAN_GOLDEN=1`). The measurements
 * are synthetic but deterministic (a seeded generator), shaped like a real quick suite's: every
 * cell of the quick plan, a few failed, convoy latencies as measurements, biased's merge counters.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { type Cell, type Correctness, ModuleLoader } from '@rclab/core';
import type { SliceResult } from '@rclab/core/internal';
import { mulberry32 } from '@rclab/core/internal';
import { describe, expect, it } from 'vitest';
import { planFor } from '../src/suite/session.ts';
import type { CellRecord } from '../src/suite/aggregate.ts';
import { loadCatalogs } from '../src/suite/catalogs.ts';
import { FTSCALING_WORKLOADS, preset } from '../src/suite/presets.ts';
import { analyseBlock, suiteFindings } from './analysis-pipeline.ts';

const FIXTURE = new URL('./fixtures/plans/analysis.json', import.meta.url);

const CLEAN: Correctness = { lostUpdates: 0, leaks: 0, doubleFrees: 0, useAfterFree: 0, auditMismatches: 0, corruptions: 0, mismatches: [], checks: [], ok: true };

describe('the analysis of a suite', () => {
  it('gives the cells, harness figures and findings it gave before the groups became experiment modules', async () => {
    const catalogs = await loadCatalogs();
    const base = preset('quick', 2);
    const plan = await planFor(
      {
        ...base,
        strategies: Object.keys(catalogs.strategies),
        workloads: catalogs.builtinWorkloads.filter((w) => !FTSCALING_WORKLOADS.has(w)),
        // The cpython group's cells depend on the machine's Pythons (suite-cpython.test.ts plans it).
        groups: base.groups.filter((g) => g !== 'cpython'),
      },
      catalogs,
      2,
      new ModuleLoader(),
    );
    const random = mulberry32(7);
    const cells: Cell[] = [];
    let harness: Record<string, number> = {};
    let k = 0;
    for (const block of plan.blocks) {
      const records: CellRecord[] = block.cells.map((spec) => {
        k++;
        const speed = (1 + 3 * random()) * 1e6 * Math.min(spec.threads, 2);
        const slices: SliceResult[] = [];
        for (let r = 0; r < block.rounds; r++) {
          const elapsedMs = block.sliceMs * (0.95 + 0.1 * random());
          const ops = Math.round(speed * (elapsedMs / 1000) * (0.9 + 0.2 * random()));
          slices.push({ ops, elapsedMs, opsPerThread: [ops] });
        }
        const convoy = spec.group === 'convoy';
        // The convoy probe reports its latencies as measurements (results v3: never as checks).
        const measurements = convoy
          ? [
              { name: 'ioLatencyP50Ms', value: Math.round(random() * 5000) / 1000, unit: 'ms' },
              { name: 'ioLatencyP99Ms', value: Math.round(random() * 20000) / 1000, unit: 'ms' },
              { name: 'ioWaits', value: Math.round(random() * 50), unit: 'count' },
            ]
          : [];
        const lost = spec.strategy === 'unsafe' && spec.threads > 1 ? 3 : 0;
        const correctness: Correctness = { ...CLEAN, lostUpdates: lost, ok: lost === 0 };
        const counters: Record<string, number> = spec.strategy.startsWith('biased')
          ? { queued: Math.round(random() * 1000), mergePasses: 1 + Math.round(random() * 10) }
          : { acquires: Math.round(random() * 100) };
        const failed = k % 37 === 0;
        return {
          spec,
          slices,
          warmup: { ms: 30 + random() * 10, slices: 7, steady: true },
          ...(failed
            ? { error: 'synthetic failure' }
            : {
                outcome: {
                  strategy: spec.strategy,
                  workload: spec.workload,
                  threads: spec.threads,
                  final: slices[0] as SliceResult,
                  totalOps: 1,
                  counters: {},
                  threadCounters: [],
                  timeline: [],
                  measurements,
                  correctness,
                  heap: { pagesUsed: 1, heapMB: 64, liveAtAudit: 0 },
                },
                counting: { ops: 1000, counters, correctness: CLEAN },
              }),
        };
      });
      const out = analyseBlock(plan, block, records);
      cells.push(...out.cells);
      harness = { ...harness, ...out.harness };
    }
    const actual = JSON.parse(JSON.stringify({ cells, harness, findings: suiteFindings(plan, cells) })) as unknown;
    if (process.env.RCLAB_WRITE_PLAN_GOLDEN === '1') writeFileSync(FIXTURE, `${JSON.stringify(actual)}\n`);
    const text = readFileSync(FIXTURE, 'utf8');
    expect(actual).toEqual(JSON.parse(text));
    // Same keys in the same order too: results.json's text stays the same.
    expect(JSON.stringify(actual)).toBe(text.trim());
  }, 60_000);
});
