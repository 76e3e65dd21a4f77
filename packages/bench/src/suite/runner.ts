/**
 * Runs a plan: block by block, round by round, every cell of a block once per round in an
 * order rotated each round (so no strategy always runs first, right after a block starts, or
 * last), appending each trial to the journal as it finishes and each cell when its block is
 * done. A run that fails becomes a cell with `error`; the suite goes on.
 */
import { type Cell, type MicroTiming, resolveModuleRef, run, type Timeline, type TimelineEvent, workerBundle } from '@rclab/core';
import { emptyRunFigures, microFigures } from '../harness/figures.ts';
import { microTiming, prepareMicro } from '../harness/micro.ts';
import type { Journal, JournalState } from '../journal/journal.ts';
import { aggregateCell, coverageFinding, type TrialRecord, withRatios } from './aggregate.ts';
import type { Catalogs } from './catalogs.ts';
import { computeFindings, type Findings } from './findings.ts';
import { estimateTrialMs } from './plan.ts';
import type { Block, CellSpec, Plan } from './types.ts';

/** Most events kept per timeline (the earliest ones: a window from the start of the run). */
export const MAX_TIMELINE_EVENTS = 4000;

/** Thrown out of `runPlan` when the signal aborts it (Ctrl-C). */
export class Interrupted extends Error {
  override readonly name = 'Interrupted';
}

/** What the runner tells whoever shows progress. */
export interface RunnerEvents {
  /** A trial is about to start. */
  trialStart?(cell: CellSpec, round: number, block: Block): void;
  /** A trial finished (or failed). `estimatedMs` is what the planner expected it to take. */
  trialEnd?(cell: CellSpec, record: TrialRecord, estimatedMs: number): void;
  /** A cell finished (all its trials, aggregated). */
  cellDone?(cell: Cell): void;
  /** In-process work (tinybench) starts. */
  busy?(label: string): void;
}

/** Everything measured so far. */
export interface SuiteOutcome {
  /** Finished cells in plan order. */
  readonly cells: Cell[];
  readonly timelines: Timeline[];
  readonly harness: Record<string, number>;
  readonly findings: Findings;
  /** Plan cells not finished (interrupted runs). */
  readonly unfinished: number;
}

/** The state carried through a run: what the journal already held plus what this run adds. */
export interface RunnerState {
  readonly trials: Map<string, TrialRecord[]>;
  readonly micro: Map<string, MicroTiming>;
  readonly timelines: Map<string, Timeline>;
  readonly harness: Record<string, number>;
  readonly cells: Map<string, Cell>;
}

