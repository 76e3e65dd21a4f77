/**
 * `gil` — plain counts under one global interpreter lock, modelled on CPython's "new GIL"
 * (Antoine Pitrou, 3.2; `Python/ceval_gil.c`, `Include/internal/pycore_gil.h`).
 *
 * Pinned to the 3.13+ shape (per-thread eval breaker, `drop_gil(…, final_release)`), as read in
 * python/cpython at commit adeee1bd (`Python/ceval_gil.c`, a main snapshot). Where the names
 * below come from:
 *
 *   CPython                                          here
 *   take_gil                                         #takeGil, #takeGilSlow (the timed wait)
 *   drop_gil + its FORCE_SWITCHING wait              #dropGil(forced)
 *   SET_GIL_DROP_REQUEST (_Py_set_eval_breaker_bit)  Atomics.or in #takeGilSlow
 *   _CHECK_PERIODIC → _Py_HandlePending              checkpoint → #handlePending
 *   Py_BEGIN/END_ALLOW_THREADS (PyEval_Save/Restore) beginBlocking / endBlocking
 *   _PyThreadState_Attach / _Detach (final release)  attach / detach
 *   Py_INCREF / Py_DECREF, _Py_Dealloc (GIL build)   incref / decref, #dealloc
 *   _Py_SetImmortal (PEP 683)                        immortalize
 *
 * - `take_gil`: a thread that finds the lock taken waits on it with a timeout of the switch
 *   interval (`switchIntervalMs`, default 5 like `DEFAULT_INTERVAL 5000` µs; the knob of
 *   `sys.setswitchinterval`). If the wait times out, the lock is still taken and no switch
 *   happened meanwhile (`switch_number` unchanged), it sets the drop-request bit in the
 *   holder's eval breaker (`_PY_GIL_DROP_REQUEST_BIT`) and waits again.
 * - The holder sees the bit at its next `checkpoint()` (`_CHECK_PERIODIC` → `_Py_HandlePending`)
 *   and drops the lock, then queues to take it back.
 * - `FORCE_SWITCHING`: a holder that dropped because it was asked blocks until another thread
 *   has taken the lock (`last_holder` changed; CPython's `switch_cond`), so it cannot win the
 *   lock straight back from the thread that asked. `gil-noforce` leaves this out, to show why
 *   it is there.
 * - `beginBlocking`/`endBlocking` (`Py_BEGIN/END_ALLOW_THREADS`) release and retake the lock
 *   and never wait for a hand-off.
 * - Waiting is `Atomics.wait` on the lock word with the interval as timeout (CPython's
 *   `COND_TIMED_WAIT`), woken by `Atomics.notify` when the lock is dropped (`COND_SIGNAL`).
 *   Nothing spins.
 *
 * Header (1 word):
 * - RC  the count, read and written with plain accesses by the GIL holder only; the lock's
 *       Atomics operations order one holder's writes before the next holder's reads. An
 *       immortal object (PEP 683) has `IMMORTAL_RC` (negative) and is never written again.
 *
 * Shared region:
 * - GIL_LOCKED         0 free, 1 taken (CPython `locked`); taken by compare-and-swap.
 * - GIL_SWITCH_NUMBER  owner changes so far (`switch_number`); written by the holder.
 * - GIL_LAST_HOLDER    thread index + 1 of the current or last holder (`last_holder`); the
 *                      forced dropper waits on this word until it changes.
 * - BREAKERS + 16·t    thread t's eval breaker; bit DROP_REQUEST set (Atomics.or) by a waiter,
 *                      cleared by t when it takes the lock or drops on request. One cache line
 *                      per thread.
 *
 * Invariants: exactly one attached, unblocked thread holds the lock (GIL_LOCKED = 1) and only
 * it touches objects; GIL_LAST_HOLDER names it; a thread with DROP_REQUEST set drops at its
 * next checkpoint.
 *
 * Where it differs from CPython: CPython's `drop_gil` waits for the hand-off whenever the
 * drop-request bit is set, even on a blocking call that happens to race with a request; here a
 * blocking call never waits. That wait exists so a thread that was asked to drop cannot win the
 * lock straight back; a thread entering a blocking call does not want the lock until the call
 * returns, so waiting would only delay the call (and add to the convoy workload's measured
 * latency) without making any hand-off fairer. CPython guards `locked` with a mutex and
 * a condition variable; here the lock word itself is the futex, which gives the same
 * wake-one-waiter behaviour without the extra mutex.
 */
