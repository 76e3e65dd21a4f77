/**
 * `alloc-churn` — allocate, reference briefly, free; thread-local. Each operation allocates an
 * object with `refs` reference slots pointing at the thread's own anchor objects (so creating
 * it increfs them and freeing it decrefs them, as a tuple's dealloc does), takes and drops two
 * more references to it, and drops the last one: the object dies in the same operation.
 *
 * This is the allocation-heavy case: the cost is the allocator plus the initial count and the
 * frees (for biased counting, the owner's fast deallocation path).
 *
 * A correct run ends with each anchor's count back at 1 and every churned object freed.
 *
 * Parameters: `refs` (default 2, 0..8), `size` (payload words, default 4, at least `refs`).
 */
import { defineWorkload, type IntParam, type Ref, UsageError } from '@rclab/core';
import { ParamReader } from './_support/params.ts';
import { ROLE } from '../experiments/roles.ts';

const TAG_ANCHOR = 1;
const TAG_CHURN = 2;
const MAX_REFS = 8;

const REFS = {
  name: 'refs',
  kind: 'int',
  default: 2,
  min: 0,
  max: MAX_REFS,
  description: "reference slots of each churned object (each points at one of the thread's anchors)",
} as const satisfies IntParam;
const SIZE = { name: 'size', kind: 'int', default: 4, min: 1, max: 1024, description: 'payload words of each churned object (at least refs)' } as const satisfies IntParam;

interface Data {
  readonly refs: number;
  readonly size: number;
}

export default defineWorkload<Data>({
  name: 'alloc-churn',
  description: 'allocate an object holding references, use it briefly, free it: thread-local allocation churn',
  roles: [ROLE.perOp],
  op: 'allocate one object holding refs references, take and drop two more references to it, free it',
  params: [REFS, SIZE],
  checkParams(params) {
    const read = new ParamReader('alloc-churn', params);
    const refs = read.get(REFS);
    const size = read.get(SIZE);
    return size < refs ? `parameter size must be at least refs (${refs}), got ${size}` : undefined;
  },
  sharedWords(threads) {
    return (threads + 1) * MAX_REFS;
  },
  setup({ params }) {
    const read = new ParamReader('alloc-churn', params);
    const refs = read.get(REFS);
    const size = read.get(SIZE);
    if (size < refs) throw new UsageError(`workload 'alloc-churn': parameter size must be at least refs (${refs}), got ${size}`);
    return { refs, size };
  },
  thread({ heap, strategy, threadIndex }, data) {
    const anchors = new Int32Array(data.refs);
    const base = heap.payloadBase;
    const i32 = heap.i32;
    return {
      step(budget) {
        if (data.refs > 0 && anchors[0] === 0) {
          for (let k = 0; k < data.refs; k++) {
            anchors[k] = heap.newObject(TAG_ANCHOR, 0, 1);
            Atomics.store(i32, heap.workloadBase + threadIndex * MAX_REFS + k, anchors[k] as number);
          }
        }
        for (let k = 0; k < budget; k++) {
          const obj = heap.newObject(TAG_CHURN, data.refs, data.size);
          for (let r = 0; r < data.refs; r++) {
            const a = anchors[r] as Ref;
            strategy.incref(a);
            i32[obj + base + r] = a;
          }
          i32[obj + base + data.refs] = k;
          strategy.incref(obj);
          strategy.incref(obj);
          strategy.decref(obj);
          strategy.decref(obj);
          strategy.decref(obj);
          strategy.checkpoint();
        }
        return budget;
      },
      finish() {
        for (let k = 0; k < anchors.length; k++) if (anchors[k] !== 0) strategy.decref(anchors[k] as Ref);
      },
    };
  },
  verify({ heap, threads }, data) {
    // finish() dropped each anchor's last reference: every anchor must be gone, none early.
    let alive = 0;
    for (let t = 1; t <= threads; t++) {
      for (let k = 0; k < data.refs; k++) {
        const ref = Atomics.load(heap.i32, heap.workloadBase + t * MAX_REFS + k);
        if (ref !== 0 && heap.isLive(ref)) alive++;
      }
    }
    return { lostUpdates: alive, checks: [{ name: 'anchor objects still alive after every thread finished', expected: 0, observed: alive }] };
  },
});
