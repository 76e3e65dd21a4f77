/**
 * The harness's own cost, so nobody mistakes it for a strategy's:
 * - `bareLoopNsPerOp`: `rc-private`'s operations as a bare typed-array loop (tinybench);
 * - `unsafeMicroNsPerOp`: `rc-private` under `unsafe` through the strategy and workload
 *   interfaces (tinybench) — what one measured operation costs at least;
 * - `interfaceFactor`: their ratio (the abstraction's cost on the cheapest strategy);
 * - `bareAtomicLoopNsPerOp`, `atomicMicroNsPerOp`, `atomicInterfaceFactor`: the same with
 *   `Atomics.add`/`sub` against the `atomic` strategy;
 * each timed in a worker of its own, one thread, as the suite's per-operation timings are;
 * and, from the `empty` workload run under `unsafe` in a real worker (the harness cell):
 * - `emptyNsPerOp`: the batch loop's cost per operation;
 * - `runOverheadMs`: wall time of one `run()` beyond its warm-up and measured window (starting
 *   the workers, building the heap, the audit).
 */
import type { Catalog } from '@rclab/core';
import { median } from '../stats/order.ts';
import { bareTiming, microTiming } from './micro.ts';

/** tinybench figures, each in a worker of its own: bare loops vs `unsafe`/`atomic` on `rc-private`. */
export async function microFigures(catalogs: { strategies: Catalog; workloads: Catalog }, timeMs: number): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  const hasRc = catalogs.workloads['rc-private'] !== undefined;
  // Plain counts: the bare loop against `unsafe`.
  const b = await bareTiming('plain', timeMs);
  out.bareLoopNsPerOp = b.meanNs;
  out.bareLoopRme = b.rme;
  if (hasRc && catalogs.strategies.unsafe !== undefined) {
    const u = await microTiming({ strategy: 'unsafe', workload: 'rc-private', ...catalogs, timeMs });
    out.unsafeMicroNsPerOp = u.meanNs;
    out.unsafeMicroRme = u.rme;
    out.interfaceFactor = u.meanNs / b.meanNs;
  }
  // Atomic counts: the bare Atomics loop against `atomic`.
  const ba = await bareTiming('atomic', timeMs);
  out.bareAtomicLoopNsPerOp = ba.meanNs;
  out.bareAtomicLoopRme = ba.rme;
  if (hasRc && catalogs.strategies.atomic !== undefined) {
    const a = await microTiming({ strategy: 'atomic', workload: 'rc-private', ...catalogs, timeMs });
    out.atomicMicroNsPerOp = a.meanNs;
    out.atomicMicroRme = a.rme;
    out.atomicInterfaceFactor = a.meanNs / ba.meanNs;
  }
  return out;
}

/** Figures from the harness cell's trials (the `empty` workload under `unsafe`, one worker). */
export function emptyRunFigures(trials: readonly { opsPerSec: number; elapsedMs: number; wallMs: number }[], warmupMs: number): Record<string, number> {
  if (trials.length === 0) return {};
  const ops = median(trials.map((t) => t.opsPerSec));
  return {
    emptyOpsPerSec: ops,
    emptyNsPerOp: ops > 0 ? 1e9 / ops : 0,
    // The first trial also builds the worker bundle (once per process): leave it out.
    runOverheadMs: median((trials.length > 1 ? trials.slice(1) : trials).map((t) => Math.max(0, t.wallMs - t.elapsedMs - warmupMs))),
  };
}
