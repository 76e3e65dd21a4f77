/**
 * The operation interpreter: what one thread does for each operation of a program (see
 * `program.ts`). Shared by the free-running workload (`workload.ts`, core's `run()`) and the
 * controlled-schedule harness (`controlled-worker.ts`), so both layers run the same semantics.
 *
 * It never trusts a reference blindly: it reports every read of a freed object
 * (`heap.checkLive`, `heap.checkStamp`) and skips operations on objects that are no longer
 * live, so a broken strategy is reported rather than followed into the weeds.
 */
import type { Heap, Ref, Strategy } from '@rclab/core';
import { type Op, type Program, REGISTERS } from './program.ts';

/** Type tags of the kit's objects. */
export const TAG_GLOBAL = 1;
export const TAG_CONTAINER = 2;
export const TAG_OBJECT = 3;

/** One thread's registers and the operations on them. */
export interface Interpreter {
  exec(op: Op): void;
  /** Drops every register (end of the thread's body). */
  finish(): void;
}

/** Makes the shared objects of `program` on the main thread: globals, immortals, containers. */
export function setupShared(heap: Heap, strategy: Strategy, program: Program): { shared: Ref[]; containers: Ref[]; immortal: Ref[] } {
  const shared: Ref[] = [];
  const immortal: Ref[] = [];
  for (let g = 0; g < program.globals + program.immortals; g++) {
    const obj = heap.newObject(TAG_GLOBAL, 0, 1);
    heap.store(obj, 0, 0); // serial 0: older than every object a thread makes
    if (g >= program.globals && strategy.immortalize(obj)) immortal.push(obj);
    shared.push(obj);
  }
  const containers: Ref[] = [];
  for (let c = 0; c < program.containers; c++) containers.push(heap.newObject(TAG_CONTAINER, program.slots, program.slots + 1));
  return { shared, containers, immortal };
}

/**
 * An interpreter for one thread. `serialWord` is a shared word (bumped atomically) that gives
 * every new object a serial number, so links can keep object graphs acyclic.
 */
export function makeInterpreter(
  heap: Heap,
  strategy: Strategy,
  program: Program,
  shared: readonly Ref[],
  containers: readonly Ref[],
  serialWord: number,
  /** Called between the read and the write of a slot (the controlled scheduler's access point). */
  access: () => void = () => {},
): Interpreter {
  const i32 = heap.i32;
  const slots = program.slots;
  const regs = new Int32Array(REGISTERS);
  // The stamp (generation) of the object each register was given: a register whose object was
  // freed and whose slot was reused still points at a live object, so liveness alone cannot
  // tell; the stamp can.
  const stamps = new Int32Array(REGISTERS);

  const live = (ref: Ref): boolean => {
    if (heap.isLive(ref)) return true;
    heap.checkLive(ref); // records the use after free
    return false;
  };
  /** True if register r still holds the object it was given (records a use after free if not). */
  const fresh = (r: number): boolean => heap.checkStamp(regs[r] as Ref, stamps[r] as number);
  const set = (r: number, value: Ref): void => {
    const old = regs[r] as Ref;
    const oldFresh = old !== 0 && fresh(r);
    regs[r] = value;
    stamps[r] = value !== 0 ? heap.stamp(value) : 0;
    // A stale reference is not dropped: that would decrement somebody else's object.
    if (oldFresh) strategy.decref(old);
  };
  const serial = (ref: Ref): number => heap.load(ref, heap.nrefs(ref));
  const fields = (ref: Ref): number => Math.min(heap.nrefs(ref), heap.payloadCapacity(ref));

  const exec = (op: Op): void => {
    switch (op.op) {
      case 'new': {
        const obj = heap.newObject(TAG_OBJECT, op.nrefs, op.nrefs + 1);
        heap.store(obj, op.nrefs, Atomics.add(i32, serialWord, 1) + 1);
        set(op.r, obj);
        return;
      }
      case 'global': {
        const obj = shared[op.g] as Ref;
        strategy.incref(obj);
        set(op.r, obj);
        return;
      }
      case 'copy': {
        const v = regs[op.s] as Ref;
        if (v !== 0) {
          if (!fresh(op.s)) return;
          strategy.incref(v);
        }
        set(op.r, v);
        return;
      }
      case 'drop':
        set(op.r, 0);
        return;
      case 'put': {
        const c = containers[op.c] as Ref;
        const v = regs[op.r] as Ref;
        if (v !== 0 && !fresh(op.r)) return;
        strategy.lockObject(c);
        if (v !== 0) strategy.incref(v);
        const old = heap.load(c, op.k);
        access();
        heap.store(c, op.k, v);
        if (old !== 0) strategy.decref(old);
        strategy.unlockObject(c);
        return;
      }
      case 'take': {
        const c = containers[op.c] as Ref;
        strategy.lockObject(c);
        let v = heap.load(c, op.k);
        if (v !== 0) {
          if (live(v)) strategy.incref(v);
          else v = 0;
        }
        strategy.unlockObject(c);
        set(op.r, v);
        return;
      }
      case 'steal': {
        const c = containers[op.c] as Ref;
        strategy.lockObject(c);
        const v = heap.load(c, op.k);
        access();
        heap.store(c, op.k, 0);
        strategy.unlockObject(c);
        set(op.r, v !== 0 && live(v) ? v : 0);
        return;
      }
      case 'link': {
        const p = regs[op.r] as Ref;
        const v = regs[op.s] as Ref;
        if (p === 0 || !fresh(op.r)) return;
        const n = fields(p);
        if (n === 0) return;
        if (v !== 0 && (!fresh(op.s) || serial(v) >= serial(p))) return;
        const k = op.k % n;
        strategy.lockObject(p);
        if (v !== 0) strategy.incref(v);
        const old = heap.load(p, k);
        access();
        heap.store(p, k, v);
        if (old !== 0) strategy.decref(old);
        strategy.unlockObject(p);
        return;
      }
      case 'field': {
        const p = regs[op.s] as Ref;
        if (p === 0 || !fresh(op.s)) return;
        const n = fields(p);
        let v: Ref = 0;
        if (n > 0) {
          strategy.lockObject(p);
          v = heap.load(p, op.k % n);
          if (v !== 0 && live(v)) strategy.incref(v);
          else v = 0;
          strategy.unlockObject(p);
        }
        set(op.r, v);
        return;
      }
      case 'count': {
        const c = containers[op.c] as Ref;
        strategy.lockObject(c);
        const n = heap.load(c, slots);
        access();
        heap.store(c, slots, n + 1);
        strategy.unlockObject(c);
        return;
      }
      case 'self': {
        const c = containers[op.c] as Ref;
        strategy.lockObject(c);
        strategy.incref(c);
        strategy.decref(c);
        strategy.unlockObject(c);
        return;
      }
      case 'block':
        strategy.beginBlocking();
        strategy.endBlocking();
        return;
    }
  };

  return {
    exec,
    finish() {
      for (let r = 0; r < REGISTERS; r++) set(r, 0);
    },
  };
}

/** How many times each container's counter is bumped by a run of `p` with `rounds` rounds. */
export function expectedCounts(p: Program, rounds: number): number[] {
  const counts = new Array<number>(p.containers).fill(0);
  for (const t of p.threads) {
    for (const op of t.body) if (op.op === 'count') counts[op.c] = (counts[op.c] ?? 0) + t.repeat * rounds;
  }
  return counts;
}
