/**
 * Every built-in workload under every built-in strategy, on 1 and 2 real threads, ends with its
 * correctness check passed: on one thread, everything exact; on two, every thread-safe
 * strategy keeps the heap exact (no leak, no double free, no use after free, every count equal
 * to the references) and the interpreter never meets a freed object. The two racy scenarios
 * (`counter`, `atomicity`) may lose updates on two threads — that is the program's race, which
 * `workloads-races.test.ts` measures. `unsafe` on two threads is expected to fail; it must
 * still finish and report rather than crash.
 */
import { run, type RunResult, type StrategyFactory } from '@rclab/core';
import { strategyCatalog } from '@rclab/strategies';
import { describe, expect, it } from 'vitest';
import { workloadCatalog } from '../src/workloads/catalog.ts';

/** Short runs: enough operations to exercise every path, little time. */
const SIZES: Readonly<Record<string, { opsPerThread: number; params?: Record<string, number | string | boolean> }>> = {
  'rc-private': { opsPerThread: 20_000 },
  'rc-shared': { opsPerThread: 20_000 },
  'alloc-churn': { opsPerThread: 20_000 },
  handoff: { opsPerThread: 20_000 },
  'brc-paper': { opsPerThread: 2, params: { objects: 3_000, dummy: 1 } },
  'cpu-bound': { opsPerThread: 3_000 },
  'io-bound': { opsPerThread: 5, params: { blockMs: 1 } },
  native: { opsPerThread: 20, params: { rounds: 8 } },
  'shared-read': { opsPerThread: 3_000 },
  counter: { opsPerThread: 3_000 },
  atomicity: { opsPerThread: 1_000 },
  load_string_const: { opsPerThread: 2_000 },
  load_tuple_const: { opsPerThread: 2_000 },
  create_dict: { opsPerThread: 2_000 },
  create_pyobject: { opsPerThread: 2_000 },
  pyfunction: { opsPerThread: 2_000 },
  module_function: { opsPerThread: 2_000 },
  thread_local_read: { opsPerThread: 2_000 },
};
const RACY = new Set(['counter', 'atomicity']);

const factories = new Map<string, StrategyFactory>();
async function threadSafe(strategy: string): Promise<boolean> {
  let f = factories.get(strategy);
  if (f === undefined) {
    f = ((await import(strategyCatalog[strategy] as string)) as { default: StrategyFactory }).default;
    factories.set(strategy, f);
  }
  return f.threadSafe;
}

function heapClean(r: RunResult): void {
  const c = r.correctness;
  expect({ leaks: c.leaks, doubleFrees: c.doubleFrees, useAfterFree: c.useAfterFree, auditMismatches: c.auditMismatches, corruptions: c.corruptions }).toEqual({
    leaks: 0,
    doubleFrees: 0,
    useAfterFree: 0,
    auditMismatches: 0,
    corruptions: 0,
  });
  const faults = c.checks.find((ch) => ch.name.startsWith('interpreter faults'));
  if (faults !== undefined) expect(faults.observed).toBe(0);
}

describe('every workload under every strategy', () => {
  it('the catalog and the sizes here name the same workloads', () => {
    expect(Object.keys(SIZES).sort()).toEqual(Object.keys(workloadCatalog).sort());
  });

  for (const workload of Object.keys(workloadCatalog)) {
    const size = SIZES[workload] ?? { opsPerThread: 1000 };
    for (const strategy of Object.keys(strategyCatalog)) {
      it(`${workload} · ${strategy} · 1 and 2 threads`, async () => {
        const safe = await threadSafe(strategy);
        for (const threads of [1, 2]) {
          const r = await run({
            strategy,
            strategies: strategyCatalog,
            workload,
            workloads: workloadCatalog,
            threads,
            opsPerThread: size.opsPerThread,
            params: size.params ?? {},
            heapMB: 64,
          });
          expect(r.ops).toBe(threads * size.opsPerThread);
          if (threads === 1) {
            expect(r.correctness.lostUpdates).toBe(0);
            heapClean(r);
            expect(r.correctness.ok).toBe(true);
          } else if (safe) {
            heapClean(r);
            if (!RACY.has(workload)) expect(r.correctness.ok).toBe(true);
          }
        }
      });
    }
  }
});
