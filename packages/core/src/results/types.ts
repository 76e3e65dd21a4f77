/**
 * The results file (`results.json`) that `rclab bench` writes and `rclab report` and
 * `rclab compare` read. Other tools read it too, so the names here are fixed for a schema
 * version. These types are the one declaration of the file: `results.schema.json` beside this
 * file is generated from them (`pnpm schema`; a test fails when it drifts), and it is what every
 * read validates against. The JSDoc comments become the schema's descriptions, and the tags
 * `@minimum` / `@asType integer` its constraints.
 *
 * The file names no implementation: strategies, workloads, suite groups and the suite's own
 * knobs are strings here, and the facts about each strategy and workload (description, family,
 * counters with units, timeline event kinds, parameters) travel in the file's `catalog`, written
 * from the factories themselves.
 *
 * The types live in `types/`, one file a part of the file (values, machine, config,
 * correctness, cells, timelines, catalog); this file is the schema's root: it declares the
 * whole file and re-exports every part, so `pnpm schema` and every import start here.
 *
 * To add a field: add it to its type in `types/` as optional (with a JSDoc line), run
 * `pnpm schema`, commit both.
 * An optional field is not a version bump; renaming or removing one is.
 *
 * Version history:
 * - `rclab/results@1` — first version: cells of a few separate trials each.
 * - `rclab/results@2` — cells measured in interleaved slices: per-slice samples, warm-up,
 *   the machine's steadiness, counters from a counting pass, measurements with units, and
 *   measured and failed cells as a discriminated union on `status`.
 * - `rclab/results@3` — the `catalog`; `baselineRatio` (a ratio to a named baseline) instead of
 *   `relativeToUnsafe`; the suite's own knobs in `config.suiteOptions`; one `Correctness` with
 *   `checks` and the audit's first `mismatches` always present.
 */
import type { ResultsCatalog } from './types/catalog.ts';
import type { Cell } from './types/cells.ts';
import type { ResultsConfig, SkippedGroup } from './types/config.ts';
import type { ResultsEnv, Steadiness, SystemRecord } from './types/machine.ts';
import type { Timeline } from './types/timelines.ts';

export type { CounterSpec, ResultsCatalog, StrategyEntry, StrategyFamily, TimelineKindSpec, TimelineRole, WorkloadEntry } from './types/catalog.ts';
export type { BaselineRatio, Cell, CellBase, CellWarmup, FailedCell, MeasuredCell, Measurement, MicroTiming } from './types/cells.ts';
export type { ResultsConfig, SkippedGroup } from './types/config.ts';
export type { Check, Correctness, RefcountMismatch } from './types/correctness.ts';
export type { ResultsEnv, Steadiness, SystemRecord } from './types/machine.ts';
export type { Timeline, TimelineEntry } from './types/timelines.ts';
export type { Count, Interval, NonNegative, PositiveInt, Scalar } from './types/values.ts';

/** The `schema` value of this version. */
export const RESULTS_SCHEMA = 'rclab/results@3';

/** The whole file. */
export interface ResultsFile {
  readonly schema: typeof RESULTS_SCHEMA;
  readonly env: ResultsEnv;
  readonly config: ResultsConfig;
  readonly catalog: ResultsCatalog;
  readonly cells: readonly Cell[];
  readonly timelines: readonly Timeline[];
  /** Figures about the harness itself (overhead of an empty workload, bare-loop costs). */
  readonly harness?: Readonly<Record<string, number>>;
  /** Findings the run computed (e.g. `brcBreakEven`), for the report's text. */
  readonly findings?: Readonly<Record<string, number | string | null>>;
  /** The calibration kernel over the whole run. */
  readonly steadiness?: Steadiness;
  /** Real systems measured beside the model (the `cpython` group's interpreters). */
  readonly systems?: readonly SystemRecord[];
  /** Groups asked for that did not run, each with its reason (e.g. no usable Python). */
  readonly skipped?: readonly SkippedGroup[];
}
