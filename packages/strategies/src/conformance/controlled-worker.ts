/**
 * The kit's controlled-schedule worker: one real thread of a controlled run (see `schedule.ts`
 * for the model, `controlled.ts` for the main-thread side). The kit bundles this file with the
 * strategy module into its own worker script, so the strategy's source is unchanged.
 *
 * Only the thread holding the token runs; the others wait on their own word of the control
 * block (`Atomics.wait`). At every scheduling point the running thread decides, from the
 * schedule and the shared state, whether to go on or to hand the token over. The decision is
 * a function of the schedule and of what the threads did so far, never of time: the same
 * program and schedule give the same interleaving under any load.
 *
 * Loom's trick, in JavaScript: the strategy gets a heap whose `i32` is a `Proxy` over the real
 * view, and the global `Atomics` is replaced in this worker by a wrapper. Each heap access the
 * strategy makes is then a scheduling point (at `access` granularity), and `Atomics.wait` /
 * `notify` are modelled: a thread whose wait has not been notified is not runnable, so a
 * strategy that blocks on a lock word yields the token instead of deadlocking the kit, and a
 * wake-up that nobody sends is a deadlock the kit reports. A timed wait expires in virtual
 * time (after `TIMEOUT_OPS` strategy calls by others, or at once when nothing else can run).
 *
 * Roles: thread 0 plays the main thread of core's `run()` (setup, `beginBlocking` while the
 * workers run, then `endBlocking`, the audit, releasing the roots, the leak count and
 * `detach`), under the scheduler too, so a wait on the main thread is watched like any other.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Heap, type Ref, type Strategy, type StrategyFactory } from '@rclab/core';
import { auditHeap, countMortalLive, layout } from '@rclab/core/internal';
import {
  C_CHECKS,
  C_CURRENT,
  C_FAIL_KIND,
  C_FAIL_THREAD,
  C_LIVE,
  C_NEXT_PREEMPTION,
  C_OPS,
  C_PHASE,
  C_STALLS,
  C_STATUS,
  C_STEP,
  C_SWITCHES,
  C_TRACE_LEN,
  CODE_SWITCH,
  FAIL_DEADLOCK,
  FAIL_LIVELOCK,
  FAIL_STARVATION,
  FAIL_THROW,
  MAX_OPS,
  MAX_STALLS,
  PHASE_CONCURRENT,
  PHASE_TEARDOWN,
  S_BLOCKED,
  S_FINISHED,
  S_JOINING,
  S_RUNNABLE,
  SPIN_LIMIT,
  STARVE_CHECKPOINTS,
  STATUS_DONE,
  STATUS_FAILED,
  STATUS_RUNNING,
  T_BASE,
  T_DEADLINE,
  T_GO,
  T_PROGRESS,
  T_RESULT,
  T_SPIN,
  T_STATE,
  T_STRIDE,
  T_WAIT_ADDR,
  T_WAITED,
  T_WOKEN,
  TIMEOUT_OPS,
  TRACE_BASE,
  TRACE_CAP,
  TRACE_METHODS,
  WAKE_NOTIFIED,
  WAKE_TIMED_OUT,
} from './controlled-layout.ts';
import { expectedCounts, makeInterpreter, setupShared } from './interpreter.ts';
import type { Op, Program } from './program.ts';
import type { Schedule } from './schedule.ts';

/** The real `Atomics`, captured before this worker replaces the global. */
const RA: typeof Atomics = globalThis.Atomics;

/** main → worker: run one program under one schedule in role `role`. */
export interface RunMessage {
  readonly type: 'run';
  readonly id: number;
  readonly role: number;
  readonly heap: SharedArrayBuffer;
  readonly ctl: SharedArrayBuffer;
  readonly program: Program;
  readonly schedule: Schedule;
  readonly rounds: number;
  readonly strategyOptions: Readonly<Record<string, number | string | boolean>>;
}

