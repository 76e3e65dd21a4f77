/**
 * The recorded lock timelines of a results file as Chrome Trace Event JSON — the format
 * Perfetto (ui.perfetto.dev) and chrome://tracing open. Each timeline (one cell's run) is a
 * process; each thread is a track of its own, named by `thread_name` metadata. On a track:
 * complete ('X') events for the intervals a thread held the lock, sat in a blocking call, or
 * waited to get the lock back; instant ('i') events for drop requests, forced drops and any
 * other kind. Events are read by the role the strategy's catalog entry gives their kind
 * (`acquire`, `release`, `forced-release`, `block`, `unblock`, `request`, `marker`), never by
 * name, so a user's strategy that declares its kinds is traced like the GIL.
 *
 * The format: https://docs.google.com/document/d/1CvAClvFfyA5R-PhYUmn5OOQtYMH4h6I0nSsKchNAySU
 * (timestamps and durations in microseconds).
 */
import type { ResultsFile, StrategyEntry, Timeline, TimelineRole } from '@rclab/core';

/** One trace event. */
export interface TraceEvent {
  readonly name: string;
  readonly ph: 'X' | 'i' | 'M';
  readonly pid: number;
  readonly tid: number;
  readonly ts: number;
  readonly dur?: number;
  /** Scope of an instant event: `t`, the thread. */
  readonly s?: 't';
  readonly cat?: string;
  readonly args?: Readonly<Record<string, string | number | boolean>>;
}

/** The JSON object format of a trace. */
export interface ChromeTrace {
  readonly traceEvents: readonly TraceEvent[];
  readonly displayTimeUnit: 'ms';
  readonly otherData: Readonly<Record<string, string | number>>;
}

/** Roles drawn as spans; every other role is also an instant event of its kind's name. */
const SPAN_ROLES: ReadonlySet<TimelineRole> = new Set(['acquire', 'release', 'block', 'unblock']);
/** Instant roles that are about the lock (the rest are `other`). */
const LOCK_INSTANT_ROLES: ReadonlySet<TimelineRole> = new Set(['request', 'forced-release']);

const MS_TO_US = 1000;

/** What a track is doing, as the events of one thread are replayed in time order. */
interface TrackState {
  holdingSince: number | null;
  blockedSince: number | null;
  waitingSince: number | null;
}

/** The label of a timeline's process: its cell id if recorded, else strategy, workload, threads. */
export function timelineLabel(t: Timeline): string {
  const cell = t.params.cell;
  return typeof cell === 'string' && cell.length > 0 ? cell : `${t.strategy} · ${t.workload} · ${t.threads} thread${t.threads === 1 ? '' : 's'}`;
}

/**
 * The events of one timeline as process `pid`: metadata first, then the track events in time
 * order. `strategy` is its strategy's catalog entry (the roles of its event kinds, its family).
 */
