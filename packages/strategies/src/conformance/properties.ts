/**
 * The conformance properties, and how each judges a run: a stall or a throw is charged to the
 * one property it breaks (`runs-to-completion`, `no-deadlock`, `no-starvation`), and the heap
 * properties judge only a run that completed.
 */
import type { Correctness } from '@rclab/core';
import type { ControlledOutcome } from './controlled.ts';

/** What happened when one program ran free (core's `run()`). */
export interface ProgramOutcome {
  /** The run's error (a thread threw, or the run stalled), if it did not complete. */
  readonly error?: string;
  /** The heap checks, if it completed. */
  readonly correctness?: Correctness;
  /** The strategy's counters, summed over the worker threads. */
  readonly counters?: Readonly<Record<string, number>>;
}

/** The properties, in the order they are checked and reported. */
export const CONFORMANCE_PROPERTIES = [
  { name: 'runs-to-completion', description: 'no thread throws (a failure names the strategy method)', threadSafeOnly: false },
  { name: 'no-deadlock', description: 'every thread finishes: no deadlock, no lock left held after detach, no livelock', threadSafeOnly: false },
  { name: 'no-starvation', description: 'a waiting thread gets in while the others run (a GIL honours drop requests)', threadSafeOnly: false },
  { name: 'no-double-free', description: 'no object is freed twice (and no free list is corrupted)', threadSafeOnly: false },
  { name: 'no-use-after-free', description: 'no freed object is read, and no live object points at a freed slot', threadSafeOnly: false },
  { name: 'no-leak', description: 'once every root is released, no object the program did not make immortal is left alive', threadSafeOnly: false },
  { name: 'exact-counts', description: "every live object's count equals the references to it (the audit)", threadSafeOnly: false },
  { name: 'no-lost-update', description: 'counters updated inside critical sections lose no update', threadSafeOnly: true },
] as const;

/** Name of a conformance property. */
export type PropertyName = (typeof CONFORMANCE_PROPERTIES)[number]['name'];

/** The property a stall or throw breaks. */
function stallProperty(kind: NonNullable<ControlledOutcome['failure']>['kind'], message: string): PropertyName {
  if (kind === 'starvation') return 'no-starvation';
  if (kind === 'throw') return /free list|freed twice/i.test(message) ? 'no-double-free' : 'runs-to-completion';
  return 'no-deadlock';
}

/** What a property finds wrong with the heap checks of a completed run, or `undefined`. */
function heapViolation(name: PropertyName, c: Omit<Correctness, 'ok'>): string | undefined {
  switch (name) {
    case 'runs-to-completion':
    case 'no-deadlock':
    case 'no-starvation':
      return undefined;
    case 'no-double-free':
      if (c.doubleFrees === 0 && c.corruptions === 0) return undefined;
      return `${c.doubleFrees} double free(s), ${c.corruptions} corrupted free list(s)`;
    case 'no-use-after-free':
      return c.useAfterFree === 0 ? undefined : `${c.useAfterFree} use(s) of freed objects`;
    case 'no-leak':
      return c.leaks === 0 ? undefined : `${c.leaks} object(s) still alive after every root was released`;
    case 'exact-counts': {
      if (c.auditMismatches === 0) return undefined;
      const first = c.mismatches
        .slice(0, 3)
        .map((m) => `object ${m.ref} (tag ${m.tag}) has count ${m.actual === 0x3fffffff ? 'IMMORTAL' : m.actual}, ${m.expected} reference(s) point at it`)
        .join('; ');
      return `${c.auditMismatches} object(s) with a wrong count: ${first}`;
    }
    case 'no-lost-update': {
      if (c.lostUpdates === 0) return undefined;
      const lost = c.checks.filter((x) => x.expected !== x.observed).map((x) => `${x.name} ${x.observed}/${x.expected}`);
      return `${c.lostUpdates} lost update(s): ${lost.join(', ')}`;
    }
  }
}

/** What a controlled run breaks of property `name`, or `undefined`. */
export function controlledViolation(name: PropertyName, o: ControlledOutcome): string | undefined {
  if (o.failure !== undefined) return stallProperty(o.failure.kind, o.failure.message) === name ? o.failure.message : undefined;
  return o.result === undefined ? undefined : heapViolation(name, o.result);
}

/** What a free run breaks of property `name`, or `undefined` (core's `run()` reports a stall as an error message). */
export function freeViolation(name: PropertyName, o: ProgramOutcome): string | undefined {
  if (o.error !== undefined) {
    const property: PropertyName = /made no progress|aborted/.test(o.error) ? 'no-deadlock' : /free list/i.test(o.error) ? 'no-double-free' : 'runs-to-completion';
    return property === name ? o.error : undefined;
  }
  return o.correctness === undefined ? undefined : heapViolation(name, o.correctness);
}
