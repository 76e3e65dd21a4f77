// The catalog: the run's strategies and workloads as their factories describe themselves.
// Part of the results contract: `../types.ts` declares the whole file and re-exports this, and `pnpm schema` starts there.
import type { ParamSpec } from '../../workload/params.ts';

/** The families of the built-in strategies; a user's strategy may name its own. */
export type StrategyFamily = 'gil' | 'biased' | 'atomic' | 'locked' | 'unsafe';

/** One counter a strategy reports, with its unit. */
export interface CounterSpec {
  /** The key in `counters` (e.g. `atomicOps`). */
  readonly name: string;
  /** `count`, `ms`, `ns`, `objects`, … */
  readonly unit: string;
  /** One line: what it counts. */
  readonly description?: string;
}

/**
 * What a timeline event does to its thread's hold on the interpreter: `acquire` starts holding,
 * `release` ends it, `forced-release` ends it because another thread asked (drawn as a mark
 * too), `block`/`unblock` bracket a blocking call with the lock released, `request` means the
 * thread has been waiting and asked the holder to drop, and `marker` is an instant drawn as a mark.
 */
export type TimelineRole = 'acquire' | 'release' | 'forced-release' | 'block' | 'unblock' | 'request' | 'marker';

/** One kind of event a strategy's timeline records. */
export interface TimelineKindSpec {
  /** The event's `kind` (e.g. `forced-drop`). */
  readonly kind: string;
  readonly role: TimelineRole;
  /** One line: what happened. */
  readonly description?: string;
}

/** A strategy as its factory describes itself. */
export interface StrategyEntry {
  readonly name: string;
  readonly description: string;
  /** Whether it claims exact counts under concurrency (the control does not). */
  readonly threadSafe: boolean;
  /** What kind of design it is: a built-in family or a user's own word. */
  readonly family: StrategyFamily | (string & Record<never, never>);
  /** The counters it reports, with units (a counter not listed is a plain count). */
  readonly counters: readonly CounterSpec[];
  /** The kinds of event its timeline records (empty when it records none). */
  readonly timeline: readonly TimelineKindSpec[];
}

/** A workload as its factory describes itself. */
export interface WorkloadEntry {
  readonly name: string;
  readonly description: string;
  /** What one operation is (what `opsPerSec` and every per-op figure count). */
  readonly op?: string;
  /** The parameters it reads, with kinds and defaults. */
  readonly params: readonly ParamSpec[];
}

/**
 * The strategies and workloads of the run, as their factories describe themselves, in display
 * order (the baseline first, then as selected).
 */
export interface ResultsCatalog {
  readonly strategies: readonly StrategyEntry[];
  readonly workloads: readonly WorkloadEntry[];
}
