import type { Heap } from '../heap/heap.ts';
import type { Strategy } from '../strategy/types.ts';
import type { Check } from '../results/types.ts';
import type { ParamSpec, WorkloadParams } from './params.ts';

export type { WorkloadParams } from './params.ts';

/** What a workload's setup runs with: the main thread's heap arena and strategy instance. */
export interface SetupContext {
  readonly heap: Heap;
  readonly strategy: Strategy;
  /** Worker threads that will run. */
  readonly threads: number;
  readonly params: WorkloadParams;
  /** Seed for anything random, so a run can be replayed. */
  readonly seed: number;
}

/** What each worker's body runs with. */
export interface ThreadContext extends SetupContext {
  /** This thread's index, 1..threads. */
  readonly threadIndex: number;
}

/** One thread's running workload. */
export interface WorkloadThread {
  /**
   * Do at most `budget` operations and return how many were done (0 is allowed, e.g. a
   * consumer that found nothing). Keep one call short (well under a millisecond per unit of
   * budget): the runtime checks for the stop signal between calls.
   */
  step(budget: number): number;
  /** Release every reference this thread still holds (before the strategy's `detach`). */
  finish(): void;
}

/** A workload's own verdict on a finished run. */
export interface WorkloadVerdict {
  /** Updates that a correct run would have kept but this one lost (0 when exact). */
  readonly lostUpdates: number;
  /** Named values that were checked, with what was expected, for the report. */
  readonly checks?: readonly WorkloadCheck[];
  /**
   * Named measurements of the run that are not pass/fail checks (latencies, queue lengths, busy
   * times), each with its unit. They travel to the results as measurements, never as checks.
   */
  readonly measurements?: readonly WorkloadMeasurement[];
}

/** One measured value a workload reports about its run (e.g. `ioLatencyP50`, 0.21, `ms`). */
export interface WorkloadMeasurement {
  readonly name: string;
  readonly value: number;
  /** `ms`, `ns`, `count`, `objects`, `bytes`, `ratio`, … */
  readonly unit: string;
}

/** One checked value (the results file's `Check`). */
export type WorkloadCheck = Check;

/** What a workload module default-exports (use `defineWorkload`). */
export interface WorkloadFactory<Data = unknown> {
  /** Short name used on the command line and in results. */
  readonly name: string;
  /** One line: what it does and which case it isolates. */
  readonly description: string;
  /**
   * One line: what one operation is (what `ops` and every per-op figure count), e.g. "one
   * incref of the next object and one decref of the oldest held". `rclab list` shows it.
   */
  readonly op?: string;
  /**
   * The parameters it reads, with kind, default and range. When declared, `run()` refuses a
   * bad value before anything starts and the CLI refuses a `--param` key no selected workload
   * declares; read values with `paramValue(name, spec, params)` so the declaration is the one
   * source of truth. Without it, parameters are passed through unchecked.
   */
  readonly params?: readonly ParamSpec[];
  /**
   * A constraint between parameters that one declaration cannot say (e.g. `size` at least
   * `refs`): the problem in one line, or `undefined`. Called before anything runs.
   */
  checkParams?(params: WorkloadParams): string | undefined;
  /**
   * Warm-up this workload needs before its throughput is steady, in ms: a run's `warmupMs` is
   * raised to at least this. Every trial starts fresh workers, so V8 optimizes the workload's
   * hot loop anew each time; a bytecode interpreter's large eval loop takes far longer to
   * reach optimized code than a micro loop, and measuring before then measures the JIT.
   */
  readonly warmupMs?: number;
  /**
   * What the workload is for, as far as a suite needs to know to pick it: experiments that need
   * a workload of a kind (a cross-thread hand-off, a CPU-bound loop, a probe) find it by role,
   * not by name. The suite's roles are listed in `@rclab/bench`'s `experiments/roles.ts`.
   */
  readonly roles?: readonly string[];
  /** Shared words the workload needs outside objects (counters, flags). */
  sharedWords?(threads: number, params: WorkloadParams): number;
  /**
   * Main thread, before workers start: allocate shared objects, declare roots with
   * `heap.addRoot`, and return data (structured-cloneable) that every thread receives.
   */
  setup(context: SetupContext): Data;
  /** In each worker: build the thread's body. */
  thread(context: ThreadContext, data: Data): WorkloadThread;
  /**
   * Main thread, after every worker finished and before roots are released: check the
   * outcome (expected totals) and report lost updates.
   */
  verify?(context: SetupContext, data: Data, ops: readonly number[]): WorkloadVerdict;
}
