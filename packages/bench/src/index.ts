// @rclab/bench — the benchmark suite and the rclab command, as a library; the built-in
// workloads. The bytecode interpreter they run on is its own package, @rclab/interpreter.
export * from './workloads/index.ts';
export * from './cpython/index.ts';
export { main, commands, USAGE_EXIT } from './main.ts';
export { collectEnv, availableCores, describeEnv, rclabVersion } from './env.ts';
export {
  binomialHalfCdf,
  median,
  medianCoverage,
  medianInterval,
  medianIntervalRank,
  orderIntervalCoverage,
  pairedRatios,
  quantile,
  ratioOfIntervals,
  relativeWidth,
  separated,
  TARGET_COVERAGE,
} from './stats/order.ts';
export { compareResults } from './compare.ts';
export { bootstrapMedianRatio, bootstrapMedianRatios, ratioVerdict } from './stats/bootstrap.ts';
export { formatSummary } from './format/summary.ts';
export { chromeTrace, chromeTraceJson } from './trace/chrome-trace.ts';
export { summarize } from './summary.ts';
export { writeFileAtomic, writeJsonAtomic } from './journal/files.ts';
export { Journal, readJournal, journalPath, JOURNAL_FILE, JOURNAL_VERSION } from './journal/journal.ts';
export { loadCatalogs, describeStrategy, describeWorkload } from './suite/catalogs.ts';
export { makePlan, cellId, planCells, planSlices, estimatePlanMs, estimateCellMs } from './suite/plan.ts';
export { preset, defaultThreads } from './suite/presets.ts';
export { EXPERIMENTS, experimentOf } from './experiments/index.ts';
export { ROLE, type Role } from './experiments/roles.ts';
export type { Experiment, ExperimentPlan, ExperimentRun, PlanContext, FindingsContext, BlockDraft, CellExtra, MeasureContext } from './experiments/types.ts';
export { runPlan, runnerState, Interrupted } from './suite/runner.ts';
export { aggregateBlock, aggregateCell, pairedRatio } from './suite/aggregate.ts';
export { steadiness } from './stats/steadiness.ts';
export { breakEven, computeFindings } from './suite/findings.ts';
export { buildResults } from './suite/results.ts';
export { GROUPS } from './suite/types.ts';
export { bareRcLoop } from './harness/bare.ts';
export { harnessWorkloads } from './harness/catalog.ts';

export type { MedianInterval } from './stats/order.ts';
export type { CompareRow, Comparison } from './compare.ts';
export type { BootstrapOptions, RatioInterval, SamplePair } from './stats/bootstrap.ts';
export type { OutputFormat, PlainTable, SummaryPart } from './format/table.ts';
export type { ChromeTrace, TraceEvent } from './trace/chrome-trace.ts';
export type { JournalRecord, JournalState } from './journal/journal.ts';
export type { Catalogs, ModuleInfo } from './suite/catalogs.ts';
export type { Block, CellSpec, GroupName, Plan, SuiteOptions } from './suite/types.ts';
export type { CellRecord } from './suite/aggregate.ts';
export type { SuiteOutcome, RunnerEvents } from './suite/runner.ts';
export type { Command, CommandIO } from './commands/types.ts';
