/**
 * The GIL timeline: which thread held the interpreter lock when, over a short window of a real
 * run — the article's Diagram 2 ("GIL handoff between two CPU-bound threads") drawn from the
 * recorded acquire / release / drop-request / forced-drop / block / unblock events.
 */
import type { TopLevelSpec } from 'vega-lite';
import { duration, paramsText, plural } from '../format.ts';
import { type ReportModel, type SourcedTimeline, strategyFamily, suiteNumber, timelineRoles } from '../model.ts';
import { segmentTimeline, timelineStats, type ThreadState } from '../timeline.ts';
import { distinct, topLevel } from './common.ts';
import { notMeasured, type ChartBuild, type ChartModule } from './types.ts';

/** Timelines drawn at most (the rest are summarised in the notes). */
export const MAX_TIMELINES = 4;

const STATE_LABEL: Readonly<Record<ThreadState, string>> = {
  held: 'holds the GIL (runs bytecode)',
  waiting: 'waits for the GIL',
  blocked: 'in a blocking call (GIL released)',
};
const STATE_COLOR: Readonly<Record<ThreadState, string>> = { held: '#d1495b', waiting: '#f4c9cf', blocked: '#9cc3e4' };
const MARKER_SHAPES: readonly string[] = ['triangle-down', 'diamond', 'cross', 'square', 'triangle-up', 'circle'];

/** The switch interval a timeline ran with (its params, else the suite's knob), if known. */
export function switchIntervalOf(t: SourcedTimeline): number | undefined {
  const p = t.timeline.params.switchIntervalMs;
  return typeof p === 'number' && p > 0 ? p : suiteNumber(t.source, 'switchIntervalMs');
}

/** Parameters that identify a run rather than describe it (the bench's `cell` back-reference). */
const HIDDEN_PARAMS = ['switchIntervalMs', 'cell'];

/**
 * Which timelines to draw: the `gil` strategy first, then other GIL variants; at the run's
 * default switch interval; several threads; one per strategy, workload and CPU load (so a sweep
 * over intervals does not fill every slot). Runs without contention (I/O threads only) come last.
 */
export function pickTimelines(model: ReportModel, timelines: readonly SourcedTimeline[]): SourcedTimeline[] {
  const score = (t: SourcedTimeline): number => {
    const tl = t.timeline;
    // The first strategy of the GIL family in display order (the plain GIL), then its variants.
    const gils = model.strategies.filter((x) => strategyFamily(model, x) === 'gil');
    let s = tl.strategy === gils[0] ? 100 : gils.includes(tl.strategy) ? 50 : 0;
    if (switchIntervalOf(t) === suiteNumber(t.source, 'switchIntervalMs')) s += 20;
    if (tl.threads >= 2) s += 10;
    if (tl.params.cpuThreads === 0) s -= 70;
    return s;
  };
  const ranked = timelines.map((t, i) => ({ t, i, s: score(t) })).sort((a, b) => b.s - a.s || a.i - b.i);
  const seen = new Set<string>();
  const out: SourcedTimeline[] = [];
  for (const { t } of ranked) {
    const key = JSON.stringify([t.source.index, t.timeline.strategy, t.timeline.workload, t.timeline.threads, t.timeline.params.cpuThreads ?? null]);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(t);
  }
  return out;
}

function titleOf(model: ReportModel, t: SourcedTimeline): string {
  const tl = t.timeline;
  const params = paramsText(tl.params, HIDDEN_PARAMS);
  return `${model.multiSource ? `${t.source.label}: ` : ''}${tl.strategy} · ${tl.workload} · ${plural(tl.threads, 'thread')}${params ? ` · ${params}` : ''}`;
}

