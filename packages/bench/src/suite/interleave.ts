/**
 * Steps 1–4 of a timed block (see runner.ts): its cells opened and warmed up, interleaved
 * slice by slice in rotated order with the calibration kernel timed every round, closed (the
 * checks), and counted (the counting pass).
 */
import type { Cell, ModuleLoader } from '@rclab/core';
import { Calibrator, CpuRotation, type LiveCell, openCell, type SliceResult } from '@rclab/core/internal';
import type { ExperimentRun } from '../experiments/types.ts';
import type { CellRecord } from './aggregate.ts';
import { openSuiteCell, type SuiteCell } from './cells.ts';
import { countUnits, unitSlice, warmupUnits } from './fixed-work.ts';
import { estimateCellMs } from './plan.ts';
import type { Catalogs } from './catalogs.ts';
import type { Block, CellSpec, Plan } from './types.ts';

/** Thrown out of `runPlan` when the signal aborts it (Ctrl-C). */
export class Interrupted extends Error {
  override readonly name = 'Interrupted';
}

/** What the runner tells whoever shows progress. */
export interface RunnerEvents {
  /** What is running now (one short label). */
  busy?(label: string): void;
  /** Work the planner estimated at `estimatedMs` took `actualMs`. */
  work?(estimatedMs: number, actualMs: number): void;
  /** A cell finished (aggregated and journalled). */
  cellDone?(cell: Cell): void;
}

/** What the interleaving needs of a run (a part of the runner's `RunPlanOptions`). */
export interface InterleaveOptions {
  readonly plan: Plan;
  readonly catalogs: Catalogs;
  /** The run's module loader: each module loaded and each worker bundle built once per run. */
  readonly loader: ModuleLoader;
  readonly signal: AbortSignal;
  readonly events?: RunnerEvents;
}

export function message(error: unknown): string {
  const text = error instanceof Error ? `${error.name === 'Error' || error.name === 'RunError' ? '' : `${error.name}: `}${error.message}` : String(error);
  // Core names its own option (`heapMB`); a user of the CLI raises it with the flag.
  return (text.split('\n')[0] ?? text).replace('raise the heap size (heapMB,', 'raise the heap size (--heap-mb,');
}

/** One cell's part of a block run. */
export interface Running {
  readonly spec: CellSpec;
  readonly record: CellRecord;
  live?: SuiteCell | undefined;
}

/**
 * Steps 1–4 of a timed block: open and warm up, interleave, close, count. Fills each cell's
 * record; returns the calibration of every round and the rounds a ratio spans.
 */
