import { type CounterSpec, type StrategyContext } from '@rclab/core';
import { DEFAULT_TIMELINE_LIMIT, TimelineRecorder } from '../_internal/timeline.ts';
import { BREAKER_STRIDE, GIL_BREAKERS, GIL_LAST_HOLDER, GIL_LOCKED, GIL_SWITCH_NUMBER } from './layout.ts';
import { GIL_EVENT_KINDS } from './timeline.ts';

/** The GIL's counters with units (`plainOps` only in a counting pass); `GilThread` keeps the lock's. */
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

/**
 * One thread's handle on the GIL: the shared words it uses (absolute indexes into the heap),
 * its switch interval, its timeline recorder, and the lock's counters. The hand-off functions
 * (`handoff.ts`, `switch-interval.ts`) take it as their first argument.
 */
export class GilThread {
  readonly i32: Int32Array;
  /** This thread's index + 1, as stored in GIL_LAST_HOLDER. */
  readonly me: number;
  readonly locked: number;
  readonly switchNumber: number;
  readonly lastHolder: number;
  /** Thread 0's eval breaker: thread t's is `breakers + t * BREAKER_STRIDE`. */
  readonly breakers: number;
  /** This thread's eval breaker. */
  readonly breaker: number;
  readonly intervalMs: number;
  /** Whether a holder that dropped on request waits until another thread took the lock. */
  readonly forceSwitching: boolean;
  readonly timeline: TimelineRecorder | null;
  /** `performance.now()` when this thread last took the lock. */
  acquiredAt = 0;
  acquisitions = 0;
  contended = 0;
  switches = 0;
  dropRequests = 0;
  forcedDrops = 0;
  forcedSwitches = 0;
  forcedSwitchWaits = 0;
  blockingSections = 0;
  waitMs = 0;
  switchWaitMs = 0;
  heldMs = 0;

  /** `intervalMs`: the switch interval, already checked (`switchIntervalMs` in `switch-interval.ts`). */
  constructor(context: StrategyContext, intervalMs: number, forceSwitching: boolean) {
    this.i32 = context.heap.i32;
    const base = context.heap.strategyBase;
    this.me = context.threadIndex + 1;
    this.locked = base + GIL_LOCKED;
    this.switchNumber = base + GIL_SWITCH_NUMBER;
    this.lastHolder = base + GIL_LAST_HOLDER;
    this.breakers = base + GIL_BREAKERS;
    this.breaker = this.breakers + context.threadIndex * BREAKER_STRIDE;
    this.intervalMs = intervalMs;
    this.forceSwitching = forceSwitching;
    const limit = Number(context.options.timelineLimit ?? DEFAULT_TIMELINE_LIMIT);
    this.timeline = context.options.recordTimeline === true ? new TimelineRecorder(context.threadIndex, GIL_EVENT_KINDS, limit) : null;
  }
}
