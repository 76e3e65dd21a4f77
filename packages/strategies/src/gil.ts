/**
 * `gil` — plain counts under one global interpreter lock, modelled on CPython's "new GIL"
 * (Antoine Pitrou, 3.2; `Python/ceval_gil.c`, `Include/internal/pycore_gil.h`).
 *
 * Pinned to the 3.13+ shape (per-thread eval breaker, `drop_gil(…, final_release)`), as read in
 * python/cpython at commit adeee1bd (`Python/ceval_gil.c`, a main snapshot). Where the names
 * below come from:
 *
 *   CPython                                          here (in this file unless another is named)
 *   take_gil                                         takeGil (gil/handoff.ts)
 *     its timed wait, SET_GIL_DROP_REQUEST           waitForGil (gil/switch-interval.ts)
 *   drop_gil + its FORCE_SWITCHING wait              dropGil(forced) (gil/handoff.ts)
 *   _CHECK_PERIODIC → _Py_HandlePending              checkpoint → handleDropRequest (gil/handoff.ts)
 *   Py_BEGIN/END_ALLOW_THREADS (PyEval_Save/Restore) beginBlocking / endBlocking
 *   _PyThreadState_Attach / _Detach (final release)  attach / detach
 *   Py_INCREF / Py_DECREF, _Py_Dealloc (GIL build)   incref / decref, #dealloc
 *   _Py_SetImmortal (PEP 683)                        immortalize
 *   interval, DEFAULT_INTERVAL                       switchIntervalMs (gil/switch-interval.ts)
 *   struct _gil_runtime_state, as one thread uses it GilThread (gil/thread.ts), with the counters
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
 * Where it differs from CPython: CPython's `drop_gil` waits for the hand-off whenever the
 * drop-request bit is set, even on a blocking call that happens to race with a request; here a
 * blocking call never waits. That wait exists so a thread that was asked to drop cannot win the
 * lock straight back; a thread entering a blocking call does not want the lock until the call
 * returns, so waiting would only delay the call (and add to the convoy workload's measured
 * latency) without making any hand-off fairer. CPython guards `locked` with a mutex and
 * a condition variable; here the lock word itself is the futex, which gives the same
 * wake-one-waiter behaviour without the extra mutex.
 *
 * The header word, the shared slots and the invariants over them: `gil/layout.ts`; the timeline's
 * event kinds: `gil/timeline.ts`.
 */
import { defineStrategy, IMMORTAL_REFCOUNT, type Heap, type Ref, type Strategy, type StrategyContext, type StrategyReport } from '@rclab/core';
import { IMMORTAL_RC } from './_internal/immortal.ts';
import { dropGil, handleDropRequest, takeGil } from './gil/handoff.ts';
import { GIL_HEADER_WORDS, gilSharedWords, RC } from './gil/layout.ts';
import { GIL_COUNTERS, GilThread } from './gil/thread.ts';
import { switchIntervalMs } from './gil/switch-interval.ts';
import { EV_BLOCK, EV_UNBLOCK, GIL_TIMELINE_KINDS } from './gil/timeline.ts';

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
  readonly #breaker: number;
  /** This thread's handle on the lock, with the lock's counters (`gil/thread.ts`). */
  readonly #gil: GilThread;
  #deallocs = 0;

  constructor(context: StrategyContext, variant: GilVariant) {
    this.name = variant.name;
    this.#heap = context.heap;
    this.#i32 = context.heap.i32;
    this.#gil = new GilThread(context, switchIntervalMs(context.options.switchIntervalMs), variant.forceSwitching);
    this.#breaker = this.#gil.breaker;
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

  // ---- the lock (taken and dropped in gil/handoff.ts) ---------------------------------------

  attach(): void {
    takeGil(this.#gil);
  }

  detach(): void {
    // The final release (CPython's `final_release`): never waits for a hand-off.
    dropGil(this.#gil, false);
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
    if (this.#i32[this.#breaker] !== 0) handleDropRequest(this.#gil);
  }

  beginBlocking(): void {
    const g = this.#gil;
    g.blockingSections++;
    g.timeline?.record(EV_BLOCK);
    dropGil(g, false);
  }

  endBlocking(): void {
    // The blocking call has returned: record that before queueing for the lock, so a timeline
    // shows the wait to get the interpreter back (the convoy) apart from the call itself.
    this.#gil.timeline?.record(EV_UNBLOCK);
    takeGil(this.#gil);
  }

  /** Under a GIL one bytecode is already atomic: critical sections are no-ops (as in CPython). */
  lockObject(): void {}
  unlockObject(): void {}

  report(): StrategyReport {
    const g = this.#gil;
    const counters = {
      deallocs: this.#deallocs,
      acquisitions: g.acquisitions,
      contendedAcquisitions: g.contended,
      switches: g.switches,
      dropRequests: g.dropRequests,
      forcedDrops: g.forcedDrops,
      forcedSwitches: g.forcedSwitches,
      forcedSwitchWaits: g.forcedSwitchWaits,
      blockingSections: g.blockingSections,
      waitMs: g.waitMs,
      switchWaitMs: g.switchWaitMs,
      heldMs: g.heldMs,
      timelineDropped: g.timeline?.dropped ?? 0,
    };
    return g.timeline === null ? { counters } : { counters, timeline: g.timeline.events() };
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

export const gilStrategy = defineStrategy({
  name: 'gil',
  family: 'gil',
  counters: GIL_COUNTERS,
  timelineKinds: GIL_TIMELINE_KINDS,
  description: "plain counts under CPython's new GIL: 5 ms switch interval, drop requests, forced switching",
  headerWords: GIL_HEADER_WORDS,
  threadSafe: true,
  sharedWords: gilSharedWords,
  create: (context) => createGil(context, { name: 'gil', forceSwitching: true }),
});

export default gilStrategy;
