/**
 * The conformance kit: runs a strategy — built-in or a user's file — through property-based
 * operation programs on real worker threads, and reports, property by property, whether the
 * heap checks found anything wrong.
 *
 * ```ts
 * import { checkStrategy, assertConformance } from '@rclab/strategies/conformance';
 * const report = await checkStrategy('./my-strategy.ts', { runs: 20, threads: 2 });
 * report.properties.filter((p) => !p.passed);      // structured: name, counterexample, seed, path
 * await assertConformance('./my-strategy.ts');     // in a test: throws with the shrunk program
 * ```
 *
 * Three layers, in order:
 * 1. **Systematic** (controlled schedules, `schedule.ts`): the kit's small canary programs under
 *    every schedule with at most `preemptionBound` preemptions (CHESS), at both granularities
 *    (between strategy calls, and at every heap access the strategy makes), sampled evenly past
 *    `schedulesPerProgram`.
 * 2. **Random** (controlled): fast-check generates a program and a schedule together (random
 *    preemption points, PCT-style), `runs` pairs per property, and shrinks both together.
 * 3. **Free-running**: a few programs on real parallel threads for `rounds` passes (core's
 *    `run()`), for what only real hardware shows; a failure there has no schedule and replays only
 *    as reliably as the bug.
 *
 * Layers 1 and 2 are deterministic: the same seed gives the same interleavings, the same verdict
 * and the same shrunk counterexample on any machine under any load. Every (program, schedule)
 * pair is run once per call whichever property asks first. A stall or a throw is reported once,
 * under the property it breaks (`runs-to-completion`, `no-deadlock`, `no-starvation`); the heap
 * properties do not judge a run that did not complete.
 *
 * This file holds the check itself (defaults, the layers in order, the report). The rest of the
 * kit, one thing a file: `properties.ts` (the properties and their verdicts), `options.ts`,
 * `report.ts` (its shape and its text), `replay.ts`, `run-memo.ts` (each pair run once),
 * `layer-systematic.ts`, `layer-random.ts`, `layer-free.ts`, `run-once.ts` (`runProgram`,
 * `runSchedule`); the programs (`program.ts`, `program-arbitrary.ts`, `program-format.ts`,
 * `canaries.ts`, `interpreter.ts`, `workload.ts`); the schedules (`schedule.ts`); and the
 * controlled scheduler (`controlled.ts` on the main thread, `controlled-worker.ts` in the kit's
 * workers).
 */
import fc from 'fast-check';
import { ModuleLoader, type StrategyFactory } from '@rclab/core';
import { resolveModuleRef } from '@rclab/core/internal';
import { strategyCatalog } from '../catalog.ts';
import { controlledCanaries } from './canaries.ts';
import { ControlledPool } from './controlled.ts';
import { freeRunningLayer } from './layer-free.ts';
import { controlledProperties } from './layer-random.ts';
import { type Systematic, systematicSchedules } from './layer-systematic.ts';
import { type ConformanceOptions, DEFAULT_FREE_RUNS, DEFAULT_ROUNDS, DEFAULT_RUNS, DEFAULT_SCHEDULES_PER_PROGRAM, DEFAULT_THREADS } from './options.ts';
import { normalizeProgram } from './program.ts';
import { CONFORMANCE_PROPERTIES, type PropertyName } from './properties.ts';
import { checkReplayPath, type ReplayContext } from './replay.ts';
import { ConformanceError, type ConformanceReport, formatReport, type PropertyResult } from './report.ts';
import { RunMemo } from './run-memo.ts';

/**
 * Checks `strategy` — a built-in name, a path to a module, or a `file:` URL — against every
 * conformance property (see the layers above). Never throws for a failing strategy: the report
 * says which properties failed, with the shrunk program, the shrunk schedule and its interleaving,
 * the seed and the replay command (and prints them, see `log`). Throws for unusable input (an
 * unknown name, a module that is not a strategy, a bad replay path: `ReplayPathError`).
 */
export async function checkStrategy(strategy: string, options: ConformanceOptions = {}): Promise<ConformanceReport> {
  const t0 = performance.now();
  const strategies = options.strategies ?? strategyCatalog;
  const url = resolveModuleRef(strategy, strategies, 'strategy');
  // One loader for the whole check: the strategy is loaded and each bundle built once.
  const loader = options.loader ?? new ModuleLoader();
  try {
    return await checkWith(strategy, url, loader, options, t0);
  } finally {
    if (options.loader === undefined) await loader.dispose();
  }
}

