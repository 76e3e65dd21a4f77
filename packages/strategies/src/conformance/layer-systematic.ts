/**
 * Layer 1, systematic (CHESS): each canary program under every schedule with at most `bound`
 * preemptions, at both granularities (between strategy calls, and at every heap access the
 * strategy makes). A base run without preemptions counts the scheduling steps the schedules
 * choose among; past the cap, an even sample of the schedules stands for them.
 */
import { boundedSchedules, type Schedule } from './schedule.ts';
import type { Program } from './program.ts';
import type { RunMemo } from './run-memo.ts';

/** The systematic (program, schedule) pairs, and how many there were to choose from. */
export interface Systematic {
  readonly examples: readonly [Program, Schedule][];
  /** Schedules up to the bound, all programs and granularities. */
  readonly total: number;
  /** Whether `examples` holds every one of them. */
  readonly exhaustive: boolean;
}

export async function systematicSchedules(
  canaries: readonly Program[],
  memo: RunMemo,
  options: { readonly bound: number; readonly cap: number; readonly seed: number },
): Promise<Systematic> {
  const { bound, cap, seed } = options;
  let total = 0;
  let exhaustive = true;
  const examples: [Program, Schedule][] = [];
  for (const program of canaries) {
    for (const granularity of ['op', 'access'] as const) {
      const base = await memo.run(program, { granularity, preemptions: [] });
      // Small enough to enumerate (up to 4× the cap): every schedule; else an even sample of `cap`.
      const whole = boundedSchedules(base.steps, program.threads.length, { bound, cap: 4 * cap, seed, granularity });
      const found = whole.exhaustive ? whole : boundedSchedules(base.steps, program.threads.length, { bound, cap, seed, granularity });
      total += found.total;
      exhaustive &&= found.exhaustive;
      for (const s of found.schedules) examples.push([program, s]);
    }
  }
  return { examples, total, exhaustive };
}
