/**
 * The conformance kit's workload: runs one operation program (see `program.ts`) on real
 * worker threads. Parameters: `program` (the program as JSON) and `rounds`.
 *
 * Setup (main thread): the globals (leaf objects), the immortal objects (immortalized if the
 * strategy can, kept counted otherwise) and the containers (reference slots plus a counter
 * word), each held by a root. The workers first meet at a rendezvous (inside a blocking
 * section), so that they really run at the same time; then each runs its body
 * `repeat × rounds` times, calling `checkpoint()` after every operation as an interpreter does at its check points. The
 * workload never trusts a reference blindly: it reports every read of a freed object
 * (`heap.checkLive`) and skips operations on objects that are no longer live, so a broken
 * strategy is reported rather than followed into the weeds.
 *
 * `verify` compares each container's counter with the number of `count` operations run.
 */
import { defineWorkload, type Ref, type WorkloadCheck } from '@rclab/core';
import { expectedCounts, type Op, type Program, REGISTERS } from './program.ts';

interface Data {
  readonly program: Program;
  readonly rounds: number;
  /** Roots of the globals then the immortals. */
  readonly shared: readonly number[];
  readonly containers: readonly number[];
}

/** Workload shared region: the serial-number counter for new objects. */
const SERIAL = 0;
/** Workload shared region: threads that reached the start rendezvous. */
const ARRIVED = 1;
/** Longest a thread waits at the rendezvous for the others. */
const RENDEZVOUS_MS = 2000;

/** Type tags. */
const TAG_GLOBAL = 1;
const TAG_CONTAINER = 2;
const TAG_OBJECT = 3;

function parse(params: Readonly<Record<string, unknown>>): { program: Program; rounds: number } {
  const program = JSON.parse(String(params.program)) as Program;
  const rounds = Number(params.rounds ?? 100);
  return { program, rounds };
}

/** Operations per run of a thread's body. */
export function passesFor(program: Program, rounds: number, thread: number): number {
  return (program.threads[thread - 1]?.repeat ?? 0) * rounds;
}

export default defineWorkload<Data>({
  name: 'conformance-program',
  description: 'the conformance kit: one generated operation program on real threads',
  sharedWords: () => 16,
  setup({ heap, strategy, params, threads }) {
    const { program, rounds } = parse(params);
    if (program.threads.length !== threads) throw new Error(`program has ${program.threads.length} threads, run has ${threads}`);
    const shared: number[] = [];
    for (let g = 0; g < program.globals + program.immortals; g++) {
      const obj = heap.newObject(TAG_GLOBAL, 0, 1);
      heap.store(obj, 0, 0); // serial 0: older than every object a thread makes
      if (g >= program.globals) strategy.immortalize(obj);
      shared.push(heap.addRoot(obj));
    }
    const containers: number[] = [];
    for (let c = 0; c < program.containers; c++) {
      containers.push(heap.addRoot(heap.newObject(TAG_CONTAINER, program.slots, program.slots + 1)));
    }
    return { program, rounds, shared, containers };
  },
  thread({ heap, strategy, threadIndex, threads }, data) {
    const i32 = heap.i32;
    const serialWord = heap.workloadBase + SERIAL;
    const program = data.program;
    const body: readonly Op[] = program.threads[threadIndex - 1]?.body ?? [];
    const passes = passesFor(program, data.rounds, threadIndex);
    const shared = data.shared.map((r) => heap.root(r));
    const containers = data.containers.map((r) => heap.root(r));
    const slots = program.slots;
    const regs = new Int32Array(REGISTERS);
    // The stamp (generation) of the object each register was given: a register whose object was
    // freed and whose slot was reused still points at a live object, so liveness alone cannot
    // tell; the stamp can.
    const stamps = new Int32Array(REGISTERS);
    let done = 0;
    let started = false;

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
          heap.store(c, slots, heap.load(c, slots) + 1);
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
      step(budget) {
        if (!started) {
          // Races only show when threads really run at the same time: line them up first, in a
          // blocking section so a thread waiting here does not hold an interpreter lock.
          started = true;
          strategy.beginBlocking();
          Atomics.add(i32, heap.workloadBase + ARRIVED, 1);
          Atomics.notify(i32, heap.workloadBase + ARRIVED);
          const deadline = performance.now() + RENDEZVOUS_MS;
          for (;;) {
            const arrived = Atomics.load(i32, heap.workloadBase + ARRIVED);
            const left = deadline - performance.now();
            if (arrived >= threads || left <= 0) break;
            Atomics.wait(i32, heap.workloadBase + ARRIVED, arrived, left);
          }
          strategy.endBlocking();
        }
        for (let k = 0; k < budget; k++) {
          // A thread whose body has run its passes only counts the rest of its budget, so it
          // finishes (and detaches) while longer-running threads still work.
          if (done >= passes) continue;
          done++;
          for (let i = 0; i < body.length; i++) {
            exec(body[i] as Op);
            strategy.checkpoint();
          }
        }
        return budget;
      },
      finish() {
        for (let r = 0; r < REGISTERS; r++) set(r, 0);
      },
    };
  },
  verify({ heap }, data) {
    const expected = expectedCounts(data.program, data.rounds);
    const checks: WorkloadCheck[] = data.containers.map((root, c) => ({
      name: `c${c}.counter`,
      expected: expected[c] ?? 0,
      observed: heap.load(heap.root(root), data.program.slots),
    }));
    return { lostUpdates: checks.reduce((a, x) => a + Math.abs(x.expected - x.observed), 0), checks };
  },
});