import {
  defineStrategy,
  IMMORTAL_REFCOUNT,
  OBJ_HEADER,
  type CounterSpec,
  type Heap,
  type Ref,
  type Strategy,
  type StrategyContext,
  type StrategyReport,
  type TimelineKindSpec,
} from '@rclab/core';
import { IMMORTAL_RC } from './_internal/immortal.ts';
import { DEFAULT_TIMELINE_LIMIT, TimelineRecorder } from './_internal/timeline.ts';

/** Header word: the count. */
const RC = OBJ_HEADER;

/** Shared region: the lock word (0 free, 1 taken). */
export const GIL_LOCKED = 0;
/** Shared region: number of owner changes. */
export const GIL_SWITCH_NUMBER = 1;
/** Shared region: thread index + 1 of the current or last holder (0: nobody yet). */
export const GIL_LAST_HOLDER = 2;
/** Shared region: first eval-breaker word (thread t's is at `BREAKERS + t * BREAKER_STRIDE`). */
export const GIL_BREAKERS = 16;
/** Words between two threads' eval breakers (one 64-byte cache line). */
export const BREAKER_STRIDE = 16;
/** Eval-breaker bit: another thread asked the holder to drop the lock. */
export const DROP_REQUEST = 1 << 0;

/** Default switch interval in ms (CPython `DEFAULT_INTERVAL`, 5000 µs). */
export const DEFAULT_SWITCH_INTERVAL_MS = 5;

const EV_ACQUIRE = 0;
const EV_RELEASE = 1;
const EV_DROP_REQUEST = 2;
const EV_FORCED_DROP = 3;
const EV_BLOCK = 4;
const EV_UNBLOCK = 5;
const EVENT_KINDS = ['acquire', 'release', 'drop-request', 'forced-drop', 'block', 'unblock'] as const;

/** What each event kind means, for the results catalog (the report's timeline reads them by role). */
export const GIL_TIMELINE_KINDS: readonly TimelineKindSpec[] = [
  { kind: 'acquire', role: 'acquire', description: 'took the GIL' },
  { kind: 'release', role: 'release', description: 'released the GIL (a blocking call or the end of the thread)' },
  { kind: 'drop-request', role: 'request', description: 'waited a switch interval and asked the holder to drop (gil_drop_request)' },
  { kind: 'forced-drop', role: 'forced-release', description: 'the holder dropped the GIL at a checkpoint because another thread asked' },
  { kind: 'block', role: 'block', description: 'entered a blocking call with the GIL released (Py_BEGIN_ALLOW_THREADS)' },
  { kind: 'unblock', role: 'unblock', description: 'returned from the blocking call, before queueing for the GIL' },
] satisfies readonly (TimelineKindSpec & { readonly kind: (typeof EVENT_KINDS)[number] })[];

