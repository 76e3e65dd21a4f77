// @rclab/strategies/conformance — the conformance kit: property-based operation programs run
// on real worker threads against any strategy, built-in or a user's.
export {
  assertConformance,
  checkStrategy,
  CONFORMANCE_PROPERTIES,
  ConformanceError,
  formatReport,
  runProgram,
} from './check.ts';
export { canaryPrograms, expectedCounts, formatProgram, normalizeProgram, programArbitrary, REGISTERS } from './program.ts';

export type { ConformanceOptions, ConformanceReport, ProgramOutcome, PropertyName, PropertyResult } from './check.ts';
export type { Op, Program, ThreadProgram } from './program.ts';
