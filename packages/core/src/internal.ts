// @rclab/core/internal — what rclab's own packages (strategies, bench, report) share beyond the
// public contract: the live cells the suite drives, the calibration and CPU pinning around them,
// module resolution and fingerprints, the bundle cache, and the checks' helpers. Not a stable
// API: a strategy or workload needs only `@rclab/core`.
export * as layout from './heap/layout.ts';
export { auditHeap, countMortalLive } from './heap/audit.ts';
export { assertStrategyFactory, STRATEGY_METHODS, strategyFactoryProblem, strategyInstanceProblem } from './strategy/define.ts';
export { assertWorkloadFactory } from './workload/define.ts';
export { assertWorkloadParams, describeParam, PARAM_KINDS, paramAllowed, paramsProblem, paramSpecProblem, parseParam } from './workload/params.ts';
export { openCell, LiveCell } from './runtime/cell.ts';
export { isSteady, STEADY_TOLERANCE, STEADY_WINDOW } from './runtime/steady.ts';
export { mulberry32 } from './stats/seeded.ts';
export { steadiness, STEADY_SPREAD, SWITCH_GAP, SWITCH_SHARE } from './stats/steadiness.ts';
export { Calibrator, CALIBRATION_ITERATIONS } from './runtime/calibration.ts';
export { allowedCpus, CpuRotation, pinProcess } from './runtime/affinity.ts';
export { guardMainThread } from './runtime/main-watchdog.ts';
export { wallMs } from './runtime/clock.ts';
export { BundleCache, DEFAULT_CACHE_MAX_AGE_MS, DEFAULT_CACHE_MAX_BYTES, defaultCacheDir } from './modules/bundle-cache.ts';
export { moduleFingerprint, moduleFingerprints } from './modules/fingerprint.ts';
export { displayPath, looksLikePath, moduleUrl, resolveModuleRef, runningFromSource } from './modules/resolve.ts';
export { editDistance, nearest } from './modules/suggest.ts';
export { Errors } from './errors.ts';

export type { AuditReport } from './heap/audit.ts';
export type { CheckParamsOptions, DeclaresParams } from './workload/params.ts';
export type { CellOptions, CellOutcome, SlicedCell, SliceResult, WarmupOptions, WarmupResult } from './runtime/cell.ts';
export type { ModuleFingerprint } from './modules/fingerprint.ts';
