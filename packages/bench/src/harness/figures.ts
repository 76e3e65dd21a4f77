/**
 * The harness's own cost, so nobody mistakes it for a strategy's:
 * - `bareLoopNsPerOp`: `rc-private`'s operations as a bare typed-array loop (tinybench);
 * - `unsafeInProcessNsPerOp`: `rc-private` under `unsafe` through the strategy and workload
 *   interfaces, in this process (tinybench) — what one measured operation costs at least;
 * - `interfaceFactor`: their ratio (the abstraction's cost on the cheapest strategy);
 * - `bareAtomicLoopNsPerOp`, `atomicInProcessNsPerOp`, `atomicInterfaceFactor`: the same with
 *   `Atomics.add`/`sub` against the `atomic` strategy;
 * and, from the `empty` workload run under `unsafe` in a real worker (the harness cell):
 * - `emptyNsPerOp`: the batch loop's cost per operation;
 * - `runOverheadMs`: wall time of one `run()` beyond its warm-up and measured window (starting
 *   the workers, building the heap, the audit).
 */
import type { Catalog } from '@rclab/core';
import { median } from '../stats/order.ts';
import { bareRcLoop } from './bare.ts';
import { microTiming, timeBatches } from './micro.ts';

/** In-process figures (bare loop vs `unsafe` on `rc-private`). */
export async function inProcessFigures(catalogs: { strategies: Catalog; workloads: Catalog }, timeMs: number): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  const hasRc = catalogs.workloads['rc-private'] !== undefined;
  // Plain counts: the bare loop against `unsafe`.
  const bare = bareRcLoop();
  const b = await timeBatches((n) => bare.step(n), timeMs, 1024);
  out.bareLoopNsPerOp = b.meanNs;
  out.bareLoopRme = b.rme;
  if (hasRc && catalogs.strategies.unsafe !== undefined) {
    const u = await microTiming({ strategy: 'unsafe', workload: 'rc-private', ...catalogs, timeMs });
    out.unsafeInProcessNsPerOp = u.meanNs;
    out.unsafeInProcessRme = u.rme;
    out.interfaceFactor = u.meanNs / b.meanNs;
  }
  // Atomic counts: the bare Atomics loop against `atomic`.
  const bareAtomic = bareRcLoop(64, 8, true);
  const ba = await timeBatches((n) => bareAtomic.step(n), timeMs, 1024);
  out.bareAtomicLoopNsPerOp = ba.meanNs;
  if (hasRc && catalogs.strategies.atomic !== undefined) {
    const a = await microTiming({ strategy: 'atomic', workload: 'rc-private', ...catalogs, timeMs });
    out.atomicInProcessNsPerOp = a.meanNs;
    out.atomicInterfaceFactor = a.meanNs / ba.meanNs;
  }
  if (bare.sink() === -1 || bareAtomic.sink() === -1) out.sink = 0; // keeps the loops' results alive
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
