/**
 * Runs a plan, block by block. A block is one comparison (every strategy on one workload, the
 * thread counts of one workload, the points of a sweep), and its cells are measured together:
 *
 * 1. every cell is opened (its workers start once) and warmed up until its throughput is
 *    steady, then its measured window is marked;
 * 2. the cells are interleaved slice by slice for the block's rounds, in rotated order, with the
 *    calibration kernel timed every round (core's `interleave`);
 * 3. every cell is closed: the heap audit and every check run on the whole timed run;
 * 4. every cell gets a counting pass: the same workload with the strategy's counting variant,
 *    in fresh workers, whose counters over its measured window are exact (the timed run's
 *    strategy never counts on its hot path);
 * 5. the block's cells are aggregated (medians, paired ratios) and journalled together.
 *
 * A cell that fails is recorded as a failed cell and drops out of the rest of the block; the
 * others go on. An interrupted block is measured again from the start on `--resume` (its
 * cells are compared with each other, so they are measured together).
 */
import { type Cell, Calibrator, CpuRotation, type LiveCell, openCell, prebuildWorkerBundles, resolveModuleRef, type SliceResult, type Timeline, type TimelineEvent } from '@rclab/core';
import { setMaxListeners } from 'node:events';
import { harnessFigures } from '../harness/figures.ts';
import type { Journal, JournalState } from '../journal/journal.ts';
import { aggregateBlock, type CellRecord } from './aggregate.ts';
import type { Catalogs } from './catalogs.ts';
import { computeFindings, type Findings } from './findings.ts';
import { estimateCellMs } from './plan.ts';
import type { Block, CellSpec, Plan } from './types.ts';

/** Most events kept per timeline (the earliest ones: a window from the start of the measured window). */
export const MAX_TIMELINE_EVENTS = 4000;

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

/** Everything measured so far. */
export interface SuiteOutcome {
  /** Finished cells in plan order. */
  readonly cells: Cell[];
  readonly timelines: Timeline[];
  readonly harness: Record<string, number>;
  /** Calibration kernel times (ns per iteration), every round of every block so far. */
  readonly calibration: number[];
  readonly findings: Findings;
  /** Plan cells not finished (interrupted runs). */
  readonly unfinished: number;
}

/** The state carried through a run: what the journal already held plus what this run adds. */
export interface RunnerState {
  readonly timelines: Map<string, Timeline>;
  readonly harness: Record<string, number>;
  readonly cells: Map<string, Cell>;
  /** Calibration per block id. */
  readonly calibration: Map<string, number[]>;
}

/** Fresh state, or the state read from a journal (resume). */
export function runnerState(from?: JournalState): RunnerState {
  return {
    timelines: from?.timelines ?? new Map<string, Timeline>(),
    harness: from?.harness ?? {},
    cells: from?.cells ?? new Map<string, Cell>(),
    calibration: from?.calibration ?? new Map<string, number[]>(),
  };
}

/** Options of `runPlan`. */
export interface RunPlanOptions {
  readonly plan: Plan;
  readonly catalogs: Catalogs;
  readonly journal: Journal;
  readonly state: RunnerState;
  readonly signal: AbortSignal;
  readonly events?: RunnerEvents;
  /** Called after every finished block with the outcome so far (to write results.json). */
  readonly checkpoint?: (outcome: SuiteOutcome) => void;
}

/** Runs every block of the plan that is not finished yet. Throws `Interrupted` on abort. */
export async function runPlan(o: RunPlanOptions): Promise<SuiteOutcome> {
  // Every live cell of a block listens for Ctrl-C on the same signal: more than Node's default 10.
  setMaxListeners(1000, o.signal);
  o.events?.busy?.('building worker bundles');
  const pairs = new Map<string, readonly [string, string]>();
  for (const block of o.plan.blocks) {
    if (block.cells.every((c) => o.state.cells.has(c.id))) continue;
    for (const c of block.cells) {
      try {
        const pair = [resolveModuleRef(c.strategyRef, o.catalogs.strategies, 'strategy'), resolveModuleRef(c.workloadRef, o.catalogs.workloads, 'workload')] as const;
        pairs.set(pair.join('\n'), pair);
      } catch {
        // An unknown name fails its cell when it opens.
      }
    }
  }
  await prebuildWorkerBundles([...pairs.values()], 4, o.signal);
  for (const block of o.plan.blocks) {
    if (block.cells.every((c) => o.state.cells.has(c.id))) continue;
    await runBlock(o, block);
    o.checkpoint?.(outcome(o.plan, o.state));
  }
  return outcome(o.plan, o.state);
}

/** The outcome from the state: finished cells, their timelines, harness figures, findings. */
export function outcome(plan: Plan, state: RunnerState): SuiteOutcome {
  const cells: Cell[] = [];
  const timelines: Timeline[] = [];
  let unfinished = 0;
  for (const b of plan.blocks) {
    for (const c of b.cells) {
      const cell = state.cells.get(c.id);
      if (cell === undefined) {
        unfinished++;
        continue;
      }
      cells.push(cell);
      const t = state.timelines.get(c.id);
      if (t !== undefined) timelines.push(t);
    }
  }
  const calibration = plan.blocks.flatMap((b) => state.calibration.get(b.id) ?? []);
  return { cells, timelines, harness: { ...state.harness }, calibration, findings: computeFindings(cells), unfinished };
}