/** worker → main. */
export type WorkerReply =
  | { readonly type: 'loaded' }
  | { readonly type: 'names'; readonly id: number; readonly names: Readonly<Record<number, string>> }
  | { readonly type: 'failure'; readonly id: number; readonly kind: number; readonly thread: number; readonly message: string }
  | { readonly type: 'result'; readonly id: number; readonly result: ControlledResult }
  | { readonly type: 'idle'; readonly id: number };

/** What thread 0 found after a completed controlled run. */
export interface ControlledResult {
  readonly lostUpdates: number;
  readonly checks: readonly { readonly name: string; readonly expected: number; readonly observed: number }[];
  readonly leaks: number;
  readonly doubleFrees: number;
  readonly useAfterFree: number;
  readonly auditMismatches: number;
  readonly corruptions: number;
  readonly mismatches: readonly { readonly ref: number; readonly tag: number; readonly expected: number; readonly actual: number }[];
  /** Names of the shared objects by ref, for the trace (`g0`, `c1`). */
  readonly names: Readonly<Record<number, string>>;
}

/** Thrown through the strategy's frames to end a run that failed or was stopped. */
class Abort extends Error {}

const K_OP = 0;
const K_ACCESS = 1;
const K_READ = 2;
const K_SPIN = 3;
const K_BLOCK = 4;

/** Per-run state of this thread (one run at a time per worker). */
let ctl: Int32Array = new Int32Array(0);
let me = 0;
let nthreads = 1;
let schedule: Schedule = { granularity: 'op', preemptions: [] };
let accessPoints = false;
let target: Int32Array | null = null;
let proxy: Int32Array | null = null;

const tw = (u: number, field: number): number => T_BASE + u * T_STRIDE + field;
const get = (i: number): number => RA.load(ctl, i);
const put = (i: number, v: number): void => {
  RA.store(ctl, i, v);
};

function post(message: WorkerReply): void {
  (parentPort as NonNullable<typeof parentPort>).postMessage(message);
}

let runId = 0;

/** Ends the run: records the first failure, releases every waiting thread, unwinds this one. */
function fail(kind: number, thread: number, message: string): never {
  if (RA.compareExchange(ctl, C_STATUS, STATUS_RUNNING, STATUS_FAILED) === STATUS_RUNNING) {
    put(C_FAIL_KIND, kind);
    put(C_FAIL_THREAD, thread);
    post({ type: 'failure', id: runId, kind, thread, message });
  }
  releaseAll();
  throw new Abort();
}

function releaseAll(): void {
  for (let u = 0; u <= nthreads; u++) {
    put(tw(u, T_GO), 1);
    RA.notify(ctl, tw(u, T_GO));
  }
}

function trace(code: number, arg: number): void {
  const n = RA.add(ctl, C_TRACE_LEN, 1) % TRACE_CAP;
  put(TRACE_BASE + 2 * n, (me << 16) | code);
  put(TRACE_BASE + 2 * n + 1, arg);
}

/** Waits until this thread holds the token (or the run ends). */
function waitForToken(): void {
  const go = tw(me, T_GO);
  while (RA.load(ctl, go) === 0) RA.wait(ctl, go, 0, 1000);
  if (get(C_STATUS) !== STATUS_RUNNING) throw new Abort();
}

/** Hands the token to `u`; waits for it back unless this thread is finished. */
function handOff(u: number, reason: number): void {
  if (u === me) return;
  RA.add(ctl, C_SWITCHES, 1);
  trace(CODE_SWITCH, (reason << 16) | u);
  put(tw(me, T_GO), 0);
  put(C_CURRENT, u);
  put(tw(u, T_GO), 1);
  RA.notify(ctl, tw(u, T_GO));
  if (get(tw(me, T_STATE)) !== S_FINISHED) waitForToken();
}

const runnable = (u: number): boolean => get(tw(u, T_STATE)) === S_RUNNABLE;

/** The next runnable thread after `from`, in thread order (excluding `from`), or -1. */
function nextRunnable(from: number): number {
  for (let k = 1; k <= nthreads; k++) {
    const u = (from + k) % (nthreads + 1);
    if (runnable(u)) return u;
  }
  return -1;
}

