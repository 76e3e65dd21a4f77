// How the run was configured, and the groups it asked for but skipped.
// Part of the results contract: `../types.ts` declares the whole file and re-exports this, and `pnpm schema` starts there.
import type { NonNegative, PositiveInt, Scalar } from './values.ts';

/** How the run was configured. */
export interface ResultsConfig {
  /** The suite's preset: `quick`, `full`, or `custom` (explicit options). */
  readonly suite: string;
  /** The selected strategies (factory names), in the order they were given. */
  readonly strategies: readonly string[];
  readonly workloads: readonly string[];
  /** Thread counts of the scaling group. */
  readonly threads: readonly PositiveInt[];
  /** Rounds of the interleaved schedule: slices per cell (throughput groups). */
  readonly rounds: PositiveInt;
  /**
   * Length of one slice (ms) in the throughput groups.
   * @exclusiveMinimum 0
   */
  readonly sliceMs: number;
  /** Warm-up bounds: each cell runs until its throughput is steady, at least `minMs`, at most `maxMs`. */
  readonly warmup: { readonly minMs: NonNegative; readonly maxMs: NonNegative };
  /** The parts of the suite that ran (cell groups, named by the suite). */
  readonly groups?: readonly string[];
  /**
   * The strategy every cell's `baselineRatio` is taken against (the cost floor), when the run
   * had one.
   */
  readonly baseline?: string;
  /**
   * The suite's own knobs, by name, as the tool that wrote the file defines them (rclab's bench:
   * `switchIntervalMs` — the GIL's switch interval outside its sweep —, `checkpoints` — the
   * interpreter's checkpoint placement outside the atomicity group). Readers look a knob up by
   * name and treat a missing one as unknown.
   */
  readonly suiteOptions: Readonly<Record<string, Scalar>>;
  /** Heap per run (MB). */
  readonly heapMB: PositiveInt;
  /** @asType integer */
  readonly seed: number;
}

/** A group of the suite that was asked for but did not run, and why (one line). */
export interface SkippedGroup {
  readonly group: string;
  readonly reason: string;
}
