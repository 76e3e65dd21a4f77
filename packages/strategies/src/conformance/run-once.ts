/**
 * One program, run once: free-running on real parallel threads (core's `run()` with the kit's
 * workload, `workload.ts`), or under one controlled schedule (`controlled.ts`). The layers of
 * `checkStrategy` run programs by the hundred; these two are for a test that replays one.
 */
import { type Catalog, ModuleLoader, run } from '@rclab/core';
import { moduleUrl, resolveModuleRef } from '@rclab/core/internal';
import { strategyCatalog } from '../catalog.ts';
import { type ControlledOutcome, ControlledPool } from './controlled.ts';
import { type ConformanceOptions, DEFAULT_ROUNDS } from './options.ts';
import { normalizeProgram, type Program, programProblem } from './program.ts';
import type { ProgramOutcome } from './properties.ts';
import { NO_PREEMPTION, normalizeSchedule, type Schedule } from './schedule.ts';

const WORKLOAD = 'rclab-conformance-program';
const workloadUrl = moduleUrl(import.meta.url, './workload.ts', './conformance/workload.js');
const workloads: Catalog = { [WORKLOAD]: workloadUrl };

/** Runs one program once, free-running, under `strategy` (a built-in name or a path) and returns what happened. */
export async function runProgram(
  strategy: string,
  program: Program,
  options: Pick<ConformanceOptions, 'rounds' | 'strategyOptions' | 'strategies' | 'heapMB' | 'stallTimeoutMs' | 'signal' | 'loader'> = {},
): Promise<ProgramOutcome> {
  const problem = programProblem(program);
  if (problem !== undefined) throw new TypeError(`not a conformance program: ${problem}`);
  const p = normalizeProgram(program);
  const rounds = options.rounds ?? DEFAULT_ROUNDS;
  try {
    const result = await run({
      strategy,
      strategies: options.strategies ?? strategyCatalog,
      workload: WORKLOAD,
      workloads,
      threads: p.threads.length,
      opsPerThread: rounds * Math.max(...p.threads.map((t) => t.repeat)),
      heapMB: options.heapMB ?? 32,
      stallTimeoutMs: options.stallTimeoutMs ?? 5000,
      strategyOptions: options.strategyOptions ?? {},
      params: { program: JSON.stringify(p), rounds },
      ...(options.signal !== undefined ? { signal: options.signal } : {}),
      ...(options.loader !== undefined ? { loader: options.loader } : {}),
    });
    return { correctness: result.correctness, counters: result.counters };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * Runs one program once under one controlled schedule — the replay of a counterexample the
 * kit printed, for a vitest test:
 * `expect((await runSchedule('./mine.ts', program, schedule)).failure).toBeUndefined()`.
 */
export async function runSchedule(
  strategy: string,
  program: Program,
  schedule: Schedule = NO_PREEMPTION,
  options: Pick<ConformanceOptions, 'strategyOptions' | 'strategies' | 'wallTimeoutMs' | 'loader'> = {},
): Promise<ControlledOutcome> {
  const problem = programProblem(program);
  if (problem !== undefined) throw new TypeError(`not a conformance program: ${problem}`);
  const strategies = options.strategies ?? strategyCatalog;
  const url = resolveModuleRef(strategy, strategies, 'strategy');
  const loader = options.loader ?? new ModuleLoader();
  try {
    const factory = await loader.loadStrategy(url, strategies[strategy] !== undefined);
    const p = normalizeProgram(program);
    const pool = await ControlledPool.open(url, factory, p.threads.length, loader);
    try {
      return await pool.run(p, normalizeSchedule(schedule), {
        rounds: 1,
        strategyOptions: options.strategyOptions ?? {},
        ...(options.wallTimeoutMs !== undefined ? { wallTimeoutMs: options.wallTimeoutMs } : {}),
      });
    } finally {
      await pool.close();
    }
  } finally {
    if (options.loader === undefined) await loader.dispose();
  }
}
