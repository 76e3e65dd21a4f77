import { describe, expect, it } from 'vitest';
import type { TimelineRole } from '@rclab/core';
import { segmentTimeline, timelineStats } from '../src/timeline.ts';

/** The GIL's event kinds and their roles, as its catalog entry declares them. */
const GIL: Readonly<Record<string, TimelineRole>> = {
  acquire: 'acquire',
  release: 'release',
  'drop-request': 'request',
  'forced-drop': 'forced-release',
  block: 'block',
  unblock: 'unblock',
};

const ev = (t: number, thread: number, kind: string): { t: number; thread: number; kind: string } => ({ t, thread, kind });

describe('segmentTimeline', () => {
  it('draws the new-GIL handoff of two CPU-bound threads (Diagram 2)', () => {
    // Arrange: thread 1 holds; thread 2 times out after 5 ms, asks; thread 1 drops at its next checkpoint.
    const events = [
      ev(0, 1, 'acquire'),
      ev(5, 2, 'drop-request'),
      ev(5.02, 1, 'forced-drop'),
      ev(5.02, 1, 'release'),
      ev(5.05, 2, 'acquire'),
      ev(10.1, 1, 'drop-request'),
      ev(10.12, 2, 'forced-drop'),
      ev(10.15, 1, 'acquire'),
    ];
    // Act
    const { segments, markers } = segmentTimeline(events, GIL);
    // Assert
    expect(segments).toEqual([
      { thread: 1, state: 'held', start: 0, end: 5.02 },
      // Thread 2's first event is its drop request: it was waiting (for an unknown interval here).
      { thread: 2, state: 'waiting', start: 5, end: 5.05 },
      { thread: 1, state: 'waiting', start: 5.02, end: 10.15 },
      { thread: 2, state: 'held', start: 5.05, end: 10.12 },
    ]);
    expect(markers.map((m) => m.kind)).toEqual(['drop-request', 'forced-drop', 'drop-request', 'forced-drop']);
  });

  it('separates a blocking call from the wait for the lock when unblock comes before acquire', () => {
    const { segments } = segmentTimeline([ev(0, 2, 'acquire'), ev(1, 2, 'block'), ev(1, 2, 'release'), ev(2, 2, 'unblock'), ev(6, 2, 'acquire'), ev(7, 2, 'release')], GIL);
    expect(segments.map((s) => [s.state, s.start, s.end])).toEqual([
      ['held', 0, 1],
      ['blocked', 1, 2],
      ['waiting', 2, 6],
      ['held', 6, 7],
    ]);
  });

  it('keeps the re-acquired slice when a strategy records unblock after acquire', () => {
    const { segments } = segmentTimeline([ev(0, 2, 'acquire'), ev(1, 2, 'block'), ev(1, 2, 'release'), ev(6, 2, 'acquire'), ev(6, 2, 'unblock'), ev(7, 2, 'block')], GIL);
    expect(segments.map((s) => [s.state, s.start, s.end])).toEqual([
      ['held', 0, 1],
      ['blocked', 1, 6],
      ['held', 6, 7],
    ]);
  });

  it('drops a trailing wait and ignores unknown kinds except as markers', () => {
    const { segments, markers } = segmentTimeline([ev(0, 1, 'acquire'), ev(1, 1, 'release'), ev(2, 3, 'something-new')], GIL);
    expect(segments).toEqual([{ thread: 1, state: 'held', start: 0, end: 1 }]);
    expect(markers).toEqual([{ thread: 3, t: 2, kind: 'something-new' }]);
  });

  it('reads events by the roles the catalog declares, not by their names', () => {
    const roles: Readonly<Record<string, TimelineRole>> = { take: 'acquire', give: 'release' };
    const { segments, markers } = segmentTimeline([ev(0, 1, 'take'), ev(2, 1, 'give'), ev(3, 1, 'acquire'), ev(4, 2, 'take')], roles);
    // `acquire` is not one of this strategy's kinds: a marker, not the start of a held slice.
    expect(segments).toEqual([{ thread: 1, state: 'held', start: 0, end: 2 }]);
    expect(markers).toEqual([{ thread: 1, t: 3, kind: 'acquire' }]);
  });

  it('handles no events', () => {
    expect(segmentTimeline([], GIL)).toEqual({ segments: [], markers: [] });
    expect(timelineStats([], GIL)).toMatchObject({ handoffs: 0, spanMs: 0, dropLatencyMedianMs: null });
  });
});

describe('timelineStats', () => {
  it('counts handoffs and measures slices and drop latency', () => {
    const events = [
      ev(0, 1, 'acquire'),
      ev(5, 2, 'drop-request'),
      ev(5.02, 1, 'forced-drop'),
      ev(5.05, 2, 'acquire'),
      ev(10.05, 1, 'drop-request'),
      ev(10.09, 2, 'forced-drop'),
      ev(10.1, 1, 'acquire'),
      ev(12, 1, 'release'),
    ];
    const stats = timelineStats(events, GIL);
    expect(stats.handoffs).toBe(2);
    expect(stats.dropRequests).toBe(2);
    expect(stats.forcedDrops).toBe(2);
    expect(stats.spanMs).toBe(12);
    expect(stats.dropLatencyMedianMs).toBeCloseTo(0.03, 6);
    expect(stats.forcedSliceMedianMs).toBeCloseTo(5.03, 6);
  });
});

describe('segmentTimeline with drop requests as evidence of waiting', () => {
  it('turns the last switch interval of a blocked span into a wait when the thread asked for the lock', () => {
    // The gil strategy records unblock after its re-acquire; the drop request shows the wait.
    const events = [ev(0, 1, 'acquire'), ev(1, 2, 'block'), ev(1, 2, 'release'), ev(8, 2, 'drop-request'), ev(8.1, 1, 'forced-drop'), ev(8.2, 2, 'acquire'), ev(8.2, 2, 'unblock')];
    const { segments } = segmentTimeline(events, GIL, 5);
    expect(segments.filter((s) => s.thread === 2).map((s) => [s.state, s.start, s.end])).toEqual([
      ['blocked', 1, 3],
      ['waiting', 3, 8.2],
    ]);
  });

  it('draws a thread that first appears asking for the lock as waiting for one interval before', () => {
    const { segments } = segmentTimeline([ev(0, 1, 'acquire'), ev(12, 2, 'drop-request'), ev(12.1, 1, 'forced-drop'), ev(12.2, 2, 'acquire'), ev(13, 2, 'release')], GIL, 5);
    expect(segments.filter((s) => s.thread === 2).map((s) => [s.state, s.start, s.end])).toEqual([
      ['waiting', 7, 12.2],
      ['held', 12.2, 13],
    ]);
  });
});
