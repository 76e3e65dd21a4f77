/**
 * The controlled runs of one check: every (program, schedule) pair is run once per check,
 * whichever layer or property asks first, so the properties share runs and the report can count
 * the distinct programs and runs it explored.
 */
import type { ControlledOutcome, ControlledPool } from './controlled.ts';
import type { Program } from './program.ts';
import type { Schedule } from './schedule.ts';

/** How each run is made (one pass, the strategy's options, the wall-clock limit, the stop signal). */
export type MemoRunOptions = Parameters<ControlledPool['run']>[2];

export class RunMemo {
  readonly #pool: ControlledPool;
  readonly #options: MemoRunOptions;
  readonly #outcomes = new Map<string, Promise<ControlledOutcome>>();
  readonly #programs = new Set<string>();

  constructor(pool: ControlledPool, options: MemoRunOptions) {
    this.#pool = pool;
    this.#options = options;
  }

  /** The outcome of `p` under `s`, run now unless it already ran (or the check was stopped). */
  run(p: Program, s: Schedule): Promise<ControlledOutcome> {
    const key = JSON.stringify([p, s]);
    let outcome = this.#outcomes.get(key);
    if (outcome === undefined) {
      this.#programs.add(JSON.stringify(p));
      outcome = this.#options.signal?.aborted ? Promise.resolve({ steps: 0, switches: 0, trace: [] }) : this.#pool.run(p, s, this.#options);
      this.#outcomes.set(key, outcome);
    }
    return outcome;
  }

  /** The outcome of `p` under `s` if it has been run, without running it. */
  ran(p: Program, s: Schedule): Promise<ControlledOutcome> | undefined {
    return this.#outcomes.get(JSON.stringify([p, s]));
  }

  /** Distinct programs run. */
  get programs(): number {
    return this.#programs.size;
  }

  /** Runs made (one program under one schedule each). */
  get runs(): number {
    return this.#outcomes.size;
  }
}
