/**
 * The `rc-private` workload's operations as a bare loop over a typed array: the same increments,
 * decrements, ring of held references and zero test, with no strategy object, no heap and no
 * workload interface in between. What the harness measures for `unsafe` on `rc-private` must
 * stay within a small factor of this.
 */

/**
 * One thread's bare loop: `step(budget)` does `budget` incref/decref pairs like `rc-private`,
 * with plain reads and writes (what `unsafe` does) or, with `atomic`, `Atomics.add`/`sub` on a
 * shared buffer (what `atomic` does).
 */
export function bareRcLoop(objects = 64, window = 8, atomic = false): { step(budget: number): number; readonly sink: () => number } {
  return atomic ? atomicLoop(objects, window) : plainLoop(objects, window);
}

function plainLoop(objects: number, window: number): { step(budget: number): number; readonly sink: () => number } {
  const stride = 8;
  const i32 = new Int32Array((objects + 1) * stride);
  const own = new Int32Array(objects);
  for (let k = 0; k < objects; k++) {
    own[k] = (k + 1) * stride;
    i32[(k + 1) * stride] = 1;
  }
  const ring = new Int32Array(window);
  let head = 0;
  let next = 0;
  let zeros = 0;
  return {
    step(budget: number): number {
      for (let k = 0; k < budget; k++) {
        const obj = own[next] as number;
        next = next + 1 === objects ? 0 : next + 1;
        i32[obj] = (i32[obj] as number) + 1;
        const old = ring[head] as number;
        ring[head] = obj;
        head = head + 1 === window ? 0 : head + 1;
        if (old !== 0) {
          const n = (i32[old] as number) - 1;
          i32[old] = n;
          if (n === 0) zeros++;
        }
      }
      return budget;
    },
    sink: () => zeros + (i32[stride] as number),
  };
}

function atomicLoop(objects: number, window: number): { step(budget: number): number; readonly sink: () => number } {
  const stride = 16; // one count per 64-byte line, like objects in the heap
  const i32 = new Int32Array(new SharedArrayBuffer((objects + 1) * stride * 4));
  const own = new Int32Array(objects);
  for (let k = 0; k < objects; k++) {
    own[k] = (k + 1) * stride;
    i32[(k + 1) * stride] = 1;
  }
  const ring = new Int32Array(window);
  let head = 0;
  let next = 0;
  let zeros = 0;
  return {
    step(budget: number): number {
      for (let k = 0; k < budget; k++) {
        const obj = own[next] as number;
        next = next + 1 === objects ? 0 : next + 1;
        Atomics.add(i32, obj, 1);
        const old = ring[head] as number;
        ring[head] = obj;
        head = head + 1 === window ? 0 : head + 1;
        if (old !== 0 && Atomics.sub(i32, old, 1) === 1) zeros++;
      }
      return budget;
    },
    sink: () => zeros + (i32[stride] as number),
  };
}
