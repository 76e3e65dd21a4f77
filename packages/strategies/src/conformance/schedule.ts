/**
 * Schedules: which thread runs next under the kit's controlled scheduler (`controlled-scheduler.ts`,
 * run by each of the kit's workers).
 *
 * Only one worker thread is runnable at a time. A thread runs until a **scheduling point**,
 * where the scheduler either lets it go on or hands the token to another thread. The points
 * are, at `op` granularity, the entry of every strategy call (incref, decref, checkpoint,
 * lockObject, blocking calls…) and, at `access` granularity, additionally every access the
 * strategy makes to the shared heap (a plain read or write of `heap.i32`, or any `Atomics`
 * call) — Loom's model, so a load-then-store "atomic" increment can be split.
 *
 * The base policy is deterministic and fair enough for liveness verdicts: the running thread
 * goes on until it blocks, finishes or spins; a thread woken by `Atomics.notify` (or whose
 * timed wait expires in virtual time) runs next. A schedule adds **preemptions** on top: at
 * step `at` (counting the concurrent phase's points from 1), switch to the `to`-th other
 * runnable thread (modulo how many there are). CHESS's observation is that most concurrency
 * bugs need at most two preemptions, so the kit enumerates every schedule with ≤ 2 preemptions
 * for its small canary programs, and draws random preemption points (a PCT-style bounded
 * depth) for the generated ones. A schedule is plain data: fast-check generates and shrinks it
 * together with the program, and it is printed with the counterexample.
 */
import fc from 'fast-check';

/** Where a thread may be switched out. */
export type Granularity = 'op' | 'access';

/** One forced switch. */
export interface Preemption {
  /** Scheduling step (1-based, counted over the concurrent phase). */
  readonly at: number;
  /** Which other runnable thread takes over: the `to`-th (modulo their number), in thread order after the current one. */
  readonly to: number;
}

/** A controlled schedule. */
export interface Schedule {
  readonly granularity: Granularity;
  /** Sorted by `at`, at most one per step. */
  readonly preemptions: readonly Preemption[];
}

/** The schedule with no preemption: each thread runs until it blocks or finishes. */
export const NO_PREEMPTION: Schedule = { granularity: 'op', preemptions: [] };

/** Largest number of preemptions a generated schedule has (PCT's bug depth, minus one). */
export const MAX_RANDOM_PREEMPTIONS = 4;

/** Sorts preemptions and keeps the first at each step. */
export function normalizeSchedule(s: Schedule): Schedule {
  const sorted = [...s.preemptions].sort((a, b) => a.at - b.at || a.to - b.to);
  const preemptions = sorted.filter((p, i) => i === 0 || (sorted[i - 1] as Preemption).at !== p.at);
  return { granularity: s.granularity, preemptions };
}

/**
 * Random schedules: a granularity, and up to `MAX_RANDOM_PREEMPTIONS` preemption points drawn
 * uniformly over the likely length of a run (small programs make tens of op steps and hundreds
 * of access steps). Shrinks towards `op` granularity, fewer preemptions, earlier steps.
 */
export function scheduleArbitrary(): fc.Arbitrary<Schedule> {
  const points = (maxStep: number): fc.Arbitrary<Preemption[]> =>
    fc.array(fc.record({ at: fc.integer({ min: 1, max: maxStep }), to: fc.integer({ min: 0, max: 2 }) }), { maxLength: MAX_RANDOM_PREEMPTIONS });
  return fc.oneof(
    fc.record({ granularity: fc.constant('op' as const), preemptions: points(120) }),
    fc.record({ granularity: fc.constant('access' as const), preemptions: points(1500) }),
  );
}

/** What `boundedSchedules` found. */
export interface BoundedSchedules {
  readonly schedules: Schedule[];
  /** True if every schedule up to the bound is in `schedules`; false if it was sampled down to the cap. */
  readonly exhaustive: boolean;
  /** How many schedules exist up to the bound. */
  readonly total: number;
}

/**
 * Every schedule at `granularity` with at most `bound` (≤ 2) preemptions over `steps` steps and
 * `threads` threads, first the one without preemption, then single, then pairs. Past `cap`, a
 * deterministic sample (a PRNG from `seed`) of `cap` of them.
 */
export function boundedSchedules(steps: number, threads: number, options: { bound?: number; cap?: number; seed?: number; granularity?: Granularity } = {}): BoundedSchedules {
  const bound = Math.min(2, options.bound ?? 2);
  const cap = Math.max(1, options.cap ?? Infinity);
  const granularity = options.granularity ?? 'op';
  const others = Math.max(0, threads - 1);
  const out: Schedule[] = [{ granularity, preemptions: [] }];
  if (others === 0 || bound === 0 || steps === 0) return { schedules: out, exhaustive: true, total: 1 };
  const singles = steps * others;
  const pairs = bound < 2 ? 0 : ((steps * (steps - 1)) / 2) * others * others;
  const total = 1 + singles + pairs;
  if (total <= cap) {
    for (let at = 1; at <= steps; at++) for (let to = 0; to < others; to++) out.push({ granularity, preemptions: [{ at, to }] });
    for (let a = 1; a <= steps; a++)
      for (let b = a + 1; b <= steps; b++)
        for (let x = 0; x < others; x++)
          for (let y = 0; y < others; y++)
            out.push({
              granularity,
              preemptions: [
                { at: a, to: x },
                { at: b, to: y },
              ],
            });
    return { schedules: out, exhaustive: true, total };
  }
  let state = (options.seed ?? 1) | 0 || 1;
  const next = (n: number): number => {
    // xorshift32: a fixed, portable sequence, so the same seed samples the same schedules.
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) % n;
  };
  // Past the cap: up to two thirds of the budget on single preemptions (every one if they fit,
  // else spread evenly over the run), the rest on pairs drawn at random (the second preemption
  // shortly after the first, where a two-step race lives, half of the time).
  const singleBudget = Math.min(singles, Math.max(1, Math.floor((2 * (cap - 1)) / 3)));
  if (singleBudget === singles) {
    for (let at = 1; at <= steps; at++) for (let to = 0; to < others; to++) out.push({ granularity, preemptions: [{ at, to }] });
  } else {
    let last = 0;
    for (let k = 0; k < singleBudget; k++) {
      const at = 1 + Math.floor((k * steps) / singleBudget);
      if (at === last) continue;
      last = at;
      out.push({ granularity, preemptions: [{ at, to: next(others) }] });
    }
  }
  const seen = new Set<string>();
  let tries = 0;
  while (out.length < cap && seen.size < pairs && tries++ < cap * 20) {
    if (bound < 2) break;
    const a = 1 + next(steps - 1);
    const gap = next(2) === 0 ? 1 + next(Math.min(24, steps - a)) : 1 + next(steps - a);
    const b = a + gap;
    const x = next(others);
    const y = next(others);
    const key = `${a},${b},${x},${y}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({
      granularity,
      preemptions: [
        { at: a, to: x },
        { at: b, to: y },
      ],
    });
  }
  return { schedules: out, exhaustive: false, total };
}

/** The schedule as one line: `op granularity, preempt at 3 → next+0, at 9 → next+1`. */
export function formatSchedule(s: Schedule): string {
  if (s.preemptions.length === 0) return `${s.granularity} granularity, no preemption (each thread runs until it blocks or finishes)`;
  const target = (to: number): string => (to === 0 ? 'the next runnable thread' : `runnable thread +${to + 1}`);
  return `${s.granularity} granularity, preempt at ${s.preemptions.map((p) => `step ${p.at} → ${target(p.to)}`).join(', ')}`;
}
