/**
 * Runs a plan, block by block. A block is one comparison (every strategy on one workload, the
 * thread counts of one workload, the points of a sweep), and its cells are measured together:
 *
 * 1. every cell is opened (its workers start once) and warmed up until its throughput is
 *    steady, then its measured window is marked;
 * 2. the cells are interleaved slice by slice for the block's rounds, in rotated order, with the
 *    calibration kernel timed every round (`measureInterleaved`, interleave.ts);
 * 3. every cell is closed: the heap audit and every check run on the whole timed run;
 * 4. every cell gets a counting pass: the same workload with the strategy's counting variant,
 *    in fresh workers, whose counters over its measured window are exact (the timed run's
 *    strategy never counts on its hot path);
 * 5. the block's cells are aggregated (medians, paired ratios), its experiment derives its
 *    figures, and they are journalled together.
 *
 * An experiment may measure its blocks itself instead (`Experiment.measureBlock`: fixed-work
 * cells, or cells that are not this runtime's workers); step 5 is the same. What the runner
 * does differs by experiment only through what the experiment declares (`ExperimentRun`).
 *
 * A cell that fails is recorded as a failed cell and drops out of the rest of the block; the
 * others go on. An interrupted block is measured again from the start on `--resume` (its
 * cells are compared with each other, so they are measured together).
 */
import { type Cell, type ModuleLoader, type Timeline, type TimelineEvent } from '@rclab/core';
import { resolveModuleRef } from '@rclab/core/internal';
import { setMaxListeners } from 'node:events';
import { experimentOf } from '../experiments/index.ts';
import { runTraits } from '../experiments/types.ts';
import type { Journal, JournalState, MeasuredState } from '../journal/journal.ts';
import { aggregateBlock, type CellRecord } from './aggregate.ts';
import type { Catalogs } from './catalogs.ts';
import { computeFindings, type Findings, findingsContext } from './findings.ts';
import { Interrupted, measureInterleaved, type RunnerEvents, type Running } from './interleave.ts';
import type { Block, CellSpec, Plan } from './types.ts';

/** Most events kept per timeline (the earliest ones: a window from the start of the measured window). */
export const MAX_TIMELINE_EVENTS = 4000;

export { Interrupted, roundOrder } from './interleave.ts';

export type { RunnerEvents } from './interleave.ts';

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
export type RunnerState = MeasuredState;

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
  /** The run's module loader: each module loaded and each worker bundle built once per run. */
  readonly loader: ModuleLoader;
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
      if (c.python !== undefined) continue; // a Python process: no worker bundle
      try {
        const pair = [resolveModuleRef(c.strategyRef, o.catalogs.strategies, 'strategy'), resolveModuleRef(c.workloadRef, o.catalogs.workloads, 'workload')] as const;
        pairs.set(pair.join('\n'), pair);
      } catch {
        // An unknown name fails its cell when it opens.
      }
    }
  }
  await o.loader.prebuild([...pairs.values()], 4, o.signal);
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
  return { cells, timelines, harness: { ...state.harness }, calibration, findings: computeFindings(cells, findingsContext(plan)), unfinished };
}

/**
 * Runs one block: measures it (the experiment's own `measureBlock`, or the interleaved timed
 * slices below), then aggregates, derives and journals it together.
 */
async function runBlock(o: RunPlanOptions, block: Block): Promise<void> {
  const { state, journal, signal, events, plan } = o;
  const experiment = experimentOf(block.group);
  const traits = runTraits(experiment ?? {});
  const running: Running[] = block.cells.map((spec) => ({ spec, record: { spec, slices: [], warmup: { ms: 0, slices: 0, steady: false } } }));
  try {
    let measured: { readonly records: readonly CellRecord[]; readonly calibration: number[]; readonly span: number };
    if (experiment?.measureBlock !== undefined) {
      const records = await experiment.measureBlock(block, { options: plan.options, catalogs: o.catalogs, signal, busy: (label) => events?.busy?.(label) });
      if (signal.aborted) throw new Interrupted('interrupted');
      measured = { records, calibration: [], span: 1 };
    } else {
      // Timed slices, or for a `fixed-work` experiment one whole unit of work per slice (`block.fixedWork`).
      measured = { records: running.map((r) => r.record), ...(await measureInterleaved(o, block, running, traits)) };
    }

    // 5. Aggregate and journal the block.
    const { records, calibration } = measured;
    const cells = aggregateBlock(block, records, measured.span, {
      ratioBaseline: traits.ratiosToBaseline ? plan.baseline : undefined,
      countingPass: traits.countingPass,
    });
    state.calibration.set(block.id, calibration);
    journal.append({ type: 'calibration', block: block.id, kernelNs: calibration });
    for (const r of records) {
      const events = r.outcome?.timeline;
      if (r.spec.timeline && events !== undefined && events.length > 0) {
        const timeline = toTimeline(r.spec, events, block.sliceMs);
        state.timelines.set(r.spec.id, timeline);
        journal.append({ type: 'timeline', cell: r.spec.id, timeline });
      }
    }
    if (experiment?.derive !== undefined) {
      const figures = experiment.derive(cells, block);
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