/** The GIL's counters with units (`plainOps` only in a counting pass). */
export const GIL_COUNTERS: readonly CounterSpec[] = [
  { name: 'plainOps', unit: 'count', description: 'plain count updates (counting pass only)' },
  { name: 'deallocs', unit: 'count', description: 'objects freed' },
  { name: 'acquisitions', unit: 'count', description: 'times the GIL was taken' },
  { name: 'contendedAcquisitions', unit: 'count', description: 'takes that found the GIL held and had to wait' },
  { name: 'switches', unit: 'count', description: 'takes by a different thread than the last holder' },
  { name: 'dropRequests', unit: 'count', description: 'requests to the holder to drop, after a switch interval of waiting' },
  { name: 'forcedDrops', unit: 'count', description: 'drops at a checkpoint on request' },
  { name: 'forcedSwitches', unit: 'count', description: 'forced drops after which another thread really ran' },
  { name: 'forcedSwitchWaits', unit: 'count', description: 'times a holder that dropped on request waited for another thread to take the GIL' },
  { name: 'blockingSections', unit: 'count', description: 'blocking calls with the GIL released' },
  { name: 'waitMs', unit: 'ms', description: 'time spent waiting to take the GIL' },
  { name: 'switchWaitMs', unit: 'ms', description: 'time a holder that dropped on request waited for the switch' },
  { name: 'heldMs', unit: 'ms', description: 'time the GIL was held' },
  { name: 'timelineDropped', unit: 'count', description: "timeline events not kept (over the recorder's limit)" },
];

/** What distinguishes the GIL variants. */
export interface GilVariant {
  readonly name: string;
  /** Whether a holder that dropped on request waits until another thread took the lock. */
  readonly forceSwitching: boolean;
}

export class GilStrategy implements Strategy {
  readonly name: string;
  readonly #heap: Heap;
  readonly #i32: Int32Array;
  readonly #forceSwitching: boolean;
  readonly #me: number;
  readonly #locked: number;
  readonly #switchNumber: number;
  readonly #lastHolder: number;
  readonly #breakers: number;
  readonly #breaker: number;
  readonly #intervalMs: number;
  readonly #timeline: TimelineRecorder | null;
  #acquiredAt = 0;
  #deallocs = 0;
  #acquisitions = 0;
  #contended = 0;
  #switches = 0;
  #dropRequests = 0;
  #forcedDrops = 0;
  #forcedSwitches = 0;
  #forcedSwitchWaits = 0;
  #blockingSections = 0;
  #waitMs = 0;
  #switchWaitMs = 0;
  #heldMs = 0;

  constructor(context: StrategyContext, variant: GilVariant) {
    this.name = variant.name;
    this.#forceSwitching = variant.forceSwitching;
    this.#heap = context.heap;
    this.#i32 = context.heap.i32;
    const base = context.heap.strategyBase;
    this.#me = context.threadIndex + 1;
    this.#locked = base + GIL_LOCKED;
    this.#switchNumber = base + GIL_SWITCH_NUMBER;
    this.#lastHolder = base + GIL_LAST_HOLDER;
    this.#breakers = base + GIL_BREAKERS;
    this.#breaker = this.#breakers + context.threadIndex * BREAKER_STRIDE;
    this.#intervalMs = switchIntervalMs(context.options.switchIntervalMs);
    const limit = Number(context.options.timelineLimit ?? DEFAULT_TIMELINE_LIMIT);
    this.#timeline = context.options.recordTimeline === true ? new TimelineRecorder(context.threadIndex, EVENT_KINDS, limit) : null;
  }

  // ---- reference counting: plain, under the lock ------------------------------------------

  initHeader(ref: Ref): void {
    this.#i32[ref + RC] = 1;
  }

  incref(ref: Ref): void {
    const i32 = this.#i32;
    const rc = i32[ref + RC] as number;
    if (rc < 0) return;
    i32[ref + RC] = rc + 1;
  }

  decref(ref: Ref): void {
    const i32 = this.#i32;
    const rc = i32[ref + RC] as number;
    if (rc < 0) return;
    i32[ref + RC] = rc - 1;
    if (rc === 1) this.#dealloc(ref);
  }

