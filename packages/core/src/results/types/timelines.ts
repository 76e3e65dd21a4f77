// Lock events recorded during a run, for the timeline charts.
// Part of the results contract: `../types.ts` declares the whole file and re-exports this, and `pnpm schema` starts there.
import type { PositiveInt, Scalar } from './values.ts';

/** One recorded lock event: `t` in ms from the first event of its timeline. */
export interface TimelineEntry {
  readonly t: number;
  /** @asType integer */
  readonly thread: number;
  /** One of the strategy's `timeline` kinds in the catalog. */
  readonly kind: string;
}

/** Lock events of one run, for the GIL timeline (the article's Diagram 2 from real data). */
export interface Timeline {
  readonly strategy: string;
  readonly workload: string;
  readonly threads: PositiveInt;
  readonly params: Readonly<Record<string, Scalar>>;
  readonly events: readonly TimelineEntry[];
}
