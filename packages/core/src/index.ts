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
export {
  assertWorkloadParams,
  describeParam,
  PARAM_KINDS,
  paramAllowed,
  paramsProblem,
  paramSpecProblem,
  paramValue,
  parseParam,
} from './workload/params.ts';
export { run } from './runtime/run.ts';
export { openCell, LiveCell } from './runtime/cell.ts';
export { isSteady, STEADY_TOLERANCE, STEADY_WINDOW } from './runtime/steady.ts';
export { Calibrator, CALIBRATION_ITERATIONS } from './runtime/calibration.ts';
export { allowedCpus, CpuRotation, pinProcess } from './runtime/affinity.ts';
export { guardMainThread } from './runtime/main-watchdog.ts';
export { wallMs } from './runtime/clock.ts';
export { moduleBundle, prebuildWorkerBundles, workerBundle } from './modules/bundle.ts';
export { moduleFingerprint, moduleFingerprints } from './modules/fingerprint.ts';
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
export type {
  BooleanParam,
  CheckParamsOptions,
  DeclaresParams,
  EnumParam,
  IntParam,
  NumberParam,
  ParamKind,
  ParamSpec,
  ParamValue,
} from './workload/params.ts';
export type { RunOptions, RunResult } from './runtime/run.ts';
export type { CellOptions, CellOutcome, Correctness, SlicedCell, SliceResult, WarmupOptions, WarmupResult } from './runtime/cell.ts';
export type { Catalog } from './modules/resolve.ts';
export type { ModuleFingerprint } from './modules/fingerprint.ts';

export { RESULTS_SCHEMA } from './results/types.ts';
export { assertResultsFile, cellProblems, readResultsFile, resultsProblems, resultsSchema } from './results/validate.ts';
export type {
  Cell,
  CellBase,
  CellCorrectness,
  CellGroup,
  FailedCell,
  Interval,
  MeasuredCell,
  Measurement,
  MicroTiming,
  ResultsConfig,
  ResultsEnv,
  ResultsFile,
  SkippedGroup,
  Steadiness,
  SystemRecord,
  Timeline,
} from './results/types.ts';
