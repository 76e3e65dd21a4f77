/** The results file from a plan, its environment and what was measured. */
import { RESULTS_SCHEMA, type ResultsEnv, type ResultsFile } from '@rclab/core';
import { steadiness } from '@rclab/core/internal';
import type { SuiteOutcome } from './runner.ts';
import type { Plan } from './types.ts';

/** Builds `results.json`'s content (validate it with `assertResultsFile` before writing). */
export function buildResults(plan: Plan, env: ResultsEnv, outcome: SuiteOutcome, extraFindings: Record<string, number | string | null> = {}): ResultsFile {
  const o = plan.options;
  return {
    schema: RESULTS_SCHEMA,
    env,
    config: {
      suite: o.suite,
      strategies: plan.strategyNames,
      workloads: plan.workloadNames,
      threads: [...o.threads],
      rounds: o.rounds,
      sliceMs: o.sliceMs,
      warmup: { minMs: o.warmupMinMs, maxMs: o.warmupMaxMs },
      groups: [...o.groups],
      ...(plan.baseline !== undefined ? { baseline: plan.baseline } : {}),
      suiteOptions: { switchIntervalMs: o.switchIntervalMs, checkpoints: o.checkpoints },
      heapMB: o.heapMB,
      seed: o.seed,
    },
    catalog: plan.catalog,
    cells: outcome.cells,
    timelines: outcome.timelines,
    ...(Object.keys(outcome.harness).length > 0 ? { harness: outcome.harness } : {}),
    findings: { ...outcome.findings, ...extraFindings },
    ...(outcome.calibration.length > 0 ? { steadiness: steadiness(outcome.calibration) } : {}),
    ...(plan.systems !== undefined ? { systems: plan.systems } : {}),
    ...(plan.skipped !== undefined ? { skipped: plan.skipped } : {}),
  };
}
