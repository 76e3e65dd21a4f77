import { IMMORTAL_REFCOUNT, type Strategy } from '../strategy/types.ts';
import type { Heap } from './heap.ts';
import { CTRL_CORRUPTIONS, CTRL_DOUBLE_FREES, CTRL_USE_AFTER_FREE } from './layout.ts';
import type { Ref } from './ref.ts';

/** One object whose count disagrees with the references that point at it. */
export interface RefcountMismatch {
  readonly ref: Ref;
  readonly tag: number;
  /** References found: from live objects' reference slots and from roots. */
  readonly expected: number;
  /** What the strategy's `refcount` says. */
  readonly actual: number;
}

/** Result of walking the heap after a run. */
export interface AuditReport {
  /** Live objects found (immortal ones included). */
  readonly liveObjects: number;
  /** Immortal objects found. */
  readonly immortalObjects: number;
  /** Live, mortal objects whose count differs from the references to them. */
  readonly auditMismatches: number;
  /** The first mismatches, for the error message and the report. */
  readonly mismatches: readonly RefcountMismatch[];
  /** References (in live objects or roots) to a slot that is no longer live: use after free. */
  readonly danglingRefs: number;
  /** Reference slots that hold something that is not an object handle at all. */
  readonly badRefs: number;
  /** Live, mortal objects that no root reaches: leaked now, whatever their count says. */
  readonly unreachable: number;
  /** Frees of an already-free object, counted by the heap during the run. */
  readonly doubleFrees: number;
  /** Reads of a freed object, counted by workloads during the run (`heap.checkLive`). */
  readonly useAfterFree: number;
  /** Corrupted free lists the allocator found. */
  readonly corruptions: number;
}

const MAX_LISTED = 50;

/**
 * The reference audit: walks every live object, counts the references that actually point at
 * each one (from other live objects and from the roots the workload declared), and compares
 * with the strategy's `refcount`. A correct strategy on a quiescent heap gives zero mismatches;
 * one that lost an increment or a decrement does not, and the report names the objects.
 *
 * Run it only when no thread is running (after every worker has finished). It never follows a
 * value that is not a live object's handle, so a broken strategy's garbage is reported, not
 * chased.
 *
 * `immortals`, when given, is the set of objects the program itself made immortal: only those
 * are exempt, so a strategy that reports some other object immortal (say, a count saturated far
 * too early) gets a mismatch for it instead of being taken at its word. Without it, every object
 * whose `refcount` is `IMMORTAL_REFCOUNT` is exempt, as before.
 */
export function auditHeap(heap: Heap, strategy: Strategy, immortals?: ReadonlySet<Ref>): AuditReport {
  const i32 = heap.i32;
  const live: Ref[] = [];
  heap.forEachLive((ref) => live.push(ref));
  const expected = new Map<Ref, number>();
  for (const ref of live) expected.set(ref, 0);

  let danglingRefs = 0;
  let badRefs = 0;
  const seen = (target: Ref): boolean => {
    const n = expected.get(target);
    if (n !== undefined) {
      expected.set(target, n + 1);
      return true;
    }
    if (heap.isSlot(target)) danglingRefs++;
    else badRefs++;
    return false;
  };

  const roots: Ref[] = [];
  for (let k = 0; k < heap.rootCount; k++) {
    const r = heap.root(k);
    if (r !== 0 && seen(r)) roots.push(r);
  }
  const base = heap.payloadBase;
  for (const ref of live) {
    const nrefs = heap.nrefs(ref);
    const cap = heap.payloadCapacity(ref);
    if (nrefs > cap) {
      badRefs++;
      continue;
    }
    for (let k = 0; k < nrefs; k++) {
      const child = i32[ref + base + k] as number;
      if (child !== 0) seen(child);
    }
  }

  // Reachability from the roots, for leaks that a count cannot show (an over-counted object).
  const reached = new Set<Ref>(roots);
  const stack = [...roots];
  while (stack.length > 0) {
    const ref = stack.pop() as Ref;
    const nrefs = Math.min(heap.nrefs(ref), heap.payloadCapacity(ref));
    for (let k = 0; k < nrefs; k++) {
      const child = i32[ref + base + k] as number;
      if (child !== 0 && expected.has(child) && !reached.has(child)) {
        reached.add(child);
        stack.push(child);
      }
    }
  }

  let immortalObjects = 0;
  let auditMismatches = 0;
  let unreachable = 0;
  const mismatches: RefcountMismatch[] = [];
  for (const ref of live) {
    const actual = strategy.refcount(ref);
    if (actual === IMMORTAL_REFCOUNT && (immortals === undefined || immortals.has(ref))) {
      immortalObjects++;
      continue;
    }
    if (!reached.has(ref)) unreachable++;
    const want = expected.get(ref) as number;
    if (actual !== want) {
      auditMismatches++;
      if (mismatches.length < MAX_LISTED) mismatches.push({ ref, tag: heap.tag(ref), expected: want, actual });
    }
  }

  return {
    liveObjects: live.length,
    immortalObjects,
    auditMismatches,
    mismatches,
    danglingRefs,
    badRefs,
    unreachable,
    doubleFrees: Atomics.load(i32, CTRL_DOUBLE_FREES),
    useAfterFree: Atomics.load(i32, CTRL_USE_AFTER_FREE),
    corruptions: Atomics.load(i32, CTRL_CORRUPTIONS),
  };
}

/**
 * Live objects that are not immortal: after every root is released, each one is a leak. With
 * `immortals`, only those objects count as immortal, whatever the strategy reports (see `auditHeap`).
 */
export function countMortalLive(heap: Heap, strategy: Strategy, immortals?: ReadonlySet<Ref>): number {
  let n = 0;
  heap.forEachLive((ref) => {
    if (immortals !== undefined ? !immortals.has(ref) : strategy.refcount(ref) !== IMMORTAL_REFCOUNT) n++;
  });
  return n;
}
