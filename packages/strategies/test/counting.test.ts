// Counting is a construction-time choice (StrategyContext.counting): a counting instance counts
// every hot-path event exactly, a timed one counts none and is a different class. These tests
// drive instances in-process on a real heap, one arena per instance; counting-threads.test.ts
// does the same on real worker threads.
import type { Ref, Strategy } from '@rclab/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IMMORTAL_LOCAL, LOCAL, SHARED, TID } from '../src/biased/layout.ts';
import { builtins, heapFor, hotCounters } from './_support/instances.ts';

/** One step of a single-thread program over objects 0..n-1 (object 0 is made immortal). */
type Step = { op: 'alloc' } | { op: 'incref' | 'decref'; k: number } | { op: 'checkpoint' } | { op: 'report' };

const step: fc.Arbitrary<Step> = fc.oneof(
  { arbitrary: fc.constant({ op: 'alloc' as const }), weight: 1 },
  { arbitrary: fc.record({ op: fc.constantFrom('incref' as const, 'decref' as const), k: fc.nat(15) }), weight: 6 },
  { arbitrary: fc.constant({ op: 'checkpoint' as const }), weight: 1 },
  { arbitrary: fc.constant({ op: 'report' as const }), weight: 1 },
);

/** Counters whose value is a duration: they differ between two runs of the same program. */
const isTime = (key: string): boolean => key.endsWith('Ms');
const untimed = (counters: Readonly<Record<string, number>>): Record<string, number> => Object.fromEntries(Object.entries(counters).filter(([key]) => !isTime(key)));

/**
 * Runs `program` on one instance and returns what the test itself saw: operations on mortal
 * objects (what the primary hot counter must equal) after each `report` step and at the end,
 * and the instance's reports at the same points.
 */
function runProgram(name: string, counting: boolean, program: readonly Step[]): { expected: number[]; reports: Record<string, number>[]; strategy: Strategy } {
  const sf = builtins[name];
  if (sf === undefined) throw new Error(`no built-in ${name}`);
  const { instance } = heapFor(sf, 1);
  const { heap, strategy } = instance(1, counting);
  strategy.attach();
  const objects: { ref: Ref; held: number; mortal: boolean }[] = [];
  const alloc = (): void => {
    const ref = heap.newObject(1, 0, 1);
    // Object 0 is a constant: immortal where the strategy has immortal objects.
    const mortal = objects.length === 0 ? !strategy.immortalize(ref) : true;
    objects.push({ ref, held: 1, mortal });
  };
  alloc();
  let ops = 0;
  const expected: number[] = [];
  const reports: Record<string, number>[] = [];
  const snapshot = (): void => {
    expected.push(ops);
    reports.push({ ...strategy.report().counters });
  };
  for (const s of program) {
    if (s.op === 'alloc') alloc();
    else if (s.op === 'checkpoint') strategy.checkpoint();
    else if (s.op === 'report') snapshot();
    else {
      const o = objects[s.k % objects.length];
      if (o === undefined || o.held === 0) continue;
      if (s.op === 'incref') {
        strategy.incref(o.ref);
        o.held++;
      } else {
        strategy.decref(o.ref);
        o.held--;
      }
      if (o.mortal) ops++;
    }
  }
  for (const o of objects) {
    while (o.held > 0) {
      strategy.decref(o.ref);
      o.held--;
      if (o.mortal) ops++;
    }
  }
  strategy.checkpoint();
  snapshot();
  strategy.detach();
  return { expected, reports, strategy };
}