/** Threads in a timed wait whose deadline has passed become runnable; returns the first, or -1. */
function expireDue(now: number): number {
  let first = -1;
  for (let u = 0; u <= nthreads; u++) {
    if (get(tw(u, T_STATE)) !== S_BLOCKED) continue;
    const d = get(tw(u, T_DEADLINE));
    if (d >= 0 && d <= now) {
      put(tw(u, T_RESULT), WAKE_TIMED_OUT);
      put(tw(u, T_STATE), S_RUNNABLE);
      put(tw(u, T_WOKEN), 1);
      if (first < 0) first = u;
    }
  }
  return first;
}

function describeBlocked(): string {
  const parts: string[] = [];
  for (let u = 0; u <= nthreads; u++) {
    const s = get(tw(u, T_STATE));
    const name = u === 0 ? 'main thread' : `thread ${u}`;
    if (s === S_BLOCKED) parts.push(`${name} waits on heap word ${get(tw(u, T_WAIT_ADDR))}${get(tw(u, T_DEADLINE)) >= 0 ? ' (with a timeout, again and again)' : ''}`);
    else if (s === S_RUNNABLE) parts.push(`${name} spins`);
  }
  return parts.join('; ');
}

/** Counts a time jump or spin yield with no strategy call in between; too many is a livelock/deadlock. */
function stall(): void {
  if (RA.add(ctl, C_STALLS, 1) + 1 > MAX_STALLS) {
    fail(FAIL_DEADLOCK, me, `no thread can make progress: ${describeBlocked()}; no running thread will ever change what they wait for`);
  }
}

/**
 * Nothing else is runnable: jump virtual time to the earliest timed wait's deadline and wake
 * that thread, or return -1 if nobody waits with a timeout.
 */
function timeJump(): number {
  let best = -1;
  let bestDeadline = Infinity;
  for (let u = 0; u <= nthreads; u++) {
    if (u === me && get(tw(u, T_STATE)) !== S_BLOCKED) continue;
    if (get(tw(u, T_STATE)) !== S_BLOCKED) continue;
    const d = get(tw(u, T_DEADLINE));
    if (d >= 0 && d < bestDeadline) {
      best = u;
      bestDeadline = d;
    }
  }
  if (best < 0) return -1;
  stall();
  if (get(C_OPS) < bestDeadline) put(C_OPS, bestDeadline);
  put(tw(best, T_RESULT), WAKE_TIMED_OUT);
  put(tw(best, T_STATE), S_RUNNABLE);
  return best;
}

