/** The options of `checkStrategy`, and their defaults (a replay command repeats the ones that differ). */
import type { Catalog, ModuleLoader, StrategyOptions } from '@rclab/core';
import type { Program } from './program.ts';
import type { PropertyName } from './properties.ts';

/** Options of `checkStrategy`. */
export interface ConformanceOptions {
  /** Random (program, schedule) pairs per property under the controlled scheduler, on top of the systematic ones. @defaultValue fast-check's global `numRuns`, else 40 */
  readonly runs?: number;
  /** Most worker threads a program uses (1..8). @defaultValue 4 */
  readonly threads?: number;
  /** Free-running layer: each thread runs its body `repeat × rounds` times. @defaultValue 2000 */
  readonly rounds?: number;
  /** fast-check seed. @defaultValue fast-check's global seed, else a random one (reported) */
  readonly seed?: number;
  /** Replay path of a counterexample (from a report; needs the same `seed` and options). */
  readonly path?: string;
  /** Check only these properties. @defaultValue all */
  readonly properties?: readonly PropertyName[];
  /** Extra controlled runs spent shrinking one failing property. @defaultValue 300 */
  readonly maxShrinkRuns?: number;
  /** Programs explored systematically (every schedule up to the bound). @defaultValue `controlledCanaries(threads)` */
  readonly examples?: readonly Program[];
  /** Most preemptions of a systematic schedule (0..2). @defaultValue 2 */
  readonly preemptionBound?: number;
  /** Most schedules per program and granularity in the systematic layer (sampled evenly past it). @defaultValue 120 */
  readonly schedulesPerProgram?: number;
  /** Programs run free (real parallel threads, no schedule) after the controlled layers; 0 for none. @defaultValue 4 */
  readonly freeRuns?: number;
  /** Options passed to the strategy (e.g. `switchIntervalMs`). */
  readonly strategyOptions?: StrategyOptions;
  /** Built-in strategy names. @defaultValue this package's catalog */
  readonly strategies?: Catalog;
  /** Heap per free run, MiB. @defaultValue 32 */
  readonly heapMB?: number;
  /** A free run with no progress for this long is a deadlock. @defaultValue 5000 */
  readonly stallTimeoutMs?: number;
  /** A controlled run that takes longer than this on the wall clock is stopped (a loop that never reaches a scheduling point). @defaultValue 20000 */
  readonly wallTimeoutMs?: number;
  /** Stops the check (Ctrl-C): the report so far is returned with `stopped: true`. */
  readonly signal?: AbortSignal;
  /** Progress lines (what is being explored). */
  readonly onProgress?: (text: string) => void;
  /** Where a failure report is printed; `null` prints nothing. @defaultValue console.error */
  readonly log?: ((text: string) => void) | null;
  /** The module loader to load and bundle the strategy with (a caller's run). @defaultValue one of the check's own, disposed at its end */
  readonly loader?: ModuleLoader;
}

export const DEFAULT_ROUNDS = 2000;
export const DEFAULT_THREADS = 4;
export const DEFAULT_RUNS = 40;
export const DEFAULT_SCHEDULES_PER_PROGRAM = 120;
export const DEFAULT_FREE_RUNS = 4;
