/**
 * `rc-private` — each thread increfs and decrefs objects it allocated itself: no sharing at
 * all. Biased reference counting's best case (every operation is an owner operation) and the
 * case where an atomic count pays for safety it does not need.
 *
 * Each thread allocates `objects` objects (on its first step, attached), then every operation
 * takes a new reference to the next one and drops the oldest of the `window` references it
 * holds (a ring), so counts really move up and down. `finish` drops everything.
 *
 * A correct run ends with every private object freed (checked slot by slot: the thread's
 * handles are kept in the workload's shared words) and no leak.
 *
 * Parameters: `objects` (default 64), `window` (default 8).
 */
import { defineWorkload, type IntParam, type Ref } from '@rclab/core';
import { ParamReader } from './_support/params.ts';
import { ROLE } from '../experiments/roles.ts';

/** Type tag of the private objects. */
const TAG = 1;

const OBJECTS = {
  name: 'objects',
  kind: 'int',
  default: 64,
  min: 1,
  max: 1 << 16,
  description: 'private objects each thread allocates and cycles through',
} as const satisfies IntParam;
const WINDOW = {
  name: 'window',
  kind: 'int',
  default: 8,
  min: 1,
  max: 1 << 16,
  description: 'references each thread holds at once (a ring)',
} as const satisfies IntParam;

interface Data {
  readonly objects: number;
  readonly window: number;
}

export default defineWorkload<Data>({
  name: 'rc-private',
  description: "each thread incref/decrefs objects it allocated itself: no sharing (biased counting's best case)",
  roles: [ROLE.perOp, ROLE.harnessMirrored],
  op: "one incref of the thread's next private object and one decref of the oldest reference it holds",
  params: [OBJECTS, WINDOW],
  sharedWords(threads, params) {
    return (threads + 1) * new ParamReader('rc-private', params).get(OBJECTS);
  },
  setup({ params }) {
    const read = new ParamReader('rc-private', params);
    return { objects: read.get(OBJECTS), window: read.get(WINDOW) };
  },
  thread({ heap, strategy, threadIndex }, data) {
    const own = new Int32Array(data.objects);
    const ring = new Int32Array(data.window);
    const published = heap.workloadBase + threadIndex * data.objects;
    let head = 0;
    let next = 0;
    return {
      step(budget) {
        if (own[0] === 0) {
          for (let k = 0; k < own.length; k++) {
            own[k] = heap.newObject(TAG, 0, 2);
            Atomics.store(heap.i32, published + k, own[k] as number);
          }
        }
        for (let k = 0; k < budget; k++) {
          const obj = own[next] as Ref;
          next = next + 1 === own.length ? 0 : next + 1;
          strategy.incref(obj);
          const old = ring[head] as Ref;
          ring[head] = obj;
          head = head + 1 === ring.length ? 0 : head + 1;
          if (old !== 0) strategy.decref(old);
          strategy.checkpoint();
        }
        return budget;
      },
      finish() {
        for (let k = 0; k < ring.length; k++) {
          if (ring[k] !== 0) strategy.decref(ring[k] as Ref);
          ring[k] = 0;
        }
        for (let k = 0; k < own.length; k++) if (own[k] !== 0) strategy.decref(own[k] as Ref);
      },
    };
  },
  verify({ heap, threads }, data) {
    let alive = 0;
    for (let t = 1; t <= threads; t++) {
      for (let k = 0; k < data.objects; k++) {
        const ref = Atomics.load(heap.i32, heap.workloadBase + t * data.objects + k);
        if (ref !== 0 && heap.isLive(ref)) alive++;
      }
    }
    return { lostUpdates: alive, checks: [{ name: 'private objects still alive after every thread finished', expected: 0, observed: alive }] };
  },
});
