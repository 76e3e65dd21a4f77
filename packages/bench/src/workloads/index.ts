// The built-in workloads: their catalog, descriptions and programs (re-exported by @rclab/bench).
export { workloadCatalog, workloadDescriptions } from './catalog.ts';
export { scenarioPrograms } from './_support/listings.ts';
export { ARTICLE_TEXT, atomicityProgram, atomicitySource, EXPRESSIONS } from './atomicity.ts';
export { defineInterpretedWorkload, ResultView, totalCheck } from './_support/interpreted.ts';
export { ParamReader } from './_support/params.ts';

export type { WorkloadInfo } from './catalog.ts';
export type { ExpressionKey } from './atomicity.ts';
export type { InterpretedData, InterpretedParams, InterpretedScenario, ThreadPosition } from './_support/interpreted.ts';