/** A scheduling point. `kind`: K_OP (strategy call entry), K_ACCESS/K_READ (heap access), K_SPIN, K_BLOCK. */
function point(kind: number): void {
  if (get(C_STATUS) !== STATUS_RUNNING) throw new Abort();
  const phase = get(C_PHASE);
  if (kind === K_OP) {
    const ops = RA.add(ctl, C_OPS, 1) + 1;
    put(tw(me, T_PROGRESS), 0);
    put(tw(me, T_SPIN), 0);
    put(C_STALLS, 0);
    if (ops > MAX_OPS) fail(FAIL_LIVELOCK, me, `the run made ${MAX_OPS} strategy calls without finishing (a livelock?)`);
    const checks = get(C_CHECKS);
    for (let u = 0; u <= nthreads; u++) {
      // Only checkpoints made while a thread is blocked in a wait count: one that is runnable but
      // preempted is the schedule's doing, not the strategy's.
      if (u === me || get(tw(u, T_STATE)) !== S_BLOCKED) continue;
      if (get(tw(u, T_PROGRESS)) + (checks - get(tw(u, T_WAITED))) > STARVE_CHECKPOINTS) {
        fail(
          FAIL_STARVATION,
          u,
          `${u === 0 ? 'the main thread' : `thread ${u}`} waited while the others passed ${STARVE_CHECKPOINTS} checkpoints without letting it in (thread ${me} keeps running)`,
        );
      }
    }
    expireDue(ops);
  } else if (kind === K_READ) {
    if (RA.add(ctl, tw(me, T_SPIN), 1) + 1 > SPIN_LIMIT) {
      put(tw(me, T_SPIN), 0);
      kind = K_SPIN;
    }
  } else if (kind === K_ACCESS) {
    put(tw(me, T_SPIN), 0);
  }

  if (phase === PHASE_CONCURRENT && (kind === K_OP || (accessPoints && (kind === K_ACCESS || kind === K_READ)))) {
    const step = RA.add(ctl, C_STEP, 1) + 1;
    const next = get(C_NEXT_PREEMPTION);
    const pre = schedule.preemptions[next];
    if (pre !== undefined && pre.at <= step) {
      put(C_NEXT_PREEMPTION, next + 1);
      const others: number[] = [];
      for (let k = 1; k <= nthreads; k++) {
        const u = (me + k) % (nthreads + 1);
        if (runnable(u)) others.push(u);
      }
      if (others.length > 0) {
        handOff(others[pre.to % others.length] as number, 0);
        return;
      }
    }
  }

  // A thread woken since it last ran (notify, expired timed wait, the main thread at the end)
  // runs next: the base policy's fairness, which the liveness verdicts rely on.
  put(tw(me, T_WOKEN), 0);
  for (let k = 1; k <= nthreads; k++) {
    const u = (me + k) % (nthreads + 1);
    if (get(tw(u, T_WOKEN)) === 1 && runnable(u)) {
      put(tw(u, T_WOKEN), 0);
      // We get the token back only once runnable again (or never, if finished).
      handOff(u, 1);
      return;
    }
  }

  const state = get(tw(me, T_STATE));
  if (state !== S_RUNNABLE) {
    let u = nextRunnable(me);
    if (u < 0) u = timeJump();
    if (u < 0) {
      if (state === S_FINISHED || state === S_JOINING) {
        // Everybody is finished or waiting for the others: only a blocked thread can be left.
        fail(FAIL_DEADLOCK, me, `deadlock: ${describeBlocked() || 'no thread can run'}, and no running thread will wake them`);
      }
      fail(FAIL_DEADLOCK, me, `deadlock: ${describeBlocked()}, and no running thread will wake them`);
    }
    if (u === me) return; // our own timed wait expired
    handOff(u, state === S_FINISHED ? 3 : 2);
    return;
  }
  if (kind === K_SPIN) {
    let u = nextRunnable(me);
    if (u < 0) {
      u = timeJump();
      if (u < 0) fail(FAIL_LIVELOCK, me, `${me === 0 ? 'the main thread' : `thread ${me}`} spins on a word that no other thread will change`);
    } else {
      stall();
    }
    handOff(u, 4);
  }
}

// ---- the wrapped heap view and Atomics ------------------------------------------------------

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

// ---- the wrapped strategy --------------------------------------------------------------------

/** The strategy call in progress, named in a failure. */
let inMethod = '';

