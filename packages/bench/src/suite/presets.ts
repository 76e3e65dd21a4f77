/**
 * The two built-in suites. `quick` is what `rclab bench` runs by default and is sized to finish
 * in about two minutes on a 2-core machine with the full set of built-in strategies and
 * workloads; `full` is the long one (tens of minutes) with longer trials, more of them, every
 * workload in the scaling group and finer sweeps.
 *
 * Why these numbers (quick): each trial first runs 20 ms unmeasured, which is when V8 tiers the
 * hot loop up to optimized code (measured: throughput in the first ~15 ms of a fresh worker is
 * 30–50% below steady state, flat after); then 40 ms are measured — millions of operations for
 * the micro workloads, so timer granularity is far below 0.1%. Each cell gets 6 trials, the
 * smallest count for which the order-statistic interval of the median reaches 95% coverage (it
 * is then the range of the six trials, 96.9%). Where a cell's trials cluster within ±3%, medians 10% apart then give
 * intervals that do not overlap, and ratios to `unsafe` (from trials paired within a round)
 * are tighter still; where they do not (see docs/cli.md, "Telling 10% apart"), the intervals
 * say so.
 *
 * Sizing: on a 2-core machine with the 7 built-in strategies and 10 workloads the quick plan is
 * ~780 runs at ~130 ms each (warm-up, window and ~70–100 ms to start workers and audit): about
 * 2–2½ minutes. The sweeps use `gil` and `biased` against `atomic` only; the full suite adds
 * the variants.
 */
import { availableCores } from '../env.ts';
import type { GroupName, SuiteOptions } from './types.ts';
import { GROUPS } from './types.ts';

/** Thread counts for the scaling group: 1, 2, 4, … up to twice the cores, plus the core count. */
export function defaultThreads(cores: number = availableCores()): number[] {
  const out = new Set<number>([1]);
  for (let t = 2; t <= 2 * cores; t *= 2) out.add(t);
  out.add(Math.min(cores, 250));
  out.add(Math.min(2 * cores, 250));
  return [...out].sort((a, b) => a - b);
}

/** Workloads that are pure refcount traffic: also timed per operation with tinybench. */
export const MICRO_WORKLOADS: ReadonlySet<string> = new Set(['rc-private', 'rc-shared', 'alloc-churn']);

/** Workloads with a purpose of their own: not in the overhead and scaling groups. */
export const SPECIAL_WORKLOADS: ReadonlySet<string> = new Set(['atomicity', 'convoy', 'empty']);

/** The quick suite's scaling workloads (those present are used). */
export const QUICK_SCALING_WORKLOADS: readonly string[] = ['rc-shared', 'cpu-bound'];

export const DEFAULT_SEED = 1;
export const DEFAULT_HEAP_MB = 64;
export const DEFAULT_SWITCH_INTERVAL_MS = 5;

/** The preset for `quick` or `full`, before `--strategies`/`--workloads` are filled in. */
export function preset(name: 'quick' | 'full', cores: number = availableCores()): Omit<SuiteOptions, 'strategies' | 'workloads'> {
  const common = {
    threads: defaultThreads(cores),
    switchIntervalMs: DEFAULT_SWITCH_INTERVAL_MS,
    checkpoints: 'backedges' as const,
    heapMB: DEFAULT_HEAP_MB,
    seed: DEFAULT_SEED,
    groups: [...GROUPS] as GroupName[],
    stallTimeoutMs: 5000,
  };
  if (name === 'quick') {
    return {
      ...common,
      suite: 'quick',
      trials: 6,
      durationMs: 40,
      warmupMs: 20,
      scalingWorkloads: QUICK_SCALING_WORKLOADS,
      remoteFractions: [0, 0.25, 0.5, 0.75, 1],
      switchIntervals: [1, 5, 20],
      convoyDurationMs: 200,
      convoyTrials: 3,
      atomicityTrials: 3,
      microTimeMs: 150,
    };
  }
  return {
    ...common,
    suite: 'full',
    trials: 10,
    durationMs: 500,
    warmupMs: 100,
    scalingWorkloads: [],
    remoteFractions: [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1],
    switchIntervals: [0.5, 1, 2, 5, 10, 20, 50],
    convoyDurationMs: 2000,
    convoyTrials: 5,
    atomicityTrials: 5,
    microTimeMs: 1000,
  };
}
