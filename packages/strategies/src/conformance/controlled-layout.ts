/**
 * The controlled scheduler's control block: one small `SharedArrayBuffer` apart from the heap
 * (so the heap's layout is untouched), shared by the kit's workers and read by the main thread.
 * Every word is read and written with `Atomics` (the real ones, never the kit's wrapper).
 */

/** 0 running, 1 finished, 2 failed (see `C_FAIL_KIND`). */
export const C_STATUS = 0;
export const STATUS_RUNNING = 0;
export const STATUS_DONE = 1;
export const STATUS_FAILED = 2;
/** One of `FailKind` once failed. */
export const C_FAIL_KIND = 1;
/** Thread the failure is about. */
export const C_FAIL_THREAD = 2;
/** Scheduling steps counted so far in the concurrent phase (what `Preemption.at` refers to). */
export const C_STEP = 3;
/** Strategy calls made so far, all threads: the virtual clock that expires timed waits. */
export const C_OPS = 4;
/** `checkpoint()` calls made so far, all threads: the clock starvation is measured on. */
export const C_CHECKS = 5;
/** Index of the next unused preemption of the schedule. */
export const C_NEXT_PREEMPTION = 6;
/** 0 setup (thread 0 alone), 1 concurrent (workers), 2 teardown (thread 0 alone again). */
export const C_PHASE = 7;
export const PHASE_SETUP = 0;
export const PHASE_CONCURRENT = 1;
export const PHASE_TEARDOWN = 2;
/** Time jumps and spin yields since anybody last made a strategy call: a livelock bound. */
export const C_STALLS = 9;
/** Workers not finished yet. */
export const C_LIVE = 10;
/** Trace entries written (the trace is a ring of `TRACE_CAP`). */
export const C_TRACE_LEN = 11;
/** Token hand-offs so far. */
export const C_SWITCHES = 12;
/** Thread holding the token. */
export const C_CURRENT = 13;

/** First per-thread block; thread t's is at `T_BASE + t * T_STRIDE` (t = 0 is the main role). */
export const T_BASE = 16;
export const T_STRIDE = 16;
/** 1 when this thread holds the token (it waits on this word). */
export const T_GO = 0;
/** One of the `S_*` states. */
export const T_STATE = 1;
/** Heap word index the thread waits on while blocked. */
export const T_WAIT_ADDR = 2;
/** `C_OPS` value at which a timed wait expires; -1 for an untimed wait. */
export const T_DEADLINE = 3;
/** How the last wait ended: `WAKE_NOTIFIED` or `WAKE_TIMED_OUT`. */
export const T_RESULT = 4;
/** Checkpoints other threads made while this one was blocked, since it last entered a strategy call. */
export const T_PROGRESS = 5;
/** `C_CHECKS` when the thread last blocked (valid while it is blocked). */
export const T_WAITED = 6;
/** Reads since the thread last wrote shared memory or entered a strategy call. */
export const T_SPIN = 7;
/** 1 while the thread has been woken (notify, or its timed wait expired) and has not run since: it runs next. */
export const T_WOKEN = 8;

export const S_IDLE = 0;
export const S_RUNNABLE = 1;
export const S_BLOCKED = 2;
export const S_FINISHED = 3;
/** The main role while the workers run: not runnable until every worker has finished. */
export const S_JOINING = 4;

export const WAKE_NOTIFIED = 1;
export const WAKE_TIMED_OUT = 2;

/** Most threads a controlled run has: the main role and 4 workers… up to 8 workers. */
export const MAX_CONTROLLED_THREADS = 9;
/** First trace word; each entry is two words: `thread << 16 | code`, and an argument. */
export const TRACE_BASE = T_BASE + MAX_CONTROLLED_THREADS * T_STRIDE;
export const TRACE_CAP = 8192;
export const CTL_WORDS = TRACE_BASE + 2 * TRACE_CAP;

/** Trace codes: a strategy call (index into `TRACE_METHODS`), or a switch. */
export const TRACE_METHODS = [
  'attach',
  'detach',
  'checkpoint',
  'incref',
  'decref',
  'lockObject',
  'unlockObject',
  'beginBlocking',
  'endBlocking',
  'initHeader',
  'immortalize',
] as const;
export const CODE_SWITCH = 100;
/** Why the token moved (argument of a switch entry: `reason << 16 | to`). */
export const SWITCH_REASONS = ['preempted', 'woke', 'blocked', 'finished', 'spinning', 'timed out'] as const;

/** What a failed controlled run broke. */
export const FAIL_DEADLOCK = 1;
export const FAIL_STARVATION = 2;
export const FAIL_THROW = 3;
export const FAIL_LIVELOCK = 4;

/** A timed wait expires after this many strategy calls by other threads (virtual time). */
export const TIMEOUT_OPS = 8;
/** A thread that waited while the others made this many checkpoints without letting it in is starved. */
export const STARVE_CHECKPOINTS = 12;
/** Reads without a write before a spinning thread is made to yield. */
export const SPIN_LIMIT = 2000;
/** Time jumps and spin yields with no strategy call by anyone: the waiters wait forever. */
export const MAX_STALLS = 64;
/** Strategy calls in one run before it is called a livelock. */
export const MAX_OPS = 2_000_000;