async function checkWith(strategy: string, url: string, loader: ModuleLoader, options: ConformanceOptions, t0: number): Promise<ConformanceReport> {
  const strategies = options.strategies ?? strategyCatalog;
  const factory = await loader.loadStrategy(url, strategies[strategy] !== undefined);
  const threads = options.threads ?? DEFAULT_THREADS;
  if (!Number.isInteger(threads) || threads < 1 || threads > 8) throw new RangeError(`threads must be an integer 1..8, got ${threads}`);
  const rounds = options.rounds ?? DEFAULT_ROUNDS;
  const global = fc.readConfigureGlobal();
  const seed = options.seed ?? global.seed ?? (Date.now() ^ (Math.random() * 0x7fffffff)) | 0;
  const numRuns = options.runs ?? global.numRuns ?? DEFAULT_RUNS;
  const maxShrinkRuns = options.maxShrinkRuns ?? 300;
  const bound = Math.max(0, Math.min(2, options.preemptionBound ?? 2));
  const cap = options.schedulesPerProgram ?? DEFAULT_SCHEDULES_PER_PROGRAM;
  // A replay (path) goes straight to the controlled counterexample: no free-running layer.
  const freeRuns = options.path !== undefined ? 0 : (options.freeRuns ?? DEFAULT_FREE_RUNS);
  const wanted = new Set<PropertyName>(options.properties ?? CONFORMANCE_PROPERTIES.map((p) => p.name));
  const progress = options.onProgress ?? (() => {});
  const signal = options.signal;
  if (options.path !== undefined) checkReplayPath(options.path);
  const replay: ReplayContext = { strategy, seed, threads, runs: numRuns, cap };

  const canaries = (options.examples ?? controlledCanaries(threads).map((c) => c.program)).map(normalizeProgram);
  const poolThreads = Math.max(threads, ...canaries.map((p) => p.threads.length));
  const pool = await ControlledPool.open(url, factory, poolThreads, loader);
  const memo = new RunMemo(pool, {
    rounds: 1,
    strategyOptions: options.strategyOptions ?? {},
    ...(options.wallTimeoutMs !== undefined ? { wallTimeoutMs: options.wallTimeoutMs } : {}),
    ...(signal !== undefined ? { signal } : {}),
  });

  const properties: PropertyResult[] = [];
  let systematic: Systematic;
  let freePrograms: number;
  try {
    systematic = await systematicSchedules(canaries, memo, { bound, cap, seed });
    const { examples, total, exhaustive } = systematic;
    progress(
      `systematic layer: ${canaries.length} programs × every schedule with ≤ ${bound} preemptions at op and access granularity: ` +
        `${examples.length} schedules${exhaustive ? '' : ` (sampled evenly from ${total})`}`,
    );
    properties.push(...(await controlledProperties({ ...replay, factory, wanted, examples, memo, maxShrinkRuns, path: options.path, progress, signal })));
    freePrograms = await freeRunningLayer({ ...replay, freeRuns, rounds, options, strategies, loader, progress, signal }, properties);
  } finally {
    await pool.close();
  }

  const report: ConformanceReport = {
    strategy: factory.name,
    specifier: strategy,
    threadSafe: factory.threadSafe,
    passed: properties.every((p) => p.passed),
    seed,
    threads,
    rounds,
    runsPerProperty: numRuns,
    programsRun: memo.programs + freePrograms,
    explored: {
      programs: memo.programs,
      schedules: memo.runs,
      systematic: { programs: canaries.length, schedules: systematic.examples.length, total: systematic.total, exhaustive: systematic.exhaustive, preemptionBound: bound },
      random: numRuns,
      free: { programs: freePrograms, rounds },
    },
    properties,
    elapsedMs: performance.now() - t0,
    stopped: signal?.aborted === true,
  };
  if (!report.passed && options.log !== null) (options.log ?? console.error)(formatReport(report));
  return report;
}

/** Checks one factory is loadable (re-exported for the CLI). */
export type { StrategyFactory };

/** Like `checkStrategy`, but throws a `ConformanceError` (its message the report) when a property fails. */
export async function assertConformance(strategy: string, options: ConformanceOptions = {}): Promise<ConformanceReport> {
  const report = await checkStrategy(strategy, { ...options, log: options.log ?? null });
  if (!report.passed) throw new ConformanceError(report);
  return report;
}