  #dealloc(ref: Ref): void {
    this.#deallocs++;
    this.#heap.dealloc(ref);
  }

  refcount(ref: Ref): number {
    const rc = this.#i32[ref + RC] as number;
    return rc === IMMORTAL_RC ? IMMORTAL_REFCOUNT : rc;
  }

  immortalize(ref: Ref): boolean {
    this.#i32[ref + RC] = IMMORTAL_RC;
    return true;
  }

  // ---- the lock ---------------------------------------------------------------------------

  attach(): void {
    this.#takeGil();
  }

  detach(): void {
    // The final release (CPython's `final_release`): never waits for a hand-off.
    this.#dropGil(false);
  }

  /**
   * One plain load and a branch: CPython's `_CHECK_PERIODIC` reads the eval breaker with a
   * relaxed load, and so does this (an `Atomics.load` costs 20–30 ns in Node 20, more than the
   * rest of an operation). Integer typed-array reads never tear, so the worst a plain read can
   * do is see the bit late: the JIT may reuse an earlier read only while nothing could have
   * written the heap, and a workload touches the heap between checkpoints (at the latest, the
   * next batch re-reads it). The slow path re-reads it with Atomics.
   */
  checkpoint(): void {
    if (this.#i32[this.#breaker] !== 0) this.#handlePending();
  }

  beginBlocking(): void {
    this.#blockingSections++;
    this.#timeline?.record(EV_BLOCK);
    this.#dropGil(false);
  }

  endBlocking(): void {
    // The blocking call has returned: record that before queueing for the lock, so a timeline
    // shows the wait to get the interpreter back (the convoy) apart from the call itself.
    this.#timeline?.record(EV_UNBLOCK);
    this.#takeGil();
  }

  /** Under a GIL one bytecode is already atomic: critical sections are no-ops (as in CPython). */
  lockObject(): void {}
  unlockObject(): void {}

  /** `_Py_HandlePending` for the drop request: drop (and wait for the switch), then retake. */
  #handlePending(): void {
    if ((Atomics.load(this.#i32, this.#breaker) & DROP_REQUEST) === 0) return;
    this.#forcedDrops++;
    this.#timeline?.record(EV_FORCED_DROP);
    const switches = this.#switches;
    this.#dropGil(this.#forceSwitching);
    this.#takeGil();
    // Another thread held the lock in between: the request was honoured with a real switch.
    if (this.#switches !== switches) this.#forcedSwitches++;
  }

  /** `take_gil`. */
  #takeGil(): void {
    const i32 = this.#i32;
    if (Atomics.compareExchange(i32, this.#locked, 0, 1) !== 0) this.#takeGilSlow();
    this.#acquisitions++;
    if (Atomics.load(i32, this.#lastHolder) !== this.#me) {
      Atomics.store(i32, this.#lastHolder, this.#me);
      Atomics.add(i32, this.#switchNumber, 1);
      // COND_SIGNAL(switch_cond): a holder that dropped on request waits for this change.
      Atomics.notify(i32, this.#lastHolder);
      this.#switches++;
    }
    if ((Atomics.load(i32, this.#breaker) & DROP_REQUEST) !== 0) Atomics.and(i32, this.#breaker, ~DROP_REQUEST);
    this.#acquiredAt = performance.now();
    this.#timeline?.record(EV_ACQUIRE);
  }

  #takeGilSlow(): void {
    const i32 = this.#i32;
    this.#contended++;
    const t0 = performance.now();
    for (;;) {
      const saved = Atomics.load(i32, this.#switchNumber);
      const woke = Atomics.wait(i32, this.#locked, 1, this.#intervalMs);
      if (Atomics.compareExchange(i32, this.#locked, 0, 1) === 0) break;
      // Timed out, still taken, and nobody switched in meanwhile: ask the holder to drop.
      if (woke === 'timed-out' && Atomics.load(i32, this.#switchNumber) === saved) {
        const holder = Atomics.load(i32, this.#lastHolder);
        if (holder !== 0 && holder !== this.#me) {
          Atomics.or(i32, this.#breakers + (holder - 1) * BREAKER_STRIDE, DROP_REQUEST);
          this.#dropRequests++;
          this.#timeline?.record(EV_DROP_REQUEST);
        }
      }
    }
    this.#waitMs += performance.now() - t0;
  }

  /** `drop_gil`; `forced`: we were asked to drop, so wait until somebody else took the lock. */
  #dropGil(forced: boolean): void {
    const i32 = this.#i32;
    this.#heldMs += performance.now() - this.#acquiredAt;
    Atomics.store(i32, this.#locked, 0);
    Atomics.notify(i32, this.#locked, 1);
    this.#timeline?.record(EV_RELEASE);
    if (!forced) return;
    // Already switched (the waiter took the lock the moment it was free): nothing to wait for.
    if (Atomics.load(i32, this.#lastHolder) !== this.#me) return;
    Atomics.and(i32, this.#breaker, ~DROP_REQUEST);
    const t0 = performance.now();
    while (Atomics.load(i32, this.#lastHolder) === this.#me) Atomics.wait(i32, this.#lastHolder, this.#me);
    this.#switchWaitMs += performance.now() - t0;
    this.#forcedSwitchWaits++;
  }

  report(): StrategyReport {
    const counters = {
      deallocs: this.#deallocs,
      acquisitions: this.#acquisitions,
      contendedAcquisitions: this.#contended,
      switches: this.#switches,
      dropRequests: this.#dropRequests,
      forcedDrops: this.#forcedDrops,
      forcedSwitches: this.#forcedSwitches,
      forcedSwitchWaits: this.#forcedSwitchWaits,
      blockingSections: this.#blockingSections,
      waitMs: this.#waitMs,
      switchWaitMs: this.#switchWaitMs,
      heldMs: this.#heldMs,
      timelineDropped: this.#timeline?.dropped ?? 0,
    };
    return this.#timeline === null ? { counters } : { counters, timeline: this.#timeline.events() };
  }
}

/**
 * The counting variant: `GilStrategy` plus `plainOps`, one per plain read-add-write of a count
 * (an incref or decref of a mortal object). Only a counting pass creates it, so a timed worker's
 * JIT never sees the counter; the lock's counters are kept in both (they are on the slow path).
 */
export class CountingGilStrategy extends GilStrategy {
  readonly #i32: Int32Array;
  #plainOps = 0;

  constructor(context: StrategyContext, variant: GilVariant) {
    super(context, variant);
    this.#i32 = context.heap.i32;
  }

  override incref(ref: Ref): void {
    if ((this.#i32[ref + RC] as number) >= 0) this.#plainOps++;
    super.incref(ref);
  }

  override decref(ref: Ref): void {
    if ((this.#i32[ref + RC] as number) >= 0) this.#plainOps++;
    super.decref(ref);
  }

  override report(): StrategyReport {
    const r = super.report();
    return { ...r, counters: { ...r.counters, plainOps: this.#plainOps } };
  }
}

/** A GIL instance of `variant`: the counting class for a counting pass, else the timed one. */
export function createGil(context: StrategyContext, variant: GilVariant): GilStrategy {
  return context.counting ? new CountingGilStrategy(context, variant) : new GilStrategy(context, variant);
}

/** The switch interval option, checked: a positive number of milliseconds. */
export function switchIntervalMs(value: unknown): number {
  if (value === undefined) return DEFAULT_SWITCH_INTERVAL_MS;
  const ms = Number(value);
  // The message echoes whatever was passed, objects included.
  // eslint-disable-next-line @typescript-eslint/no-base-to-string
  if (!Number.isFinite(ms) || ms <= 0) throw new RangeError(`switchIntervalMs must be a positive number of milliseconds, got ${String(value)}`);
  return ms;
}

/** Shared words of a GIL for `threads` workers (plus the main thread). */
export function gilSharedWords(threads: number): number {
  return GIL_BREAKERS + (threads + 1) * BREAKER_STRIDE;
}

export const gilStrategy = defineStrategy({
  name: 'gil',
  family: 'gil',
  counters: GIL_COUNTERS,
  timelineKinds: GIL_TIMELINE_KINDS,
  description: "plain counts under CPython's new GIL: 5 ms switch interval, drop requests, forced switching",
  headerWords: 1,
  threadSafe: true,
  sharedWords: gilSharedWords,
  create: (context) => createGil(context, { name: 'gil', forceSwitching: true }),
});

export default gilStrategy;
