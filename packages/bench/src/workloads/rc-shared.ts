/**
 * `rc-shared` — every thread increfs and decrefs the same few shared objects: the
 * `x = some_global` pattern of the article's §2. This is the contention case: the count words
 * of a handful of objects bounce between cores, and a strategy without atomicity loses
 * updates here first.
 *
 * Each thread keeps a window of `window` references it holds at once (a ring): every operation
 * takes a new reference to the next shared object and drops the oldest one, so counts really
 * move up and down, as bindings do in an interpreter.
 *
 * With `immortal: true` the shared objects are made immortal at setup (PEP 683), when the
 * strategy supports it: then their counts are never written, which is where immortalization
 * pays.
 *
 * A correct run ends with every shared object's count back at 1 (the root's reference) — or
 * immortal — which the reference audit confirms independently.
 *
 * Parameters: `objects` (default 4), `window` (default 8), `immortal` (default false).
 */
import { type BooleanParam, defineWorkload, IMMORTAL_REFCOUNT, type IntParam, type Ref } from '@rclab/core';
import { ParamReader } from './_support/params.ts';
import { ROLE } from '../experiments/roles.ts';

const TAG = 1;

const OBJECTS = { name: 'objects', kind: 'int', default: 4, min: 1, max: 4096, description: 'shared objects every thread cycles through' } as const satisfies IntParam;
const WINDOW = { name: 'window', kind: 'int', default: 8, min: 1, max: 1 << 16, description: 'references each thread holds at once (a ring)' } as const satisfies IntParam;
const IMMORTAL = {
  name: 'immortal',
  kind: 'boolean',
  default: false,
  description: 'make the shared objects immortal at setup (PEP 683), where the strategy supports it',
} as const satisfies BooleanParam;

interface Data {
  readonly roots: readonly number[];
  readonly window: number;
  readonly immortal: readonly boolean[];
}

export default defineWorkload<Data>({
  name: 'rc-shared',
  description: 'all threads incref/decref the same few shared objects (x = some_global): contention',
  roles: [ROLE.perOp],
  op: 'one incref of the next shared object and one decref of the oldest reference the thread holds',
  params: [OBJECTS, WINDOW, IMMORTAL],
  setup({ heap, strategy, params }) {
    const read = new ParamReader('rc-shared', params);
    const objects = read.get(OBJECTS);
    const window = read.get(WINDOW);
    const immortalize = read.get(IMMORTAL);
    const roots: number[] = [];
    const immortal: boolean[] = [];
    for (let k = 0; k < objects; k++) {
      const ref = heap.newObject(TAG, 0, 2);
      immortal.push(immortalize && strategy.immortalize(ref));
      roots.push(heap.addRoot(ref));
    }
    return { roots, window, immortal };
  },
  thread({ heap, strategy }, data) {
    const shared = Int32Array.from(data.roots, (r) => heap.root(r));
    const n = shared.length;
    const ring = new Int32Array(data.window);
    let head = 0;
    let next = 0;
    return {
      step(budget) {
        for (let k = 0; k < budget; k++) {
          const obj = shared[next] as Ref;
          next = next + 1 === n ? 0 : next + 1;
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
          const old = ring[k] as Ref;
          if (old !== 0) strategy.decref(old);
          ring[k] = 0;
        }
      },
    };
  },
  verify({ heap, strategy }, data) {
    let lost = 0;
    const checks = data.roots.map((root, k) => {
      const ref = heap.root(root);
      const expected = data.immortal[k] === true ? IMMORTAL_REFCOUNT : 1;
      const observed = heap.isLive(ref) ? strategy.refcount(ref) : 0;
      lost += Math.abs(observed - expected);
      return { name: `refcount of shared object ${k}`, expected, observed };
    });
    return { lostUpdates: lost, checks };
  },
});
