/**
 * The controlled scheduler, as each thread runs it: the token, and the scheduling points where the
 * thread holding it decides, from the schedule and the shared state alone, whether to go on or to
 * hand it over (a preemption the schedule asks for, a thread just woken, or this one blocked,
 * finished or spinning). Starvation and livelock are caught here, in virtual time.
 */
import {
  C_CHECKS,
  C_CURRENT,
  C_NEXT_PREEMPTION,
  C_OPS,
  C_PHASE,
  C_STALLS,
  C_STATUS,
  C_STEP,
  C_SWITCHES,
  CODE_SWITCH,
  FAIL_DEADLOCK,
  FAIL_LIVELOCK,
  FAIL_STARVATION,
  MAX_OPS,
  PHASE_CONCURRENT,
  S_BLOCKED,
  S_FINISHED,
  S_JOINING,
  S_RUNNABLE,
  SPIN_LIMIT,
  STARVE_CHECKPOINTS,
  STATUS_RUNNING,
  T_GO,
  T_PROGRESS,
  T_SPIN,
  T_STATE,
  T_WAITED,
  T_WOKEN,
} from './controlled-layout.ts';
import { Abort, accessPoints, ctl, fail, get, me, nthreads, put, RA, schedule, trace, tw } from './controlled-state.ts';
import { describeBlocked, expireDue, stall, timeJump } from './controlled-time.ts';

/** Kinds of scheduling point. */
export const K_OP = 0;
export const K_ACCESS = 1;
export const K_READ = 2;
export const K_SPIN = 3;
export const K_BLOCK = 4;

/** Waits until this thread holds the token (or the run ends). */
export function waitForToken(): void {
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

/** A scheduling point. `kind`: K_OP (strategy call entry), K_ACCESS/K_READ (heap access), K_SPIN, K_BLOCK. */
export function point(kind: number): void {
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