function wrapStrategy(inner: Strategy): Strategy {
  const call = <T>(name: string, code: number, ref: number, f: () => T): T => {
    if (code >= 0) {
      point(K_OP);
      trace(code, ref);
      if (name === 'checkpoint') RA.add(ctl, C_CHECKS, 1);
    } else {
      put(tw(me, T_SPIN), 0); // the audit reads many counts in a row: that is not spinning
    }
    const outer = inMethod;
    inMethod = name;
    try {
      return f();
    } catch (error) {
      if (error instanceof Abort) throw error;
      const text = error instanceof Error ? error.message : String(error);
      fail(FAIL_THROW, me, `${me === 0 ? 'the main thread' : `thread ${me}`} threw in strategy.${name}(): ${text}`);
    } finally {
      inMethod = outer;
    }
  };
  const code = (name: (typeof TRACE_METHODS)[number]): number => TRACE_METHODS.indexOf(name);
  return {
    name: inner.name,
    initHeader: (ref) => call('initHeader', code('initHeader'), ref, () => inner.initHeader(ref)),
    incref: (ref) => call('incref', code('incref'), ref, () => inner.incref(ref)),
    decref: (ref) => call('decref', code('decref'), ref, () => inner.decref(ref)),
    refcount: (ref) => call('refcount', -1, ref, () => inner.refcount(ref)),
    immortalize: (ref) => call('immortalize', code('immortalize'), ref, () => inner.immortalize(ref)),
    attach: () => call('attach', code('attach'), 0, () => inner.attach()),
    detach: () => call('detach', code('detach'), 0, () => inner.detach()),
    checkpoint: () => call('checkpoint', code('checkpoint'), 0, () => inner.checkpoint()),
    beginBlocking: () => call('beginBlocking', code('beginBlocking'), 0, () => inner.beginBlocking()),
    endBlocking: () => call('endBlocking', code('endBlocking'), 0, () => inner.endBlocking()),
    lockObject: (ref) => call('lockObject', code('lockObject'), ref, () => inner.lockObject(ref)),
    unlockObject: (ref) => call('unlockObject', code('unlockObject'), ref, () => inner.unlockObject(ref)),
    report: () => inner.report(),
  };
}

// ---- one run ---------------------------------------------------------------------------------

/** Workload words in the heap: word 0 is the serial counter for new objects. */
const SERIAL = 0;

function runRole(factory: StrategyFactory, m: RunMessage): void {
  const program = m.program;
  const realHeap = new Heap(m.heap, me);
  target = realHeap.i32;
  proxy = makeProxy(target);
  // The strategy's view of the heap: the same arena, its `i32` the scheduling proxy.
  const strategyHeap = new Heap(m.heap, me);
  Object.defineProperty(strategyHeap, 'i32', { value: proxy });
  const createInstance = (): Strategy => {
    inMethod = 'create';
    try {
      return factory.create({ heap: strategyHeap, threadIndex: me, threads: nthreads, options: m.strategyOptions, counting: true });
    } catch (error) {
      if (error instanceof Abort) throw error;
      fail(FAIL_THROW, me, `${me === 0 ? 'the main thread' : `thread ${me}`} threw in create(): ${error instanceof Error ? error.message : String(error)}`);
    }
  };

  if (me === 0) {
    waitForToken();
    factory.initShared?.(realHeap, nthreads, m.strategyOptions);
    const strategy = wrapStrategy(createInstance());
    realHeap.bind(strategy);
    strategyHeap.bind(strategy);
    strategy.attach();
    const made = setupShared(realHeap, strategy, program);
    for (const obj of [...made.shared, ...made.containers]) realHeap.addRoot(obj);
    const names: Record<number, string> = {};
    made.shared.forEach((r, k) => (names[r] = `g${k}`));
    made.containers.forEach((r, k) => (names[r] = `c${k}`));
    post({ type: 'names', id: m.id, names });
    strategy.beginBlocking();
    // The workers run; the main thread waits for all of them (a `join`).
    put(C_LIVE, nthreads);
    for (let u = 1; u <= nthreads; u++) put(tw(u, T_STATE), S_RUNNABLE);
    put(tw(0, T_STATE), S_JOINING);
    put(C_PHASE, PHASE_CONCURRENT);
    point(K_BLOCK);
    // Every worker has finished (the last one made us runnable and entered teardown).
    strategy.endBlocking();
    strategy.checkpoint();
    const expected = expectedCounts(program, m.rounds);
    const checks = made.containers.map((c, k) => ({ name: `c${k}.counter`, expected: expected[k] ?? 0, observed: realHeap.load(c, program.slots) }));
    const immortal = new Set<Ref>(made.immortal);
    const audit = auditHeap(realHeap, strategy, immortal);
    realHeap.releaseRoots();
    strategy.checkpoint();
    const leaks = countMortalLive(realHeap, strategy, immortal);
    strategy.detach();
    const i32 = realHeap.i32;
    const result: ControlledResult = {
      lostUpdates: checks.reduce((a, x) => a + Math.abs(x.expected - x.observed), 0),
      checks,
      leaks,
      doubleFrees: RA.load(i32, layout.CTRL_DOUBLE_FREES),
      useAfterFree: RA.load(i32, layout.CTRL_USE_AFTER_FREE) + audit.danglingRefs + audit.badRefs,
      auditMismatches: audit.auditMismatches,
      corruptions: RA.load(i32, layout.CTRL_CORRUPTIONS),
      mismatches: audit.mismatches.slice(0, 5),
      names,
    };
    if (RA.compareExchange(ctl, C_STATUS, STATUS_RUNNING, STATUS_DONE) === STATUS_RUNNING) post({ type: 'result', id: m.id, result });
    return;
  }

  // A worker.
  waitForToken();
  const strategy = wrapStrategy(createInstance());
  realHeap.bind(strategy);
  strategyHeap.bind(strategy);
  const shared: Ref[] = [];
  const containers: Ref[] = [];
  for (let k = 0; k < program.globals + program.immortals; k++) shared.push(realHeap.root(k));
  for (let k = 0; k < program.containers; k++) containers.push(realHeap.root(program.globals + program.immortals + k));
  strategy.attach();
  const interpreter = makeInterpreter(realHeap, strategy, program, shared, containers, realHeap.workloadBase + SERIAL, () => point(K_ACCESS));
  const body: readonly Op[] = program.threads[me - 1]?.body ?? [];
  const passes = (program.threads[me - 1]?.repeat ?? 0) * m.rounds;
  const every = program.every ?? 1;
  let since = 0;
  for (let pass = 0; pass < passes; pass++) {
    for (const op of body) {
      interpreter.exec(op);
      if (++since >= every) {
        since = 0;
        strategy.checkpoint();
      }
    }
  }
  interpreter.finish();
  strategy.checkpoint();
  strategy.detach();
  put(tw(me, T_STATE), S_FINISHED);
  if (RA.sub(ctl, C_LIVE, 1) === 1) {
    put(C_PHASE, PHASE_TEARDOWN);
    put(tw(0, T_STATE), S_RUNNABLE);
    put(tw(0, T_WOKEN), 1);
  }
  point(K_BLOCK);
}