export async function measureInterleaved(o: InterleaveOptions, block: Block, running: Running[], traits: ExperimentRun): Promise<{ calibration: number[]; span: number }> {
  const { signal, events, plan } = o;
  const opts = plan.options;
  const check = (): void => {
    if (signal.aborted) throw new Interrupted('interrupted');
  };
  const open = (r: Running): r is Running & { live: SuiteCell } => r.live !== undefined && r.record.error === undefined;
  const fail = async (r: Running, error: unknown): Promise<void> => {
    if (signal.aborted) throw new Interrupted('interrupted');
    r.record.error = message(error);
    await r.live?.kill();
    r.live = undefined;
  };
  const cellOptions = (spec: CellSpec, counting: boolean) => ({
    strategy: spec.strategyRef,
    workload: spec.workloadRef,
    threads: spec.threads,
    strategies: o.catalogs.strategies,
    workloads: o.catalogs.workloads,
    loader: o.loader,
    heapMB: opts.heapMB,
    strategyOptions: spec.strategyOptions,
    params: spec.runParams,
    seed: opts.seed,
    stallTimeoutMs: opts.stallTimeoutMs,
    counting,
    signal,
  });

  // 1. Open and warm up every cell.
  for (const r of running) {
    check();
    events?.busy?.(`${block.label}: starting and warming up ${r.spec.strategy} ×${r.spec.threads}${paramText(r.spec)}`);
    const t0 = performance.now();
    try {
      r.live = await openSuiteCell(r.spec, cellOptions(r.spec, false));
      const minMs = Math.max(opts.warmupMinMs, r.live.minWarmupMs);
      const maxMs = Math.max(minMs, opts.warmupMaxMs);
      // A fixed-work block warms up, slices and counts in whole units of work (fixed-work.ts).
      r.record.warmup = block.fixedWork === true ? await warmupUnits(r.live, minMs, maxMs) : await r.live.warmup({ minMs, maxMs, sliceMs: block.sliceMs });
      await r.live.mark();
    } catch (error) {
      await fail(r, error);
    }
    const est = estimateCellMs(r.spec, block, opts);
    events?.work?.(est * 0.35, performance.now() - t0);
  }

  // 2. Interleave: one slice of every open cell per round, rotated; calibrate every round.
  const calibrator = new Calibrator();
  const calibration: number[] = [];
  // One-thread cells rotate over the CPUs round by round; cells with more threads use them all.
  const rotation = new CpuRotation();
  try {
    for (let round = 0; round < block.rounds; round++) {
      const t0 = performance.now();
      events?.busy?.(`${block.label}: round ${round + 1}/${block.rounds}`);
      for (const r of roundOrder(running, round)) {
        check();
        if (!open(r)) continue;
        // One-thread cells of a round share one CPU, rotated each round (see core's affinity.ts).
        rotation.before(r.spec.threads, round);
        try {
          const s: SliceResult = block.fixedWork === true ? await unitSlice(r.live) : await r.live.slice(block.sliceMs);
          if (s.ops <= 0 && r.spec.throughput) throw new Error(`slice ${round + 1} did no operation in ${s.elapsedMs.toFixed(1)} ms`);
          r.record.slices.push(s);
        } catch (error) {
          await fail(r, error);
        }
      }
      rotation.before(1, round);
      calibration.push(calibrator.measure());
      const est = running.length * (block.sliceMs + 1); // as the plan's estimateCellMs
      events?.work?.(est, performance.now() - t0);
    }
  } finally {
    rotation.release();
    await calibrator.close();
  }

  // 3. Close: the checks on every timed run.
  for (const r of running) {
    check();
    if (!open(r)) continue;
    events?.busy?.(`${block.label}: checking ${r.spec.strategy} ×${r.spec.threads}${paramText(r.spec)}`);
    try {
      r.record.outcome = await r.live.close();
      (r as Running).live = undefined;
    } catch (error) {
      await fail(r, error);
    }
  }

  // 4. Counting passes: exact counters, from the strategy's counting variant. Nothing in them
  // is timed, so two run at once (starting workers is most of their cost).
  // A Python cell has no strategy to count with: it gets no counting pass.
  const counted = running.filter((r) => r.spec.python === undefined && r.record.error === undefined && r.record.outcome !== undefined);
  let next = 0;
  const lane = async (): Promise<void> => {
    for (let r = counted[next++]; r !== undefined; r = counted[next++]) {
      check();
      events?.busy?.(`${block.label}: counting ${r.spec.strategy} ×${r.spec.threads}${paramText(r.spec)}`);
      const t0 = performance.now();
      let live: LiveCell | undefined;
      try {
        live = await openCell(cellOptions(r.spec, true));
        let ops = 0;
        if (block.fixedWork === true) {
          // Whole units only: one to warm up, then the window.
          await unitSlice(live);
          await live.mark();
          ops = await countUnits(live, opts.countMs);
        } else {
          await live.warmup({ minMs: opts.warmupMinMs, maxMs: opts.warmupMinMs, sliceMs: block.sliceMs });
          await live.mark();
          for (let elapsed = 0; elapsed < opts.countMs;) {
            const s = await live.slice(Math.min(block.sliceMs * 4, opts.countMs));
            ops += s.ops;
            elapsed += s.elapsedMs;
          }
        }
        await live.mark();
        const outcome = await live.close();
        live = undefined;
        r.record.counting = { ops, counters: outcome.counters, correctness: outcome.correctness };
      } catch (error) {
        await live?.kill();
        await fail(r, new Error(`counting pass: ${message(error)}`));
      }
      events?.work?.(estimateCellMs(r.spec, block, opts) * 0.25, performance.now() - t0);
    }
  };
  if (traits.countingPass) await Promise.all([lane(), lane()]);

  // Where one-thread cells rotated beside multi-thread ones, a ratio spans a full turn.
  const mixed = block.cells.some((c) => c.threads > 1) && block.cells.some((c) => c.threads === 1);
  return { calibration, span: mixed && rotation.enabled ? rotation.cpuCount : 1 };
}

/**
 * The cells' order in round `round`: each group — one-thread cells, and cells with more
 * threads — rotated by the round, the groups in turn first (even rounds start with the
 * one-thread cells). Keeping the groups together means two CPU-affinity changes a round, not
 * one per cell (each is an exec of `taskset`, a few milliseconds).
 */
export function roundOrder<T extends { readonly spec: { readonly threads: number } }>(cells: readonly T[], round: number): T[] {
  const rotate = (xs: readonly T[]): T[] => xs.map((_, k) => xs[(k + round) % xs.length] as T);
  const ones = rotate(cells.filter((c) => c.spec.threads === 1));
  const more = rotate(cells.filter((c) => c.spec.threads > 1));
  return round % 2 === 0 ? [...ones, ...more] : [...more, ...ones];
}

export function paramText(cell: CellSpec): string {
  const keys = Object.keys(cell.params);
  return keys.length === 0 ? '' : ` ${keys.map((k) => `${k}=${String(cell.params[k])}`).join(' ')}`;
}
