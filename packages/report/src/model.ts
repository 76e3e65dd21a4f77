/**
 * The report's view of one or more results files: every source labelled, every cell tagged with
 * its source, strategies and workloads in one display order, and what each file's catalog says
 * about them. Charts read only this: the report keeps no list of strategies of its own, so a
 * user's strategy is drawn from the same facts as a built-in one.
 */
import {
  assertResultsFile,
  type CounterSpec,
  type FailedCell,
  type Interval,
  type MeasuredCell,
  type ResultsConfig,
  type ResultsEnv,
  type ResultsFile,
  type SkippedGroup,
  type StrategyEntry,
  type SystemRecord,
  type Timeline,
  type TimelineRole,
  type WorkloadEntry,
} from '@rclab/core';

/** One results file in the report. */
export interface Source {
  /** 0-based position in the input. */
  readonly index: number;
  /** Short unique label (file name, or CPU · Node · date). */
  readonly label: string;
  readonly env: ResultsEnv;
  readonly config: ResultsConfig;
  readonly harness: Readonly<Record<string, number>>;
  readonly findings: Readonly<Record<string, number | string | null>>;
  /** Real systems measured beside the model (the `cpython` group's interpreters). */
  readonly systems: readonly SystemRecord[];
  /** Groups asked for that did not run, with why. */
  readonly skipped: readonly SkippedGroup[];
}

/** A measured cell with the source it came from. */
export interface SourcedCell {
  readonly source: Source;
  readonly cell: MeasuredCell;
}

/** A cell that could not be measured, with the source it came from. */
export interface SourcedFailedCell {
  readonly source: Source;
  readonly cell: FailedCell;
}

/** A timeline with the source it came from. */
export interface SourcedTimeline {
  readonly source: Source;
  readonly timeline: Timeline;
}

/** Everything the charts and tables are built from. */
export interface ReportModel {
  readonly sources: readonly Source[];
  /** Cells that were measured (no `error`). */
  readonly cells: readonly SourcedCell[];
  /** Cells that could not be measured (they carry `error`). */
  readonly failed: readonly SourcedFailedCell[];
  readonly timelines: readonly SourcedTimeline[];
  /** Every strategy in display order: as the files' catalogs list them, then the rest as first seen. */
  readonly strategies: readonly string[];
  /** What the files' catalogs say about each strategy and workload (the first file that describes one wins). */
  readonly catalog: {
    readonly strategies: ReadonlyMap<string, StrategyEntry>;
    readonly workloads: ReadonlyMap<string, WorkloadEntry>;
  };
  /** Every workload in display order (as configured, then as first seen). */
  readonly workloads: readonly string[];
  /** True when the report combines several results files. */
  readonly multiSource: boolean;
}

/** Options for {@link buildModel}. */
export interface ModelOptions {
  /** A name for each results file (e.g. its file name); otherwise a label is made from its environment. */
  readonly sourceNames?: readonly (string | undefined)[];
}

/** Checks every results file and builds the model. Throws `UsageError` for a file that is not valid. */
export function buildModel(results: readonly ResultsFile[], options: ModelOptions = {}): ReportModel {
  results.forEach((r, i) => assertResultsFile(r, options.sourceNames?.[i] ?? `results file ${i + 1}`));
  const labels = uniqueLabels(results.map((r, i) => sourceLabel(r.env, options.sourceNames?.[i])));
  const sources: Source[] = results.map((r, i) => ({
    index: i,
    label: labels[i] ?? `#${i + 1}`,
    env: r.env,
    config: r.config,
    harness: r.harness ?? {},
    findings: r.findings ?? {},
    systems: r.systems ?? [],
    skipped: r.skipped ?? [],
  }));
  const cells: SourcedCell[] = [];
  const failed: SourcedFailedCell[] = [];
  const timelines: SourcedTimeline[] = [];
  results.forEach((r, i) => {
    const source = sources[i];
    if (source === undefined) return;
    for (const cell of r.cells) {
      if (cell.status === 'measured') cells.push({ source, cell });
      else failed.push({ source, cell });
    }
    for (const timeline of r.timelines) timelines.push({ source, timeline });
  });
  const strategyEntries = new Map<string, StrategyEntry>();
  const workloadEntries = new Map<string, WorkloadEntry>();
  for (const r of results) {
    for (const s of r.catalog.strategies) if (!strategyEntries.has(s.name)) strategyEntries.set(s.name, s);
    for (const w of r.catalog.workloads) if (!workloadEntries.has(w.name)) workloadEntries.set(w.name, w);
  }
  // Real systems (the cpython group's interpreters) are not strategies: their own section shows them.
  const systemNames = new Set(results.flatMap((r) => (r.systems ?? []).map((s) => s.name)));
  const strategies = ordered(
    [...strategyEntries.keys()],
    [...results.flatMap((r) => r.config.strategies), ...cells.map((c) => c.cell.strategy), ...timelines.map((t) => t.timeline.strategy)].filter((s) => !systemNames.has(s)),
  );
  const workloads = ordered([], [...results.flatMap((r) => r.config.workloads), ...cells.map((c) => c.cell.workload)]);
  return { sources, cells, failed, timelines, strategies, workloads, catalog: { strategies: strategyEntries, workloads: workloadEntries }, multiSource: sources.length > 1 };
}