function onRun(factory: StrategyFactory, m: RunMessage): void {
  runId = m.id;
  ctl = new Int32Array(m.ctl);
  me = m.role;
  nthreads = m.program.threads.length;
  schedule = m.schedule;
  accessPoints = m.schedule.granularity === 'access';
  try {
    runRole(factory, m);
  } catch (error) {
    if (!(error instanceof Abort)) {
      const text = error instanceof Error ? error.message : String(error);
      try {
        fail(FAIL_THROW, me, `${me === 0 ? 'the main thread' : `thread ${me}`} failed${inMethod ? ` in strategy.${inMethod}()` : ''}: ${text}`);
      } catch {
        // fail() always throws Abort once it has recorded the failure.
      }
    }
  } finally {
    target = null;
    proxy = null;
    inMethod = '';
    post({ type: 'idle', id: m.id });
  }
}

/** Entry of the kit's worker bundle: `strategyModule` is the user's or built-in strategy module. */
export function startControlledWorker(strategyModule: Record<string, unknown>): void {
  if (parentPort === null || (workerData as { tag?: string } | undefined)?.tag !== 'rclab-controlled') return;
  const factory = (strategyModule.default ?? strategyModule) as StrategyFactory;
  // From here on, every `Atomics` call in this worker goes through the kit: the strategy's
  // (modelled when it targets the strategy's heap view) and core's (passed straight through).
  (globalThis as { Atomics: unknown }).Atomics = kitAtomics;
  parentPort.on('message', (m: RunMessage) => {
    onRun(factory, m);
  });
  post({ type: 'loaded' });
}