describe.each(Object.keys(builtins))('%s: counting is chosen at construction', (name) => {
  const hot = hotCounters[name] ?? ['?'];
  const [primary] = hot;

  it('a counting instance counts every incref/decref of a mortal object exactly once, cumulatively, and none of an immortal one', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 80 }), (program) => {
        const { expected, reports } = runProgram(name, true, program);
        // report() may be called any number of times: every call shows the running total.
        expect(reports.map((r) => r[primary])).toEqual(expected);
        // On its own objects a thread never takes another path (biased: never the shared one).
        for (const other of hot.slice(1)) expect(reports.map((r) => r[other])).toEqual(expected.map(() => 0));
      }),
      { numRuns: 40 },
    );
  });

  it('a fixed example: 3 increfs and 3 decrefs of a mortal object, 2 of each of an immortal one', () => {
    const sf = builtins[name];
    if (sf === undefined) throw new Error(name);
    const { instance } = heapFor(sf, 1);
    const { heap, strategy } = instance(1, true);
    strategy.attach();
    const constant = heap.newObject(1, 0, 1);
    const immortal = strategy.immortalize(constant);
    const obj = heap.newObject(1, 0, 1);
    for (let i = 0; i < 3; i++) strategy.incref(obj);
    for (let i = 0; i < 3; i++) strategy.decref(obj);
    for (let i = 0; i < 2; i++) strategy.incref(constant);
    for (let i = 0; i < 2; i++) strategy.decref(constant);
    expect(strategy.report().counters[primary]).toBe(6 + (immortal ? 0 : 4));
    strategy.decref(obj); // the last reference: freed
    expect(strategy.report().counters).toMatchObject({ [primary]: 7 + (immortal ? 0 : 4), deallocs: 1 });
    strategy.detach();
  });

  it('a timed instance is another class, reports no hot-path counter, and does the same slow-path work', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 60 }), (program) => {
        const timed = runProgram(name, false, program);
        const counting = runProgram(name, true, program);
        expect(Object.getPrototypeOf(counting.strategy)).not.toBe(Object.getPrototypeOf(timed.strategy));
        expect(counting.strategy).toBeInstanceOf(timed.strategy.constructor);
        for (const r of timed.reports) for (const key of hot) expect(r).not.toHaveProperty(key);
        // Everything else (deallocs, merges, lock counters …) is identical: the two classes do
        // the same work, one of them also counts it.
        const withoutHot = (r: Record<string, number>): Record<string, number> => untimed(Object.fromEntries(Object.entries(r).filter(([key]) => !hot.includes(key))));
        expect(timed.reports.map(untimed)).toEqual(counting.reports.map(withoutHot));
      }),
      { numRuns: 20 },
    );
  });
});

// ---- biased: owner and non-owner, in-process on one heap ----------------------------------

/** A step of a two-instance biased program: A (arena 1) allocates, B (arena 2) does not. */
type BiasedStep = { op: 'alloc' } | { op: 'incref' | 'decref'; who: 0 | 1; k: number } | { op: 'give'; k: number } | { op: 'checkpoint'; who: 0 | 1 };

const biasedStep: fc.Arbitrary<BiasedStep> = fc.oneof(
  { arbitrary: fc.constant({ op: 'alloc' as const }), weight: 1 },
  { arbitrary: fc.record({ op: fc.constantFrom('incref' as const, 'decref' as const), who: fc.constantFrom(0 as const, 1 as const), k: fc.nat(11) }), weight: 8 },
  { arbitrary: fc.record({ op: fc.constant('give' as const), k: fc.nat(11) }), weight: 2 },
  { arbitrary: fc.record({ op: fc.constant('checkpoint' as const), who: fc.constantFrom(0 as const, 1 as const) }), weight: 1 },
);