export const gilTimelineChart: ChartModule = {
  id: 'gil-timeline',
  title: 'GIL timeline',
  howToRead:
    'One lane per thread, time running left to right over a short window at the start of the recording. A solid block is the thread holding the ' +
    'interpreter lock and running bytecode; a pale block is the thread waiting for it; blue is a blocking call with the lock released. ' +
    '▼ marks a drop request (a waiter timed out after the switch interval and asked the holder to let go); ◆ marks the holder dropping the lock at its next checkpoint. ' +
    "This is the article's Diagram 2, from recorded events.",
  build(model: ReportModel): ChartBuild {
    const timelines = model.timelines.filter((t) => t.timeline.events.length > 0);
    if (timelines.length === 0) return notMeasured('No lock events were recorded in this run (timelines come from the GIL runs of the switch-interval and convoy groups).');
    const shown = pickTimelines(model, timelines).slice(0, MAX_TIMELINES);
    const notes: string[] = [];
    const kinds = distinct(shown.flatMap((t) => segmentTimeline(t.timeline.events, timelineRoles(model, t.timeline.strategy), switchIntervalOf(t)).markers.map((m) => m.kind)));
    const roleOfKind = (k: string): string | undefined => shown.map((t) => timelineRoles(model, t.timeline.strategy)[k]).find((r) => r !== undefined);
    const markerScale = {
      domain: kinds,
      range: kinds.map((k, i) => {
        const role = roleOfKind(k);
        return role === 'request' ? 'triangle-down' : role === 'forced-release' ? 'diamond' : (MARKER_SHAPES[(i + 2) % MARKER_SHAPES.length] ?? 'circle');
      }),
    };
    const states = (['held', 'waiting', 'blocked'] as const).filter((s) =>
      shown.some((t) => segmentTimeline(t.timeline.events, timelineRoles(model, t.timeline.strategy), switchIntervalOf(t)).segments.some((g) => g.state === s)),
    );
    const views = shown.map((t) => {
      const interval = switchIntervalOf(t);
      const roles = timelineRoles(model, t.timeline.strategy);
      const events = t.timeline.events;
      const t0 = Math.min(...events.map((e) => e.t));
      const window = Math.max(8 * (interval ?? 0), 20);
      const { segments, markers } = segmentTimeline(events, roles, interval);
      const stats = timelineStats(events, roles, interval);
      const lane = (thread: number): string => `thread ${thread}`;
      const lanes = distinct(events.map((e) => e.thread))
        .sort((a, b) => a - b)
        .map(lane);
      const segs = segments
        .filter((s) => s.start < t0 + window)
        .map((s) => ({ lane: lane(s.thread), state: STATE_LABEL[s.state], start: s.start - t0, end: Math.min(s.end, t0 + window) - t0, ms: s.end - s.start }));
      const marks = markers.filter((m) => m.t <= t0 + window).map((m) => ({ lane: lane(m.thread), kind: m.kind, t: m.t - t0 }));
      const figures = [
        `${plural(stats.handoffs, 'handoff')} in ${duration(stats.spanMs)}`,
        `held slices: median ${duration(stats.heldMedianMs)}, p90 ${duration(stats.heldP90Ms)}`,
        stats.dropLatencyMedianMs !== null ? `drop request → forced drop: median ${duration(stats.dropLatencyMedianMs)}` : '',
        interval !== undefined ? `switch interval ${duration(interval)}` : '',
      ].filter((s) => s.length > 0);
      notes.push(`${titleOf(model, t)}: ${figures.join('; ')}.`);
      return {
        title: {
          text: titleOf(model, t),
          subtitle: `first ${duration(Math.min(window, stats.spanMs))} of ${duration(stats.spanMs)} recorded · ${figures.slice(0, 2).join(' · ')}`,
          fontSize: 13,
        },
        width: 860,
        height: { step: 30 },
        layer: [
          {
            data: { values: segs },
            mark: { type: 'bar' as const, height: { band: 0.72 }, cornerRadius: 1 },
            encoding: {
              y: { field: 'lane', type: 'nominal' as const, sort: lanes, title: null },
              x: { field: 'start', type: 'quantitative' as const, title: 'time (ms from the first event)', scale: { domain: [0, Math.min(window, stats.spanMs)], nice: false } },
              x2: { field: 'end' },
              color: {
                field: 'state',
                type: 'nominal' as const,
                title: null,
                scale: { domain: states.map((s) => STATE_LABEL[s]), range: states.map((s) => STATE_COLOR[s]) },
              },
              tooltip: [
                { field: 'lane', type: 'nominal' as const, title: 'thread' },
                { field: 'state', type: 'nominal' as const },
                { field: 'start', type: 'quantitative' as const, title: 'from (ms)', format: '.3f' },
                { field: 'ms', type: 'quantitative' as const, title: 'lasted (ms)', format: '.3f' },
              ],
            },
          },
          ...(marks.length > 0
            ? [
                {
                  data: { values: marks },
                  mark: { type: 'point' as const, filled: true, size: 60, color: '#222', yOffset: -12 },
                  encoding: {
                    y: { field: 'lane', type: 'nominal' as const, sort: lanes },
                    x: { field: 't', type: 'quantitative' as const },
                    shape: { field: 'kind', type: 'nominal' as const, title: null, scale: markerScale },
                    tooltip: [
                      { field: 'kind', type: 'nominal' as const },
                      { field: 'lane', type: 'nominal' as const, title: 'thread' },
                      { field: 't', type: 'quantitative' as const, title: 'at (ms)', format: '.3f' },
                    ],
                  },
                },
              ]
            : []),
        ],
      };
    });
    if (timelines.length > shown.length) notes.push(`${timelines.length - shown.length} more recorded timeline(s) not drawn (other switch intervals, runs without contention).`);
    const spec: TopLevelSpec = {
      ...topLevel('Who held the interpreter lock, and when'),
      vconcat: views,
      spacing: 28,
      resolve: { scale: { color: 'shared', shape: 'shared' } },
    };
    return { kind: 'chart', spec, notes };
  },
};
