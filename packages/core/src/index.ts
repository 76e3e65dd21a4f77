// @rclab/core — the contract a strategy or workload is written against, `run()`, and the
// results file. Internals that rclab's own packages share (the live cells the suite drives,
// module resolution, the checks' helpers) are `@rclab/core/internal`, not part of this API.

// The shared heap and its layout.
export { Heap, MAX_OBJECT_WORDS } from './heap/heap.ts';
export { createHeapBuffer, DEFAULT_HEAP_MB, MAX_HEAP_MB } from './heap/createHeap.ts';
export { NULL_REF } from './heap/ref.ts';
export { MAX_HEADER_WORDS, OBJ_FIXED_WORDS, OBJ_HEADER, OBJ_STATE, OBJ_TYPE, PAGE_WORDS, STATE_LIVE, TYPE_NREFS_SHIFT, TYPE_TAG_MASK } from './heap/layout.ts';
// Writing a strategy.
export { IMMORTAL_REFCOUNT } from './strategy/types.ts';
export { defineStrategy } from './strategy/define.ts';
// Writing a workload.
export { defineWorkload } from './workload/define.ts';
export { paramValue } from './workload/params.ts';
// Running one.
export { run } from './runtime/run.ts';
export { ModuleLoader } from './modules/loader.ts';
export { HeapCorruptionError, HeapExhaustedError, ModuleShapeError, RunError, UsageError } from './errors.ts';

export type { Ref } from './heap/ref.ts';
export type { HeapConfig } from './heap/createHeap.ts';
export type { RefcountMismatch } from './heap/audit.ts';
export type { RefcountOps, Strategy, StrategyContext, StrategyFactory, StrategyOptions, StrategyReport, TimelineEvent } from './strategy/types.ts';
export type { SetupContext, ThreadContext, WorkloadCheck, WorkloadMeasurement, WorkloadFactory, WorkloadParams, WorkloadThread, WorkloadVerdict } from './workload/types.ts';
export type { BooleanParam, EnumParam, IntParam, NumberParam, ParamKind, ParamSpec, ParamValue } from './workload/params.ts';
export type { RunOptions, RunResult } from './runtime/run.ts';
export type { Catalog } from './modules/resolve.ts';
export type { LoaderStats, ModuleLoaderOptions } from './modules/loader.ts';
export type { BundleCacheOptions } from './modules/bundle-cache.ts';

// Statistics of results: medians with distribution-free intervals, ratios of cells paired by
// round, bootstrap intervals for runs compared across files, crossings of two fitted lines.
export {
  binomialHalfCdf,
  median,
  medianCoverage,
  medianInterval,
  medianIntervalRank,
  nearestRankQuantile,
  orderIntervalCoverage,
  pairedRatios,
  quantile,
  ratioOfIntervals,
  relativeWidth,
  separated,
  sortedFinite,
  TARGET_COVERAGE,
} from './stats/order.ts';
export { interval, pairedCellRatios, resolvedInterval, windowMeans } from './stats/paired.ts';
export { bootstrapMedianRatio, bootstrapMedianRatios, DEFAULT_CONFIDENCE, DEFAULT_RESAMPLES, medianOfSorted, ratioVerdict } from './stats/bootstrap.ts';
export { estimateCrossing, fitLine, lineCrossing } from './stats/crossing.ts';
export type { MedianInterval } from './stats/order.ts';
export type { BootstrapOptions, BootstrapResult, RatioInterval, RatioVerdict, SamplePair } from './stats/bootstrap.ts';
export type { CrossingOptions, CrossingResult, CrossingSample, Line, PointInterval } from './stats/crossing.ts';

// Reading results.
export { RESULTS_SCHEMA } from './results/types.ts';
export type { Correctness } from './results/types.ts';
export { assertResultsFile, cellProblems, readResultsFile, resultsProblems, resultsSchema } from './results/validate.ts';
export { strategyEntry, TIMELINE_ROLES, workloadEntry } from './results/catalog.ts';
export type {
  BaselineRatio,
  Cell,
  CellBase,
  CellWarmup,
  Check,
  CounterSpec,
  FailedCell,
  Interval,
  MeasuredCell,
  Measurement,
  MicroTiming,
  ResultsCatalog,
  ResultsConfig,
  ResultsEnv,
  ResultsFile,
  Scalar,
  SkippedGroup,
  Steadiness,
  StrategyEntry,
  StrategyFamily,
  SystemRecord,
  Timeline,
  TimelineEntry,
  TimelineKindSpec,
  TimelineRole,
  WorkloadEntry,
} from './results/types.ts';
