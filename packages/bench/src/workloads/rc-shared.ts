/**
 * `rc-shared` — every thread increfs and decrefs the same few shared objects: the
 * `x = some_global` pattern of the article's §2. This is the contention case: the count words
 * of a handful of objects bounce between cores, and a strategy without atomicity loses
 * updates here first.
 *
 * Each thread keeps a window of `window` references it holds at once (a ring): every operation
 * takes a new reference to the next shared object and drops the oldest one, so counts really
 * move up and down, as bindings do in an interpreter.
 */
import { defineWorkload, type Ref } from '@rclab/core';

interface Data {
  readonly roots: readonly number[];
  readonly window: number;
}

export default defineWorkload<Data>({
  name: 'rc-shared',
  description: 'all threads incref/decref the same few shared objects (x = some_global): contention',
  setup({ heap, params }) {
    const objects = Number(params.objects ?? 4);
    const roots: number[] = [];
    for (let k = 0; k < objects; k++) roots.push(heap.addRoot(heap.newObject(1, 0, 2)));
    return { roots, window: Number(params.window ?? 8) };
  },
  thread({ heap, strategy }, data) {
    const shared: Ref[] = data.roots.map((r) => heap.root(r));
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
});
