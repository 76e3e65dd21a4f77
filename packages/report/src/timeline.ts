/**
 * Reading a lock-event timeline: per thread, when it held the interpreter lock, when it waited
 * for it, and when it was in a blocking call with the lock released; plus the figures that say
 * whether the lock behaves like CPython's (slice lengths against the switch interval, the delay
 * from a drop request to the forced drop, handoffs).
 *
 * Events are read by the role the strategy's catalog entry gives their kind, never by name:
 * `acquire` starts a held slice; `release` and `forced-release` end it; `block`/`unblock` bracket
 * a blocking call; after a release or an unblock the thread waits until its next `acquire` (an
 * `unblock` recorded after the re-`acquire` changes nothing). `request`, `forced-release`,
 * `marker` and undeclared kinds are drawn as markers.
 */
import { median, nearestRankQuantile, type Timeline, type TimelineRole } from '@rclab/core';

export type ThreadState = 'held' | 'waiting' | 'blocked';

/** A span of one thread's time in one state. */
export interface Segment {
  readonly thread: number;
  readonly state: ThreadState;
  readonly start: number;
  readonly end: number;
}

/** An instant event drawn as a marker (a `request`, a `forced-release`, a `marker`, an undeclared kind). */
export interface Marker {
  readonly thread: number;
  readonly t: number;
  readonly kind: string;
}

/** What each event kind does (from the strategy's catalog entry); undeclared kinds are markers. */
export type TimelineRoles = Readonly<Record<string, TimelineRole>>;

const ENDS_HOLD: ReadonlySet<TimelineRole> = new Set(['release', 'forced-release']);
/** Roles fully described by the segments (never drawn as markers). */
const SEGMENT_ROLES: ReadonlySet<TimelineRole> = new Set(['acquire', 'release', 'block', 'unblock']);

const roleOf = (roles: TimelineRoles, kind: string): TimelineRole => (Object.hasOwn(roles, kind) ? (roles[kind] ?? 'marker') : 'marker');

/**
 * Segments and markers of a timeline, in time order. Trailing waits (a thread that never
 * re-acquired) are dropped. A `request` (the GIL's `drop-request`) is evidence too: its thread had been waiting for
 * the lock for a switch interval (`intervalMs`) before it asked, so that much of a blocked span
 * (or of the time before the thread's first event) is drawn as waiting.
 */
export function segmentTimeline(events: Timeline['events'], roles: TimelineRoles, intervalMs?: number): { segments: Segment[]; markers: Marker[] } {
  const sorted = [...events].filter((e) => Number.isFinite(e.t)).sort((a, b) => a.t - b.t);
  const end = sorted.length > 0 ? (sorted[sorted.length - 1]?.t ?? 0) : 0;
  const open = new Map<number, { state: ThreadState; start: number }>();
  const segments: Segment[] = [];
  const markers: Marker[] = [];
  const close = (thread: number, t: number): void => {
    const o = open.get(thread);
    if (o !== undefined && t > o.start) segments.push({ thread, state: o.state, start: o.start, end: t });
    open.delete(thread);
  };
  const first = sorted[0]?.t ?? 0;
  const seen = new Set<number>();
  for (const e of sorted) {
    const current = open.get(e.thread);
    const state = current?.state;
    const firstOfThread = !seen.has(e.thread);
    seen.add(e.thread);
    const role = roleOf(roles, e.kind);
    if (!SEGMENT_ROLES.has(role)) markers.push({ thread: e.thread, t: e.t, kind: e.kind });
    if (role === 'request' && (state === 'blocked' || (state === undefined && firstOfThread))) {
      const since = Math.max(current?.start ?? first, e.t - (intervalMs ?? 0));
      close(e.thread, since);
      open.set(e.thread, { state: 'waiting', start: since });
    } else if (role === 'acquire') {
      close(e.thread, e.t);
      open.set(e.thread, { state: 'held', start: e.t });
    } else if (ENDS_HOLD.has(role)) {
      if (state === 'held') {
        close(e.thread, e.t);
        open.set(e.thread, { state: 'waiting', start: e.t });
      }
    } else if (role === 'block') {
      close(e.thread, e.t);
      open.set(e.thread, { state: 'blocked', start: e.t });
    } else if (role === 'unblock' && state !== 'held') {
      // Recorded before re-taking the lock: from here the thread waits for it. (A strategy
      // that records `unblock` after its `acquire` leaves the wait inside the blocked span.)
      close(e.thread, e.t);
      open.set(e.thread, { state: 'waiting', start: e.t });
    }
  }
  for (const [thread, o] of open) if (o.state !== 'waiting') close(thread, end);
  segments.sort((a, b) => a.start - b.start || a.thread - b.thread);
  return { segments, markers };
}

/** Figures of a whole timeline. */
export interface TimelineStats {
  readonly threads: number;
  readonly spanMs: number;
  /** Acquisitions by a different thread than the previous holder. */
  readonly handoffs: number;
  readonly heldMedianMs: number;
  readonly heldP90Ms: number;
  /** Held slices that ended in a forced drop: their lengths. */
  readonly forcedSliceMedianMs: number | null;
  /** From a drop request to the next forced drop (the holder reaching a checkpoint). */
  readonly dropLatencyMedianMs: number | null;
  readonly waitingMedianMs: number | null;
  readonly dropRequests: number;
  readonly forcedDrops: number;
}

export function timelineStats(events: Timeline['events'], roles: TimelineRoles, intervalMs?: number): TimelineStats {
  const sorted = [...events].sort((a, b) => a.t - b.t);
  const { segments } = segmentTimeline(sorted, roles, intervalMs);
  const held = segments.filter((s) => s.state === 'held');
  const waiting = segments.filter((s) => s.state === 'waiting').map((s) => s.end - s.start);
  let handoffs = 0;
  let last: number | undefined;
  for (const e of sorted) {
    if (roleOf(roles, e.kind) !== 'acquire') continue;
    if (last !== undefined && last !== e.thread) handoffs++;
    last = e.thread;
  }
  const forcedAt = sorted.filter((e) => roleOf(roles, e.kind) === 'forced-release');
  const forcedSlices = held.filter((s) => forcedAt.some((f) => f.thread === s.thread && f.t === s.end)).map((s) => s.end - s.start);
  const dropLatency: number[] = [];
  const requests = sorted.filter((e) => roleOf(roles, e.kind) === 'request');
  for (const r of requests) {
    const next = forcedAt.find((f) => f.t >= r.t);
    if (next !== undefined) dropLatency.push(next.t - r.t);
  }
  const first = sorted[0]?.t ?? 0;
  const lastT = sorted[sorted.length - 1]?.t ?? 0;
  return {
    threads: new Set(sorted.map((e) => e.thread)).size,
    spanMs: lastT - first,
    handoffs,
    heldMedianMs: held.length > 0 ? median(held.map((s) => s.end - s.start)) : 0,
    heldP90Ms:
      held.length > 0
        ? nearestRankQuantile(
            held.map((s) => s.end - s.start),
            0.9,
          )
        : 0,
    forcedSliceMedianMs: forcedSlices.length > 0 ? median(forcedSlices) : null,
    dropLatencyMedianMs: dropLatency.length > 0 ? median(dropLatency) : null,
    waitingMedianMs: waiting.length > 0 ? median(waiting) : null,
    dropRequests: requests.length,
    forcedDrops: forcedAt.length,
  };
}