/** Fresh state, or the state read from a journal (resume). */
export function runnerState(from?: JournalState): RunnerState {
  return {
    trials: from?.trials ?? new Map(),
    micro: from?.micro ?? new Map(),
    timelines: from?.timelines ?? new Map(),
    harness: from?.harness ?? {},
    cells: from?.cells ?? new Map(),
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

/**
 * Builds every worker bundle the unfinished cells need, a few at a time, before anything is
 * timed: esbuild then runs while nothing is being measured, on both cores, instead of once per
 * new strategy–workload pair in the middle of the suite. A pair that fails to bundle is left
 * for its trial to report (as a cell error).
 */
export async function prepareBundles(o: RunPlanOptions): Promise<void> {
  const jobs = new Map<string, () => Promise<unknown>>();
  for (const block of o.plan.blocks) {
    for (const c of block.cells) {
      if (o.state.cells.has(c.id)) continue;
      jobs.set(`w\n${c.strategyRef}\n${c.workloadRef}`, () =>
        workerBundle(resolveModuleRef(c.strategyRef, o.catalogs.strategies, 'strategy'), resolveModuleRef(c.workloadRef, o.catalogs.workloads, 'workload')),
      );
      if (c.micro) {
        jobs.set(`m\n${c.strategyRef}\n${c.workloadRef}`, () =>
          prepareMicro({ strategy: c.strategyRef, workload: c.workloadRef, strategies: o.catalogs.strategies, workloads: o.catalogs.workloads }),
        );
      }
    }
  }
  const list = [...jobs.values()];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < list.length && !o.signal.aborted) {
      const job = list[next++] as () => Promise<unknown>;
      await job().catch(() => undefined);
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
}

/** Runs every block of the plan that is not finished yet. Throws `Interrupted` on abort. */
export async function runPlan(o: RunPlanOptions): Promise<SuiteOutcome> {
  o.events?.busy?.('building worker bundles');
  await prepareBundles(o);
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
  const trialsOf = (id: string): readonly TrialRecord[] => state.trials.get(id) ?? [];
  const findings = computeFindings(cells, trialsOf, plan.options.trials, coverageFinding(plan.options.trials));
  return { cells, timelines, harness: { ...state.harness }, findings, unfinished };
}

async function runBlock(o: RunPlanOptions, block: Block): Promise<void> {
  const { state, journal, signal, events } = o;
  const rounds = Math.max(...block.cells.map((c) => c.trials));
  const failed = (id: string): boolean => (state.trials.get(id) ?? []).some((t) => t.error !== undefined);
  for (let round = 0; round < rounds; round++) {
    const n = block.cells.length;
    for (let k = 0; k < n; k++) {
      const cell = block.cells[(k + round) % n] as CellSpec;
      if (cell.trials <= round || state.cells.has(cell.id) || failed(cell.id)) continue;
      if ((state.trials.get(cell.id) ?? []).some((t) => t.round === round)) continue;
      if (signal.aborted) throw new Interrupted('interrupted');
      events?.trialStart?.(cell, round, block);
      const { record, timeline } = await runTrial(o, cell, round);
      const list = state.trials.get(cell.id) ?? [];
      list.push(record);
      state.trials.set(cell.id, list);
      journal.append({ type: 'trial', cell: cell.id, trial: record });
      if (timeline !== undefined) {
        state.timelines.set(cell.id, timeline);
        journal.append({ type: 'timeline', cell: cell.id, timeline });
      }
      events?.trialEnd?.(cell, record, estimateTrialMs(cell, o.plan.options.warmupMs));
    }
  }

  // Per-operation timing of micro cells (tinybench, a worker per cell), after the block's runs.
  for (const cell of block.cells) {
    if (!cell.micro || state.micro.has(cell.id) || state.cells.has(cell.id) || failed(cell.id)) continue;
    if (signal.aborted) throw new Interrupted('interrupted');
    events?.busy?.(`tinybench · ${cell.workload} · ${cell.strategy}`);
    try {
      const micro = await microTiming({
        strategy: cell.strategyRef,
        workload: cell.workloadRef,
        strategies: o.catalogs.strategies,
        workloads: o.catalogs.workloads,
        params: cell.runParams,
        strategyOptions: cell.strategyOptions,
        seed: o.plan.options.seed,
        timeMs: o.plan.options.microTimeMs,
      });
      state.micro.set(cell.id, micro);
      journal.append({ type: 'micro', cell: cell.id, micro });
    } catch {
      // A strategy that cannot run in-process still has its worker figures; leave micro out.
    }
  }

  if (block.group === 'harness' && state.harness.bareLoopNsPerOp === undefined) {
    if (signal.aborted) throw new Interrupted('interrupted');
    events?.busy?.('tinybench · bare typed-array loops vs unsafe and atomic');
    const figures: Record<string, number> = await microFigures(o.catalogs, o.plan.options.microTimeMs);
    const cell = block.cells[0];
    if (cell !== undefined) {
      const ok = (state.trials.get(cell.id) ?? []).filter((t) => t.error === undefined);
      Object.assign(figures, emptyRunFigures(ok, o.plan.options.warmupMs));
    }
    const workerRc = state.cells.get(`overhead/unsafe/rc-private/1`);
    if (workerRc !== undefined && workerRc.opsPerSec.median > 0) figures.unsafeWorkerNsPerOp = 1e9 / workerRc.opsPerSec.median;
    Object.assign(state.harness, figures);
    journal.append({ type: 'harness', figures });
  }

  // Aggregate and write every cell of the block that is not written yet.
  const trialsOf = (id: string): readonly TrialRecord[] => state.trials.get(id) ?? [];
  const aggregated = block.cells.map((c) => state.cells.get(c.id) ?? aggregateCell(c, trialsOf(c.id), state.micro.get(c.id)));
  const cells = withRatios(block.cells, aggregated, trialsOf);
  for (const cell of cells) {
    if (state.cells.has(cell.id)) continue;
    state.cells.set(cell.id, cell);
    journal.append({ type: 'cell', cell });
    events?.cellDone?.(cell);
  }
}

async function runTrial(o: RunPlanOptions, cell: CellSpec, round: number): Promise<{ record: TrialRecord; timeline?: Timeline }> {
  const started = performance.now();
  try {
    const r = await run({
      strategy: cell.strategyRef,
      workload: cell.workloadRef,
      threads: cell.threads,
      strategies: o.catalogs.strategies,
      workloads: o.catalogs.workloads,
      durationMs: cell.durationMs,
      warmupMs: o.plan.options.warmupMs,
      heapMB: o.plan.options.heapMB,
      strategyOptions: cell.strategyOptions,
      params: cell.runParams,
      seed: o.plan.options.seed + round,
      stallTimeoutMs: o.plan.options.stallTimeoutMs,
      signal: o.signal,
    });
    const c = r.correctness;
    const record: TrialRecord = {
      round,
      opsPerSec: r.opsPerSec,
      ops: r.ops,
      elapsedMs: r.elapsedMs,
      counters: r.counters,
      correctness: {
        lostUpdates: c.lostUpdates,
        leaks: c.leaks,
        doubleFrees: c.doubleFrees,
        useAfterFree: c.useAfterFree,
        auditMismatches: c.auditMismatches,
        corruptions: c.corruptions,
        ok: c.ok,
        checks: c.checks,
      },
      wallMs: performance.now() - started,
    };
    const timeline = cell.timeline && r.timeline.length > 0 ? toTimeline(cell, r.timeline) : undefined;
    return timeline !== undefined ? { record, timeline } : { record };
  } catch (error) {
    if (o.signal.aborted) throw new Interrupted('interrupted');
    const message = error instanceof Error ? `${error.name === 'Error' ? '' : `${error.name}: `}${error.message}` : String(error);
    return {
      record: {
        round,
        opsPerSec: 0,
        ops: 0,
        elapsedMs: 0,
        counters: {},
        correctness: { lostUpdates: 0, leaks: 0, doubleFrees: 0, useAfterFree: 0, auditMismatches: 0, corruptions: 0, ok: false, checks: [] },
        wallMs: performance.now() - started,
        error: message.split('\n')[0] ?? message,
      },
    };
  }
}

/** A run's events as a timeline: `t` in ms from the first event, the earliest events kept. */
export function toTimeline(cell: CellSpec, events: readonly TimelineEvent[]): Timeline {
  const sorted = [...events].sort((a, b) => a.t - b.t).slice(0, MAX_TIMELINE_EVENTS);
  const t0 = sorted[0]?.t ?? 0;
  return {
    strategy: cell.strategy,
    workload: cell.workload,
    threads: cell.threads,
    params: { ...cell.params, cell: cell.id },
    events: sorted.map((e) => ({ t: Math.round((e.t - t0) * 1000) / 1000, thread: e.thread, kind: e.kind })),
  };
}