function message(error: unknown): string {
  const text = error instanceof Error ? `${error.name === 'Error' || error.name === 'RunError' ? '' : `${error.name}: `}${error.message}` : String(error);
  return text.split('\n')[0] ?? text;
}

/** One cell's part of a block run. */
interface Running {
  readonly spec: CellSpec;
  readonly record: CellRecord;
  live?: LiveCell | undefined;
}

async function runBlock(o: RunPlanOptions, block: Block): Promise<void> {
  const { state, journal, signal, events, plan } = o;
  const opts = plan.options;
  const check = (): void => {
    if (signal.aborted) throw new Interrupted('interrupted');
  };
  const running: Running[] = block.cells.map((spec) => ({ spec, record: { spec, slices: [], warmup: { ms: 0, slices: 0, steady: false } } }));
  const open = (r: Running): r is Running & { live: LiveCell } => r.live !== undefined && r.record.error === undefined;
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
    heapMB: opts.heapMB,
    strategyOptions: spec.strategyOptions,
    params: spec.runParams,
    seed: opts.seed,
    stallTimeoutMs: opts.stallTimeoutMs,
    counting,
    signal,
  });

  try {
    // 1. Open and warm up every cell.
    for (const r of running) {
      check();
      events?.busy?.(`${block.label}: starting and warming up ${r.spec.strategy} ×${r.spec.threads}${paramText(r.spec)}`);
      const t0 = performance.now();
      try {
        r.live = await openCell(cellOptions(r.spec, false));
        const minMs = Math.max(opts.warmupMinMs, r.live.workloadFactory.warmupMs ?? 0);
        r.record.warmup = await r.live.warmup({ minMs, maxMs: Math.max(minMs, opts.warmupMaxMs), sliceMs: block.sliceMs });
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
            const s: SliceResult = await r.live.slice(block.sliceMs);
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
    const counted = running.filter((r) => r.record.error === undefined && r.record.outcome !== undefined);
    let next = 0;
    const lane = async (): Promise<void> => {
      for (let r = counted[next++]; r !== undefined; r = counted[next++]) {
        check();
        events?.busy?.(`${block.label}: counting ${r.spec.strategy} ×${r.spec.threads}${paramText(r.spec)}`);
        const t0 = performance.now();
        let live: LiveCell | undefined;
        try {
          live = await openCell(cellOptions(r.spec, true));
          await live.warmup({ minMs: opts.warmupMinMs, maxMs: opts.warmupMinMs, sliceMs: block.sliceMs });
          await live.mark();
          let ops = 0;
          for (let elapsed = 0; elapsed < opts.countMs; ) {
            const s = await live.slice(Math.min(block.sliceMs * 4, opts.countMs));
            ops += s.ops;
            elapsed += s.elapsedMs;
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
    await Promise.all([lane(), lane()]);

    // 5. Aggregate and journal the block.
    // Where one-thread cells rotated beside multi-thread ones, a ratio spans a full turn.
    const mixed = block.cells.some((c) => c.threads > 1) && block.cells.some((c) => c.threads === 1);
    const cells = aggregateBlock(block, running.map((r) => r.record), mixed && rotation.enabled ? rotation.cpuCount : 1);
    state.calibration.set(block.id, calibration);
    journal.append({ type: 'calibration', block: block.id, kernelNs: calibration });
    for (const r of running) {
      const events = r.record.outcome?.timeline;
      if (r.spec.timeline && events !== undefined && events.length > 0) {
        const timeline = toTimeline(r.spec, events, block.sliceMs);
        state.timelines.set(r.spec.id, timeline);
        journal.append({ type: 'timeline', cell: r.spec.id, timeline });
      }
    }
    if (block.group === 'harness') {
      const figures = harnessFigures(cells);
      Object.assign(state.harness, figures);
      journal.append({ type: 'harness', figures });
    }
    for (const cell of cells) {
      state.cells.set(cell.id, cell);
      journal.append({ type: 'cell', cell });
      events?.cellDone?.(cell);
    }
  } finally {
    // Interrupted or not, no worker outlives its block.
    await Promise.all(running.map(async (r) => r.live?.kill()));
  }
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

function paramText(cell: CellSpec): string {
  const keys = Object.keys(cell.params);
  return keys.length === 0 ? '' : ` ${keys.map((k) => `${k}=${String(cell.params[k])}`).join(' ')}`;
}

/**
 * A run's events as a timeline: `t` in ms from the first event, the events of the first
 * measured slice only (between slices the threads are paused, which a timeline would show as
 * blocking), at most `MAX_TIMELINE_EVENTS` of them.
 */
export function toTimeline(cell: CellSpec, events: readonly TimelineEvent[], sliceMs: number): Timeline {
  const all = [...events].sort((a, b) => a.t - b.t);
  const first = all[0]?.t ?? 0;
  const sorted = all.filter((e) => e.t <= first + sliceMs).slice(0, MAX_TIMELINE_EVENTS);
  const t0 = sorted[0]?.t ?? 0;
  return {
    strategy: cell.strategy,
    workload: cell.workload,
    threads: cell.threads,
    params: { ...cell.params, cell: cell.id },
    events: sorted.map((e) => ({ t: Math.round((e.t - t0) * 1000) / 1000, thread: e.thread, kind: e.kind })),
  };
}