export function timelineEvents(timeline: Timeline, pid: number, strategy: StrategyEntry | undefined): TraceEvent[] {
  const roles = new Map<string, TimelineRole>((strategy?.timeline ?? []).map((k) => [k.kind, k.role]));
  const roleOf = (kind: string): TimelineRole => roles.get(kind) ?? 'marker';
  const events = [...timeline.events].sort((x, y) => x.t - y.t || x.thread - y.thread);
  const t0 = events.length > 0 ? (events[0] as (typeof events)[0]).t : 0;
  const us = (t: number): number => Math.round((t - t0) * MS_TO_US * 1000) / 1000;
  const end = events.length > 0 ? us((events[events.length - 1] as (typeof events)[0]).t) : 0;
  const lock = strategy?.family === 'gil' ? 'the GIL' : 'the lock';
  const threads = [...new Set(events.map((e) => e.thread))].sort((x, y) => x - y);
  const state = new Map<number, TrackState>(threads.map((t) => [t, { holdingSince: null, blockedSince: null, waitingSince: null }]));
  const out: TraceEvent[] = [];
  const span = (tid: number, name: string, from: number, to: number, args?: Record<string, boolean>): void => {
    out.push({ name, cat: 'lock', ph: 'X', pid, tid, ts: from, dur: Math.max(0, Math.round((to - from) * 1000) / 1000), ...(args !== undefined ? { args } : {}) });
  };
  const endHold = (tid: number, s: TrackState, at: number): void => {
    if (s.holdingSince === null) return;
    span(tid, `holds ${lock}`, s.holdingSince, at);
    s.holdingSince = null;
  };
  for (const e of events) {
    const at = us(e.t);
    const s = state.get(e.thread) as TrackState;
    const role = roleOf(e.kind);
    switch (role) {
      case 'acquire':
        // The lock is exclusive: whoever held it (with its release cut off the record) holds it no more.
        for (const [tid, other] of state) if (tid !== e.thread) endHold(tid, other, at);
        endHold(e.thread, s, at);
        if (s.waitingSince !== null) span(e.thread, `waits for ${lock}`, s.waitingSince, at);
        s.waitingSince = null;
        s.holdingSince = at;
        break;
      case 'release':
        endHold(e.thread, s, at);
        break;
      case 'forced-release':
        // Asked to drop: it lets go now and wants the lock back at once.
        endHold(e.thread, s, at);
        s.waitingSince = at;
        break;
      case 'block':
        endHold(e.thread, s, at);
        s.waitingSince = null;
        s.blockedSince = at;
        break;
      case 'unblock':
        if (s.blockedSince !== null) span(e.thread, 'blocking call', s.blockedSince, at);
        s.blockedSince = null;
        s.waitingSince = at;
        break;
      default:
        break;
    }
    if (!SPAN_ROLES.has(role)) {
      out.push({ name: e.kind, cat: LOCK_INSTANT_ROLES.has(role) ? 'lock' : 'other', ph: 'i', s: 't', pid, tid: e.thread, ts: at });
    }
  }
  // Intervals still open when the record ends (the run ended, or a thread's bounded buffer filled).
  for (const [tid, s] of state) {
    if (s.holdingSince !== null) span(tid, `holds ${lock}`, s.holdingSince, end, { open: true });
    if (s.blockedSince !== null) span(tid, 'blocking call', s.blockedSince, end, { open: true });
  }
  out.sort((x, y) => x.ts - y.ts || x.tid - y.tid);
  const meta: TraceEvent[] = [
    { name: 'process_name', ph: 'M', pid, tid: 0, ts: 0, args: { name: timelineLabel(timeline) } },
    { name: 'process_sort_index', ph: 'M', pid, tid: 0, ts: 0, args: { sort_index: pid } },
    ...threads.flatMap((tid): TraceEvent[] => [
      { name: 'thread_name', ph: 'M', pid, tid, ts: 0, args: { name: `thread ${tid}` } },
      { name: 'thread_sort_index', ph: 'M', pid, tid, ts: 0, args: { sort_index: tid } },
    ]),
  ];
  return [...meta, ...out];
}

/** Every timeline of `results` as one trace, a process per timeline. */
export function chromeTrace(results: ResultsFile): ChromeTrace {
  return {
    traceEvents: results.timelines.flatMap((t, i) =>
      timelineEvents(
        t,
        i + 1,
        results.catalog.strategies.find((s) => s.name === t.strategy),
      ),
    ),
    displayTimeUnit: 'ms',
    otherData: {
      source: 'rclab trace',
      rclabVersion: results.env.rclabVersion,
      cpuModel: results.env.cpuModel,
      date: results.env.date,
    },
  };
}

/**
 * The trace as JSON text. `<`, `>` and `&` are written as \u escapes, so a hostile name stays
 * inert even if the file is pasted into an HTML page; JSON.parse gives the same strings back.
 */
export function chromeTraceJson(trace: ChromeTrace): string {
  return `${JSON.stringify(trace).replace(/[<>&]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}\n`;
}