describe.each(['biased', 'biased-noimmortal'])('%s: owner operations are plain, non-owner operations shared, exactly', (name) => {
  it('fastOps counts exactly the operations whose caller the header names as owner; sharedOps the rest; queued and merges match', () => {
    fc.assert(
      fc.property(fc.array(biasedStep, { maxLength: 120 }), (program) => {
        const sf = builtins[name];
        if (sf === undefined) throw new Error(name);
        const { instance } = heapFor(sf, 2);
        const a = instance(1, true);
        const b = instance(2, true);
        const i32 = a.heap.i32;
        const actors = [a.strategy, b.strategy] as const;
        const tids = [2, 3] as const; // thread index + 1
        const fast: [number, number] = [0, 0];
        const shared: [number, number] = [0, 0];
        let queued = 0;
        const objects: { ref: Ref; held: [number, number] }[] = [];
        let immortal = false;
        const alloc = (): void => {
          const ref = a.heap.newObject(1, 0, 1);
          if (objects.length === 0) immortal = a.strategy.immortalize(ref);
          objects.push({ ref, held: [1, 0] });
        };
        alloc();
        // What the header says before the operation decides the path it must be counted on.
        const observe = (who: 0 | 1, ref: Ref, op: 'incref' | 'decref'): void => {
          if (i32[ref + LOCAL] === IMMORTAL_LOCAL) return;
          if (i32[ref + TID] === tids[who]) fast[who]++;
          else {
            shared[who]++;
            if (op === 'decref' && i32[ref + SHARED] === 0) queued++;
          }
        };
        const act = (who: 0 | 1, op: 'incref' | 'decref', o: { ref: Ref; held: [number, number] }): void => {
          observe(who, o.ref, op);
          actors[who][op](o.ref);
          o.held[who] += op === 'incref' ? 1 : -1;
        };
        for (const s of program) {
          if (s.op === 'alloc') alloc();
          else if (s.op === 'checkpoint') actors[s.who].checkpoint();
          else {
            const o = objects[s.k % objects.length];
            if (o === undefined) continue;
            if (s.op === 'give') {
              if (o.held[0] > 0) {
                o.held[0]--;
                o.held[1]++;
              }
            } else if (s.op === 'incref' ? o.held[0] + o.held[1] > 0 : o.held[s.who] > 0) act(s.who, s.op, o);
          }
        }
        for (const who of [1, 0] as const) for (const o of objects) while (o.held[who] > 0) act(who, 'decref', o);
        a.strategy.checkpoint();
        const [ra, rb] = actors.map((x) => x.report().counters);
        expect([ra?.fastOps, rb?.fastOps]).toEqual(fast);
        expect([ra?.sharedOps, rb?.sharedOps]).toEqual(shared);
        expect((ra?.queued ?? 0) + (rb?.queued ?? 0)).toBe(queued);
        expect(ra?.merges).toBe(queued); // every queued object was merged by its owner, A
        for (const o of objects.slice(1)) expect(a.heap.isLive(o.ref)).toBe(false);
        // The constant outlives every drop only where it is immortal.
        expect(a.heap.isLive((objects[0] as { ref: Ref }).ref)).toBe(immortal);
      }),
      { numRuns: 60 },
    );
  });

  it('a fixed example: the owner counts plainly, the other thread atomically, and its last drop queues', () => {
    const sf = builtins[name];
    if (sf === undefined) throw new Error(name);
    const { instance } = heapFor(sf, 2);
    const owner = instance(1, true);
    const other = instance(2, true);
    const obj = owner.heap.newObject(1, 0, 1);
    owner.strategy.incref(obj); // fast
    other.strategy.incref(obj); // shared
    other.strategy.decref(obj); // shared: SHARED 1 → 0
    owner.strategy.decref(obj); // fast: LOCAL 2 → 1
    other.strategy.decref(obj); // the owner's last reference, dropped by the other thread: SHARED is 0, so it queues
    expect(other.strategy.report().counters).toMatchObject({ fastOps: 0, sharedOps: 3, queued: 1, queuePushRetries: 0 });
    expect(owner.strategy.report().counters).toMatchObject({ fastOps: 2, sharedOps: 0, merges: 0 });
    owner.strategy.checkpoint();
    expect(owner.strategy.report().counters).toMatchObject({ fastOps: 2, sharedOps: 0, merges: 1, mergePasses: 1, deallocs: 1 });
    expect(owner.heap.isLive(obj)).toBe(false);
  });
});
