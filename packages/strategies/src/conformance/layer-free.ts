/**
 * Layer 3, free-running: a few programs (the canaries first, then random ones) on real parallel
 * threads for `rounds` passes (core's `run()`), for what only real hardware shows. A failure here
 * has no schedule and replays only as reliably as the bug. It runs only if nothing already stalls:
 * core's run() waits for its main thread's endBlocking, which a strategy that keeps its lock could
 * hold forever.
 */
import fc from 'fast-check';
import type { Catalog, ModuleLoader } from '@rclab/core';
import { canaryPrograms } from './canaries.ts';
import type { ConformanceOptions } from './options.ts';
import { normalizeProgram } from './program.ts';
import { programArbitrary } from './program-arbitrary.ts';
import { formatProgram } from './program-format.ts';
import { freeViolation } from './properties.ts';
import { replayCommand, type ReplayContext } from './replay.ts';
import type { PropertyResult } from './report.ts';
import { runProgram } from './run-once.ts';

/** What the free-running layer needs; the check's options pass through to each run. */
export interface FreeRunning extends ReplayContext {
  /** Programs to run; 0 for none. */
  readonly freeRuns: number;
  readonly rounds: number;
  readonly options: ConformanceOptions;
  readonly strategies: Catalog;
  readonly loader: ModuleLoader;
  readonly progress: (text: string) => void;
  readonly signal: AbortSignal | undefined;
}

/**
 * Runs the layer unless a liveness property already failed: each property that passed the
 * controlled layers and fails here is replaced in `properties`. Returns the programs run.
 */
export async function freeRunningLayer(free: FreeRunning, properties: PropertyResult[]): Promise<number> {
  const { freeRuns, rounds, signal, threads, seed } = free;
  const liveness = properties.some((p) => p.status === 'failed' && (p.name === 'no-deadlock' || p.name === 'no-starvation' || p.name === 'runs-to-completion'));
  if (!(freeRuns > 0) || liveness || signal?.aborted) return 0;
  const programs = [...canaryPrograms(Math.min(threads, 4)), ...fc.sample(programArbitrary({ threads }), { seed, numRuns: Math.max(0, freeRuns - 4) })]
    .slice(0, freeRuns)
    .map(normalizeProgram);
  free.progress(`free-running layer: ${programs.length} programs on real parallel threads, ${rounds} passes each…`);
  let ran = 0;
  for (const program of programs) {
    if (signal?.aborted) break;
    ran++;
    const outcome = await runProgram(free.strategy, program, { ...free.options, rounds, strategies: free.strategies, loader: free.loader });
    for (let k = 0; k < properties.length; k++) {
      const p = properties[k] as PropertyResult;
      if (p.status !== 'passed') continue;
      const failure = freeViolation(p.name, outcome);
      if (failure === undefined) continue;
      properties[k] = {
        ...p,
        status: 'failed',
        passed: false,
        layer: 'free',
        counterexample: program,
        counterexampleText: formatProgram(program, rounds),
        failure: `${failure} (free-running: real parallel threads, no schedule; it replays only as reliably as the bug)`,
        replay: replayCommand(free, undefined),
      };
    }
  }
  return ran;
}
