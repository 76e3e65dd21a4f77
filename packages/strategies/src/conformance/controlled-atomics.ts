/**
 * Loom's trick, in JavaScript: the strategy's heap view is a `Proxy` over the real one, and the
 * global `Atomics` is replaced in the kit's worker by `kitAtomics`. Each heap access the strategy
 * makes is then a scheduling point, and `Atomics.wait` / `notify` on its heap are modelled: a
 * waiting thread is not runnable until notified (or its timed wait expires in virtual time), so
 * a strategy blocked on a lock word yields the token instead of deadlocking the kit. Calls on any
 * other array (core's own) pass straight to the real `Atomics`.
 */
import {
  C_CHECKS,
  C_OPS,
  S_BLOCKED,
  S_RUNNABLE,
  T_DEADLINE,
  T_PROGRESS,
  T_RESULT,
  T_STATE,
  T_WAIT_ADDR,
  T_WAITED,
  T_WOKEN,
  TIMEOUT_OPS,
  WAKE_NOTIFIED,
  WAKE_TIMED_OUT,
} from './controlled-layout.ts';
import { get, me, nthreads, put, RA, tw } from './controlled-state.ts';
import { K_ACCESS, K_BLOCK, K_READ, point } from './controlled-scheduler.ts';

/** The real heap view and the strategy's proxy of it, during a run. */
let target: Int32Array | null = null;
let proxy: Int32Array | null = null;

function isIndex(key: string | symbol): key is string {
  if (typeof key !== 'string') return false;
  const c = key.charCodeAt(0);
  return c >= 48 && c <= 57;
}

function makeProxy(real: Int32Array): Int32Array {
  return new Proxy(real, {
    get(t, key) {
      if (isIndex(key)) {
        point(K_READ);
        return t[key as unknown as number];
      }
      const v = Reflect.get(t, key, t) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(t) : v;
    },
    set(t, key, value) {
      if (isIndex(key)) {
        point(K_ACCESS);
        t[key as unknown as number] = value as number;
        return true;
      }
      return Reflect.set(t, key, value, t);
    },
  });
}

/** The strategy's view of `real` for this run: every index read or write is a scheduling point. */
export function wrapHeapView(real: Int32Array): Int32Array {
  target = real;
  proxy = makeProxy(real);
  return proxy;
}

/** Forgets the run's heap view. */
export function releaseHeapView(): void {
  target = null;
  proxy = null;
}

const unwrap = (ta: unknown): Int32Array => (ta === proxy && target !== null ? target : (ta as Int32Array));

/** Thread `me` waits on heap word `index` (expected `value`): a modelled `Atomics.wait`. */
function modelWait(t: Int32Array, index: number, value: number, timeout: number | undefined): 'ok' | 'not-equal' | 'timed-out' {
  point(K_READ);
  if (RA.load(t, index) !== value) return 'not-equal';
  const timed = timeout !== undefined && Number.isFinite(timeout);
  put(tw(me, T_WAIT_ADDR), index);
  put(tw(me, T_DEADLINE), timed ? get(C_OPS) + TIMEOUT_OPS : -1);
  put(tw(me, T_RESULT), 0);
  put(tw(me, T_WAITED), get(C_CHECKS));
  put(tw(me, T_STATE), S_BLOCKED);
  point(K_BLOCK);
  // Back: add the checkpoints the others made while we were blocked.
  put(tw(me, T_PROGRESS), get(tw(me, T_PROGRESS)) + (get(C_CHECKS) - get(tw(me, T_WAITED))));
  return get(tw(me, T_RESULT)) === WAKE_TIMED_OUT ? 'timed-out' : 'ok';
}

function modelNotify(index: number, count: number | undefined): number {
  point(K_ACCESS);
  let woken = 0;
  const most = count === undefined ? Infinity : count;
  for (let k = 1; k <= nthreads && woken < most; k++) {
    const u = (me + k) % (nthreads + 1);
    if (get(tw(u, T_STATE)) === S_BLOCKED && get(tw(u, T_WAIT_ADDR)) === index) {
      put(tw(u, T_RESULT), WAKE_NOTIFIED);
      put(tw(u, T_STATE), S_RUNNABLE);
      put(tw(u, T_WOKEN), 1);
      woken++;
    }
  }
  return woken;
}

type AnyTA = Int32Array;
const kitAtomics = {
  add: (ta: AnyTA, i: number, v: number) => (ta === proxy ? (point(K_ACCESS), RA.add(unwrap(ta), i, v)) : RA.add(ta, i, v)),
  sub: (ta: AnyTA, i: number, v: number) => (ta === proxy ? (point(K_ACCESS), RA.sub(unwrap(ta), i, v)) : RA.sub(ta, i, v)),
  and: (ta: AnyTA, i: number, v: number) => (ta === proxy ? (point(K_ACCESS), RA.and(unwrap(ta), i, v)) : RA.and(ta, i, v)),
  or: (ta: AnyTA, i: number, v: number) => (ta === proxy ? (point(K_ACCESS), RA.or(unwrap(ta), i, v)) : RA.or(ta, i, v)),
  xor: (ta: AnyTA, i: number, v: number) => (ta === proxy ? (point(K_ACCESS), RA.xor(unwrap(ta), i, v)) : RA.xor(ta, i, v)),
  exchange: (ta: AnyTA, i: number, v: number) => (ta === proxy ? (point(K_ACCESS), RA.exchange(unwrap(ta), i, v)) : RA.exchange(ta, i, v)),
  store: (ta: AnyTA, i: number, v: number) => (ta === proxy ? (point(K_ACCESS), RA.store(unwrap(ta), i, v)) : RA.store(ta, i, v)),
  load: (ta: AnyTA, i: number) => (ta === proxy ? (point(K_READ), RA.load(unwrap(ta), i)) : RA.load(ta, i)),
  compareExchange: (ta: AnyTA, i: number, expected: number, replacement: number) => {
    if (ta !== proxy) return RA.compareExchange(ta, i, expected, replacement);
    const t = unwrap(ta);
    // A CAS that fails wrote nothing: it counts as a read, so a CAS loop on a taken word spins.
    point(RA.load(t, i) === expected ? K_ACCESS : K_READ);
    return RA.compareExchange(t, i, expected, replacement);
  },
  wait: (ta: AnyTA, i: number, v: number, timeout?: number) => (ta === proxy ? modelWait(unwrap(ta), i, v, timeout) : RA.wait(ta, i, v, timeout)),
  notify: (ta: AnyTA, i: number, count?: number) => (ta === proxy ? modelNotify(i, count) : RA.notify(ta, i, count)),
  isLockFree: (n: number) => RA.isLockFree(n),
  [Symbol.toStringTag]: 'Atomics',
};

/** Replaces this worker's global `Atomics` with the kit's: for every module, the strategy's and core's. */
export function installKitAtomics(): void {
  (globalThis as { Atomics: unknown }).Atomics = kitAtomics;
}
