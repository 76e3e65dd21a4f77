/**
 * The two built-in suites. `quick` is what `rclab bench` runs by default, sized to finish in
 * about three minutes on a 2-core machine with every built-in strategy and workload; `full` is
 * the long one (tens of minutes) with more rounds, longer slices, every workload in the scaling
 * group and finer sweeps.
 *
 * Why these numbers (quick): the cells of one comparison are interleaved in slices of 5 ms
 * (overhead; the other groups derive longer ones from it, see plan.ts), one slice of each cell
 * per round, 64 rounds. On these VMs the speed of the same code moves by a third over seconds,
 * and not uniformly, so two cells must be timed milliseconds apart, over seconds in all: 64
 * rounds of 4–7 cells span 2–3 s. The ratio of two cells is the median of 64 paired slice
 * ratios; its distribution-free interval is then a few percent wide (docs/cli.md). Each cell
 * first warms up until its throughput is steady (at least 30 ms, at most 400 ms: V8 tiers a
 * micro loop up within ~15 ms and the interpreter's eval loop within ~150 ms), then its counters
 * come from a counting pass of 30 ms with the strategy's counting variant.
 */
import { availableCores } from '../env.ts';
import { EXPERIMENTS } from '../experiments/index.ts';
import { BRC_PAPER_FULL, BRC_PAPER_QUICK } from '../experiments/brc-paper/plan.ts';
import { CPYTHON_FTSCALING_SCENARIOS } from '../experiments/cpython/plan.ts';
import type { GroupName, SuiteOptions } from './types.ts';

/** Thread counts for the scaling group: 1, 2, 4, … up to twice the cores, plus the core count. */
export function defaultThreads(cores: number = availableCores()): number[] {
  const out = new Set<number>([1]);
  for (let t = 2; t <= 2 * cores; t *= 2) out.add(t);
  out.add(Math.min(cores, 250));
  out.add(Math.min(2 * cores, 250));
  return [...out].sort((a, b) => a - b);
}

/**
 * CPython's own free-threading scaling patterns (Tools/ftscalingbench), ported as interpreter
 * workloads: the full suite runs them in every group; the quick one leaves them out of its
 * default workloads to keep its time down (name them with --workloads to run them).
 */
export const FTSCALING_WORKLOADS: ReadonlySet<string> = new Set(CPYTHON_FTSCALING_SCENARIOS);

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
    groups: EXPERIMENTS.filter((e) => e.presets[name]).map((e): GroupName => e.name),
    stallTimeoutMs: 5000,
  };
  if (name === 'quick') {
    return {
      ...common,
      suite: 'quick',
      rounds: 64,
      sliceMs: 5,
      warmupMinMs: 30,
      warmupMaxMs: 400,
      countMs: 30,
      scalingWorkloads: QUICK_SCALING_WORKLOADS,
      // The hand-off sweep: fine steps where real programs live (0–3% queued, the paper's Table 6).
      remoteFractions: [0, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 0.75, 1],
      brcPaper: BRC_PAPER_QUICK,
      switchIntervals: [1, 5, 20],
      convoySliceMs: 100,
      convoyRounds: 3,
      atomicityRounds: 4,
    };
  }
  return {
    ...common,
    suite: 'full',
    rounds: 300,
    sliceMs: 10,
    warmupMinMs: 100,
    warmupMaxMs: 3000,
    countMs: 200,
    scalingWorkloads: [],
    remoteFractions: [0, 0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1],
    brcPaper: BRC_PAPER_FULL,
    switchIntervals: [0.5, 1, 2, 5, 10, 20, 50],
    convoySliceMs: 250,
    convoyRounds: 8,
    atomicityRounds: 10,
  };
}
