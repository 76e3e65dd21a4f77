/**
 * `rc-private` — each thread increfs and decrefs objects it allocated itself: no sharing at
 * all. Biased reference counting's best case (every operation is an owner operation) and the
 * case where an atomic count pays for safety it does not need.
 */
import { defineWorkload, type Ref } from '@rclab/core';

interface Data {
  readonly objects: number;
  readonly window: number;
}

export default defineWorkload<Data>({
  name: 'rc-private',
  description: 'each thread incref/decrefs objects it allocated itself: no sharing (biased counting\'s best case)',
  setup({ params }) {
    return { objects: Number(params.objects ?? 64), window: Number(params.window ?? 8) };
  },
  thread({ heap, strategy }, data) {
    const own = new Int32Array(data.objects);
    for (let k = 0; k < own.length; k++) own[k] = heap.newObject(1, 0, 2);
    const ring = new Int32Array(data.window);
    let head = 0;
    let next = 0;
    return {
      step(budget) {
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
        for (let k = 0; k < ring.length; k++) if (ring[k] !== 0) strategy.decref(ring[k] as Ref);
        for (let k = 0; k < own.length; k++) strategy.decref(own[k] as Ref);
      },
    };
  },
});
