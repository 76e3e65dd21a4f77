// @rclab/core — the shared heap, the strategy and workload contracts, the runtime, the checks.
export { Heap, MAX_OBJECT_WORDS } from './heap/heap.ts';
export { createHeapBuffer, DEFAULT_HEAP_MB, MAX_HEAP_MB } from './heap/createHeap.ts';
export { auditHeap, countMortalLive } from './heap/audit.ts';
export { NULL_REF } from './heap/ref.ts';
export * as layout from './heap/layout.ts';
export {
  MAX_HEADER_WORDS,
  OBJ_FIXED_WORDS,
  OBJ_HEADER,
  OBJ_STATE,
  OBJ_TYPE,
  PAGE_WORDS,
  STATE_LIVE,
} from './heap/layout.ts';
export { IMMORTAL_REFCOUNT } from './strategy/types.ts';
export {
  assertStrategyFactory,
  defineStrategy,
  STRATEGY_METHODS,
  strategyFactoryProblem,
  strategyInstanceProblem,
} from './strategy/define.ts';
export { assertWorkloadFactory, defineWorkload } from './workload/define.ts';
export { run } from './runtime/run.ts';
export { wallMs } from './runtime/clock.ts';
export { moduleBundle, workerBundle } from './modules/bundle.ts';
export { loadStrategyFactory, loadWorkloadFactory } from './modules/load.ts';
export { displayPath, looksLikePath, resolveModuleRef, runningFromSource } from './modules/resolve.ts';
export { editDistance, nearest } from './modules/suggest.ts';
export { Errors, HeapCorruptionError, HeapExhaustedError, ModuleShapeError, RunError, UsageError } from './errors.ts';

export type { Ref } from './heap/ref.ts';
export type { HeapConfig } from './heap/createHeap.ts';
export type { AuditReport, RefcountMismatch } from './heap/audit.ts';
export type {
  RefcountOps,
  Strategy,
  StrategyContext,
  StrategyFactory,
  StrategyOptions,
  StrategyReport,
  TimelineEvent,
} from './strategy/types.ts';
export type {
  SetupContext,
  ThreadContext,
  WorkloadCheck,
  WorkloadMeasurement,
  WorkloadFactory,
  WorkloadParams,
  WorkloadThread,
  WorkloadVerdict,
} from './workload/types.ts';
export type { Correctness, RunOptions, RunResult } from './runtime/run.ts';
export type { Catalog } from './modules/resolve.ts';

export { RESULTS_SCHEMA } from './results/types.ts';
export { assertResultsFile, readResultsFile, resultsProblems, resultsSchema } from './results/validate.ts';
export type {
  Cell,
  CellCorrectness,
  CellGroup,
  Interval,
  MicroTiming,
  ResultsConfig,
  ResultsEnv,
  ResultsFile,
  Timeline,
  Trial,
} from './results/types.ts';
