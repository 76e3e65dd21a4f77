/**
 * What a cell does once its workers have finished: the checks on the whole run (the workload's
 * verdict, the reference audit, leaks once every root is released, the checker counters) and
 * the figures of the measured window (counters, timeline, the closing run).
 */
import { auditHeap, countMortalLive } from '../heap/audit.ts';
import type { Heap } from '../heap/heap.ts';
import { CTRL_CORRUPTIONS, CTRL_DOUBLE_FREES, CTRL_USE_AFTER_FREE } from '../heap/layout.ts';
import type { Strategy, StrategyReport, TimelineEvent } from '../strategy/types.ts';
import type { SetupContext, WorkloadFactory, WorkloadMeasurement } from '../workload/types.ts';
import type { Correctness, SliceResult } from './cell-types.ts';
import type { Done } from './worker-pool.ts';

/**
 * Runs every check with the main thread's strategy instance, which holds the interpreter again.
 * Releases the roots and detaches `main`: the heap is done with afterwards.
 */
export function checkRun(
  ctx: SetupContext,
  workload: WorkloadFactory,
  setupData: unknown,
  done: readonly Done[],
): { readonly correctness: Correctness; readonly measurements: readonly WorkloadMeasurement[]; readonly liveAtAudit: number } {
  const heap: Heap = ctx.heap;
  const main: Strategy = ctx.strategy;
  const i32 = heap.i32;
  const verdict = workload.verify?.(
    ctx,
    setupData,
    done.map((d) => d.totalOps),
  );
  const audit = auditHeap(heap, main);
  heap.releaseRoots();
  main.checkpoint();
  const leaks = countMortalLive(heap, main);
  main.detach();
  // Read the checker counters after releasing the roots: that can free an object twice too.
  const doubleFrees = Atomics.load(i32, CTRL_DOUBLE_FREES);
  const useAfterFree = Atomics.load(i32, CTRL_USE_AFTER_FREE) + audit.danglingRefs + audit.badRefs;
  const corruptions = Atomics.load(i32, CTRL_CORRUPTIONS);
  const lostUpdates = verdict?.lostUpdates ?? 0;
  const correctness: Correctness = {
    lostUpdates,
    leaks,
    doubleFrees,
    useAfterFree,
    auditMismatches: audit.auditMismatches,
    corruptions,
    mismatches: audit.mismatches,
    checks: verdict?.checks ?? [],
    ok: lostUpdates === 0 && leaks === 0 && doubleFrees === 0 && useAfterFree === 0 && audit.auditMismatches === 0 && corruptions === 0,
  };
  return { correctness, measurements: verdict?.measurements ?? [], liveAtAudit: audit.liveObjects };
}

/** The measured window (first mark to the second, or to the end without one) and the closing run, from the workers' reports. */
export function windowFigures(done: readonly Done[]): {
  readonly counters: Readonly<Record<string, number>>;
  readonly threadCounters: readonly Readonly<Record<string, number>>[];
  readonly timeline: readonly TimelineEvent[];
  readonly final: SliceResult;
  readonly totalOps: number;
} {
  const threadCounters = done.map((d) => windowCounters(d.marks[0], d.marks[1] ?? d.report));
  const counters: Record<string, number> = {};
  for (const c of threadCounters) for (const [k, v] of Object.entries(c)) counters[k] = (counters[k] ?? 0) + v;
  const opened = Math.max(0, ...done.map((d) => d.markedAt[0] ?? 0));
  const closed = Math.min(Infinity, ...done.map((d) => d.markedAt[1] ?? Infinity));
  const timeline = done
    .flatMap((d) => d.report.timeline ?? [])
    .filter((e) => e.t >= opened && e.t <= closed)
    .sort((a, b) => a.t - b.t);
  const finalOpsPerThread = done.map((d) => d.finalOps);
  const finalStart = Math.min(...done.map((d) => d.finalStartedAt));
  const finalEnd = Math.max(...done.map((d) => d.finalEndedAt));
  return {
    counters,
    threadCounters,
    timeline,
    final: { ops: finalOpsPerThread.reduce((a, b) => a + b, 0), elapsedMs: Math.max(finalEnd - finalStart, 1e-6), opsPerThread: finalOpsPerThread },
    totalOps: done.reduce((a, d) => a + d.totalOps, 0),
  };
}

/** Counters of the measured window: the report at its end less the one at its start. */
function windowCounters(baseline: StrategyReport | undefined, report: StrategyReport): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(report.counters)) out[k] = v - (baseline?.counters[k] ?? 0);
  return out;
}
