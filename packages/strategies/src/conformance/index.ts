// @rclab/strategies/conformance — the conformance kit: property-based operation programs run
// on real worker threads against any strategy, built-in or a user's.
export { assertConformance, checkStrategy, CONFORMANCE_PROPERTIES, ConformanceError, formatReport, ReplayPathError, runProgram, runSchedule } from './check.ts';
export { canaryPrograms, controlledCanaries } from './canaries.ts';
export { normalizeProgram, REGISTERS } from './program.ts';
export { programArbitrary } from './program-arbitrary.ts';
export { formatProgram } from './program-format.ts';
export { expectedCounts } from './interpreter.ts';
export { boundedSchedules, formatSchedule, NO_PREEMPTION, normalizeSchedule, scheduleArbitrary } from './schedule.ts';

export type { ConformanceOptions, ConformanceReport, Explored, ProgramOutcome, PropertyName, PropertyResult } from './check.ts';
export type { ControlledOutcome, StallKind } from './controlled.ts';
export type { Granularity, Preemption, Schedule } from './schedule.ts';
export type { Op, Program, ThreadProgram } from './program.ts';
