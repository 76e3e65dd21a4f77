/**
 * The registry of experiments: the suite's groups, in the order they run. Adding an experiment
 * is one module here and one line below (and one chart in the report); see docs/experiments.md.
 */
import atomicity from './atomicity.ts';
import brcPaper from './brc-paper.ts';
import brcSweep from './brc-sweep.ts';
import convoy from './convoy.ts';
import cpython from './cpython.ts';
import harness from './harness.ts';
import overhead from './overhead.ts';
import scaling from './scaling.ts';
import switchInterval from './switch-interval.ts';
import type { Experiment } from './types.ts';

/** Every experiment, in run order. The harness's cost comes last. */
export const EXPERIMENTS = [overhead, scaling, brcSweep, brcPaper, switchInterval, convoy, atomicity, cpython, harness] as const;

/** A group of the suite: the name of one experiment. */
export type GroupName = (typeof EXPERIMENTS)[number]['name'];

/** The suite's groups, in run order. */
export const GROUPS: readonly GroupName[] = EXPERIMENTS.map((e) => e.name);

/** The experiment of a group, or `undefined` for a group this build does not know (an older or newer results file). */
export function experimentOf(group: string): Experiment | undefined {
  return EXPERIMENTS.find((e) => e.name === group);
}
