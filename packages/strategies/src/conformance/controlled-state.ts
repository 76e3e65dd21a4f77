/**
 * This worker's side of a controlled run: the run it is in and its role (thread 0 plays the main
 * thread, 1.. the workers), its words of the control block (`controlled-layout.ts`), the replies
 * to the main thread, ending a run that failed, and the trace. Everything here uses the real
 * `Atomics`, never the kit's wrapper.
 */
import { parentPort } from 'node:worker_threads';
import { C_FAIL_KIND, C_FAIL_THREAD, C_STATUS, C_TRACE_LEN, STATUS_FAILED, STATUS_RUNNING, T_BASE, T_GO, T_STRIDE, TRACE_BASE, TRACE_CAP } from './controlled-layout.ts';
import type { RunMessage, WorkerReply } from './controlled-messages.ts';
import type { Schedule } from './schedule.ts';

/** The real `Atomics`, captured before this worker replaces the global. */
export const RA: typeof Atomics = globalThis.Atomics;

/** Thrown through the strategy's frames to end a run that failed or was stopped. */
export class Abort extends Error {}

/** Per-run state of this thread (one run at a time per worker), set by `beginRun`. */
export let ctl: Int32Array = new Int32Array(0);
export let me = 0;
export let nthreads = 1;
export let schedule: Schedule = { granularity: 'op', preemptions: [] };
export let accessPoints = false;
export let runId = 0;

/** Takes the run `m` on: this thread's role in it, its control block and its schedule. */
export function beginRun(m: RunMessage): void {
  runId = m.id;
  ctl = new Int32Array(m.ctl);
  me = m.role;
  nthreads = m.program.threads.length;
  schedule = m.schedule;
  accessPoints = m.schedule.granularity === 'access';
}

/** Word `field` of thread `u`'s block in the control block. */
export const tw = (u: number, field: number): number => T_BASE + u * T_STRIDE + field;
/** Reads and writes of the control block (real `Atomics`: other threads read these words). */
export const get = (i: number): number => RA.load(ctl, i);
export const put = (i: number, v: number): void => {
  RA.store(ctl, i, v);
};

/** A reply to the main thread. */
export function post(message: WorkerReply): void {
  (parentPort as NonNullable<typeof parentPort>).postMessage(message);
}

/** Ends the run: records the first failure, releases every waiting thread, unwinds this one. */
export function fail(kind: number, thread: number, message: string): never {
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

export function trace(code: number, arg: number): void {
  const n = RA.add(ctl, C_TRACE_LEN, 1) % TRACE_CAP;
  put(TRACE_BASE + 2 * n, (me << 16) | code);
  put(TRACE_BASE + 2 * n + 1, arg);
}