/** A counter's declaration in the strategy's catalog entry, if the strategy declared it. */
export function counterSpec(model: ReportModel, strategy: string, counter: string): CounterSpec | undefined {
  return model.catalog.strategies.get(strategy)?.counters.find((c) => c.name === counter);
}

/** The unit of a strategy's counter: as declared, else `count`. */
export function counterUnit(model: ReportModel, strategy: string, counter: string): string {
  return counterSpec(model, strategy, counter)?.unit ?? 'count';
}

/** What each of a strategy's timeline kinds does, as its catalog entry declares (undeclared kinds are markers). */
export function timelineRoles(model: ReportModel, strategy: string): Readonly<Record<string, TimelineRole>> {
  return Object.fromEntries((model.catalog.strategies.get(strategy)?.timeline ?? []).map((k) => [k.kind, k.role]));
}

/** The strategy's family from its catalog entry (its own name when no file describes it). */
export function strategyFamily(model: ReportModel, strategy: string): string {
  return model.catalog.strategies.get(strategy)?.family ?? strategy;
}

/**
 * The first strategy of `family` in display order that `has` accepts (e.g. one with the cells a
 * comparison needs): the family's lead, so `gil` stands for the GIL build and a user's
 * `gil`-family strategy does too when it is the only one.
 */
export function familyLead(model: ReportModel, family: string, has: (strategy: string) => boolean = () => true): string | undefined {
  return model.strategies.find((s) => strategyFamily(model, s) === family && has(s));
}

/** The lead of `family` among the strategies with a cell of `source` in `cells`. */
export function familyLeadIn(model: ReportModel, family: string, cells: readonly SourcedCell[], source: Source): string | undefined {
  return familyLead(model, family, (s) => cells.some((c) => c.source === source && c.cell.strategy === s));
}

/** A numeric knob of the suite that wrote `source` (`config.suiteOptions`), if it set one. */
export function suiteNumber(source: Source, name: string): number | undefined {
  const v = source.config.suiteOptions[name];
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** A knob of the suite that wrote `source`, as text, if it set one. */
export function suiteText(source: Source, name: string): string | undefined {
  const v = source.config.suiteOptions[name];
  return v === undefined ? undefined : String(v);
}

/** Known names first (only those present), then the others in first-seen order. */
function ordered(known: readonly string[], seen: readonly string[]): string[] {
  const present = new Set(seen);
  const out = known.filter((k) => present.has(k));
  for (const name of seen) if (!out.includes(name)) out.push(name);
  return out;
}

/** A short label for a source: its file name, else `CPU model · Node version · date`. */
export function sourceLabel(env: ResultsEnv, name: string | undefined): string {
  if (name !== undefined && name.length > 0) return name.split(/[\\/]/).pop() ?? name;
  const cpu = env.cpuModel
    .replace(/\((R|TM)\)/gi, '')
    .replace(/\s+CPU\b/i, '')
    .replace(/\s+@.*$/, '')
    .replace(/\s+/g, ' ')
    .trim();
  return `${cpu || 'unknown CPU'} · Node ${env.node} · ${env.date.slice(0, 10)}`;
}

/** Makes labels unique by numbering repeats: `a`, `a (2)`. */
function uniqueLabels(labels: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return labels.map((label) => {
    const n = (seen.get(label) ?? 0) + 1;
    seen.set(label, n);
    return n === 1 ? label : `${label} (${n})`;
  });
}

/** The measured cells of one group. */
export function cellsOf(model: ReportModel, group: string): SourcedCell[] {
  return model.cells.filter((c) => c.cell.group === group);
}

/** The strategy's position in the display order (unknown names last). */
export function strategyRank(model: ReportModel, strategy: string): number {
  const i = model.strategies.indexOf(strategy);
  return i < 0 ? model.strategies.length : i;
}

/** Identity of a cell's parameters, for matching cells across thread counts (`""` when none). */
export function paramsKey(params: Readonly<Record<string, number | string | boolean>>): string {
  return JSON.stringify(
    Object.keys(params)
      .sort()
      .map((k) => [k, params[k]]),
  );
}

/**
 * `a / b` as an interval. When both are intervals, the bounds are the conservative ones
 * (`a.low / b.high` to `a.high / b.low`), so the ratio's interval is never narrower than the data.
 */
export function ratio(a: Interval, b: Interval): Interval | undefined {
  if (!(b.median > 0) || !(b.low > 0) || !(b.high > 0)) return undefined;
  return { median: a.median / b.median, low: a.low / b.high, high: a.high / b.low };
}
