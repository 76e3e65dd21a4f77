// @rclab/strategies/conformance — the conformance kit: property-based operation programs run
// on real worker threads against any strategy, built-in or a user's.
export { assertConformance, checkStrategy } from './check.ts';
export { CONFORMANCE_PROPERTIES } from './properties.ts';
export { ConformanceError, formatReport } from './report.ts';
export { ReplayPathError } from './replay.ts';
export { runProgram, runSchedule } from './run-once.ts';
export { canaryPrograms, controlledCanaries } from './canaries.ts';
export { normalizeProgram, REGISTERS } from './program.ts';
export { programArbitrary } from './program-arbitrary.ts';
export { formatProgram } from './program-format.ts';
export { expectedCounts } from './interpreter.ts';
export { boundedSchedules, formatSchedule, NO_PREEMPTION, normalizeSchedule, scheduleArbitrary } from './schedule.ts';

export type { ConformanceOptions } from './options.ts';
export type { PropertyName } from './properties.ts';
export type { ConformanceReport, Explored, PropertyResult } from './report.ts';
export type { ProgramOutcome } from './properties.ts';
export type { ControlledOutcome, StallKind } from './controlled.ts';
export type { Granularity, Preemption, Schedule } from './schedule.ts';
export type { Op, Program, ThreadProgram } from './program.ts';
