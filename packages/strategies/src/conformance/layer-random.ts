/**
 * Layers 1 and 2, property by property: fast-check runs the systematic pairs (layer 1) as its
 * examples, then `runs` random (program, schedule) pairs generated together (random preemption
 * points, PCT-style), and shrinks a failing pair as one. The same seed gives the same pairs, the
 * same verdict and the same shrunk counterexample on any machine under any load.
 */
import fc from 'fast-check';
import type { StrategyFactory } from '@rclab/core';
import { normalizeProgram, type Program } from './program.ts';
import { programArbitrary } from './program-arbitrary.ts';
import { formatProgram } from './program-format.ts';
import { CONFORMANCE_PROPERTIES, controlledViolation, type PropertyName } from './properties.ts';
import { checkReplayStart, replayCommand, type ReplayContext } from './replay.ts';
import type { PropertyResult } from './report.ts';
import type { RunMemo } from './run-memo.ts';
import { formatSchedule, normalizeSchedule, type Schedule, scheduleArbitrary } from './schedule.ts';

/** What the controlled search needs; `runs` (random pairs per property) and `seed` are also what a replay repeats. */
export interface ControlledSearch extends ReplayContext {
  readonly factory: StrategyFactory;
  readonly wanted: ReadonlySet<PropertyName>;
  /** The systematic pairs, run first. */
  readonly examples: readonly [Program, Schedule][];
  readonly memo: RunMemo;
  /** Extra controlled runs spent shrinking one failing property. */
  readonly maxShrinkRuns: number;
  /** A replay path: fast-check goes straight to that counterexample. */
  readonly path: string | undefined;
  readonly progress: (text: string) => void;
  readonly signal: AbortSignal | undefined;
}

type Property = (typeof CONFORMANCE_PROPERTIES)[number];

/** The verdict on each wanted property, in order; stops early (fewer results) once `signal` aborts. */
export async function controlledProperties(search: ControlledSearch): Promise<PropertyResult[]> {
  const { factory, seed, signal } = search;
  const arbitrary = fc.tuple(programArbitrary({ threads: search.threads, maxOps: 8 }), scheduleArbitrary());
  const total = search.examples.length + search.runs;
  if (search.path !== undefined) checkReplayStart(search.path, total);
  const properties: PropertyResult[] = [];
  for (const property of CONFORMANCE_PROPERTIES) {
    if (!search.wanted.has(property.name)) continue;
    const base = { name: property.name, description: property.description, seed, runs: 0, shrinks: 0 };
    if (property.threadSafeOnly && !factory.threadSafe) {
      properties.push({ ...base, status: 'skipped', passed: true, reason: `'${factory.name}' does not claim to be thread-safe (threadSafe: false)` });
      continue;
    }
    if (signal?.aborted) break;
    search.progress(`checking ${property.name}…`);
    properties.push(await checkProperty(search, property, base, arbitrary, total));
  }
  return properties;
}

/** One property: fast-check over `total` pairs, then the shrunk counterexample run once more for its trace. */
async function checkProperty(
  search: ControlledSearch,
  property: Property,
  base: Pick<PropertyResult, 'name' | 'description' | 'seed' | 'runs' | 'shrinks'>,
  arbitrary: fc.Arbitrary<[Program, Schedule]>,
  total: number,
): Promise<PropertyResult> {
  const { memo, maxShrinkRuns, seed } = search;
  let failedOnce = false;
  let shrinkRuns = 0;
  const predicate = async ([gp, gs]: [Program, Schedule]): Promise<boolean> => {
    const program = normalizeProgram(gp);
    const schedule = normalizeSchedule(gs);
    const cached = memo.ran(program, schedule);
    if (cached === undefined && failedOnce) {
      // Out of shrinking budget: count untried candidates as passing, which ends shrinking
      // at the smallest failure found so far.
      if (shrinkRuns >= maxShrinkRuns) return true;
      shrinkRuns++;
    }
    const ok = controlledViolation(property.name, await (cached ?? memo.run(program, schedule))) === undefined;
    if (!ok) failedOnce = true;
    return ok;
  };
  const details = await fc.check(fc.asyncProperty(arbitrary, predicate), {
    seed,
    numRuns: total,
    examples: search.examples.map((e) => [e] as [[Program, Schedule]]),
    ...(search.path !== undefined ? { path: search.path } : {}),
  });
  if (!details.failed || details.counterexample === null) {
    return { ...base, runs: details.numRuns, status: 'passed', passed: true };
  }
  const counterexample = normalizeProgram(details.counterexample[0][0]);
  const schedule = normalizeSchedule(details.counterexample[0][1]);
  const outcome = await memo.run(counterexample, schedule);
  const path = details.counterexamplePath;
  return {
    ...base,
    runs: details.numRuns,
    shrinks: details.numShrinks,
    status: 'failed',
    passed: false,
    layer: 'controlled',
    path,
    counterexample,
    counterexampleText: formatProgram(counterexample, 1),
    schedule,
    scheduleText: formatSchedule(schedule),
    trace: outcome.trace,
    failure: controlledViolation(property.name, outcome) ?? 'failed when first run',
    replay: replayCommand(search, path),
  };
}
