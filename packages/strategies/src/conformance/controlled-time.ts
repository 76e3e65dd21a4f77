/**
 * Virtual time, the controlled scheduler's clock: strategy calls by all threads (`C_OPS`). A
 * timed wait expires once its deadline passes on that clock, or at once by a time jump when
 * nothing else can run; jumps and spin yields with no strategy call in between are counted, and
 * too many is a deadlock or livelock (every blocked or spinning thread is named).
 */
import { C_OPS, C_STALLS, FAIL_DEADLOCK, MAX_STALLS, S_BLOCKED, S_RUNNABLE, T_DEADLINE, T_RESULT, T_STATE, T_WAIT_ADDR, T_WOKEN, WAKE_TIMED_OUT } from './controlled-layout.ts';
import { ctl, fail, get, me, nthreads, put, RA, tw } from './controlled-state.ts';

/** Threads in a timed wait whose deadline has passed become runnable; returns the first, or -1. */
export function expireDue(now: number): number {
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

/** The blocked and spinning threads, for a deadlock or livelock message. */
export function describeBlocked(): string {
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
export function stall(): void {
  if (RA.add(ctl, C_STALLS, 1) + 1 > MAX_STALLS) {
    fail(FAIL_DEADLOCK, me, `no thread can make progress: ${describeBlocked()}; no running thread will ever change what they wait for`);
  }
}

/**
 * Nothing else is runnable: jump virtual time to the earliest timed wait's deadline and wake
 * that thread, or return -1 if nobody waits with a timeout.
 */
export function timeJump(): number {
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
