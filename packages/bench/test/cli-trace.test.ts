import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ResultsFile, strategyEntry, type Timeline } from '@rclab/core';
import { gilStrategy } from '@rclab/strategies';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ChromeTrace, chromeTraceJson, type TraceEvent, timelineEvents } from '@rclab/report';
import { ROOT, runCli } from './cli-helpers.ts';

const FULL = join(ROOT, 'packages/report/test/fixtures/full.json');

/** Checks what every trace must satisfy; returns the track events by process. */
function checkTrace(trace: ChromeTrace): Map<number, TraceEvent[]> {
  const named = new Set<string>();
  const processes = new Set<number>();
  const byPid = new Map<number, TraceEvent[]>();
  for (const e of trace.traceEvents) {
    if (e.ph === 'M') {
      if (e.name === 'thread_name') {
        const key = `${e.pid}/${e.tid}`;
        expect(named.has(key), `two thread_name events for ${key}`).toBe(false);
        named.add(key);
      }
      if (e.name === 'process_name') processes.add(e.pid);
      continue;
    }
    expect(named.has(`${e.pid}/${e.tid}`), `event on unnamed track ${e.pid}/${e.tid}`).toBe(true);
    expect(processes.has(e.pid)).toBe(true);
    expect(Number.isFinite(e.ts) && e.ts >= 0).toBe(true);
    if (e.ph === 'X') expect(e.dur).toBeGreaterThanOrEqual(0);
    if (e.ph === 'i') expect(e.s).toBe('t');
    byPid.set(e.pid, [...(byPid.get(e.pid) ?? []), e]);
  }
  for (const events of byPid.values()) {
    // In time order within each process.
    for (let i = 1; i < events.length; i++) expect((events[i] as TraceEvent).ts).toBeGreaterThanOrEqual((events[i - 1] as TraceEvent).ts);
    // The lock is exclusive: no two threads' hold intervals overlap.
    const holds = events.filter((e) => e.ph === 'X' && e.name.startsWith('holds ')).sort((x, y) => x.ts - y.ts || (x.dur ?? 0) - (y.dur ?? 0));
    for (let i = 1; i < holds.length; i++) {
      const prev = holds[i - 1] as TraceEvent;
      expect((holds[i] as TraceEvent).ts, `holds overlap in process ${prev.pid}`).toBeGreaterThanOrEqual(prev.ts + (prev.dur ?? 0) - 1e-6);
    }
  }
  return byPid;
}

/** The GIL's catalog entry, from its factory: its event kinds and their roles. */
const GIL = strategyEntry(gilStrategy);

function timeline(events: Timeline['events'], over: Partial<Timeline> = {}): Timeline {
  return { strategy: 'gil', workload: 'convoy', threads: 2, params: {}, events, ...over };
}

describe('Chrome trace from lock timelines', () => {
  it('turns acquire/release, forced drops and blocking calls into intervals on one track per thread', () => {
    const events = timelineEvents(
      timeline([
        { t: 0, thread: 1, kind: 'acquire' },
        { t: 5, thread: 2, kind: 'drop-request' },
        { t: 5.5, thread: 1, kind: 'forced-drop' },
        { t: 5.5, thread: 1, kind: 'release' },
        { t: 6, thread: 2, kind: 'acquire' },
        { t: 7, thread: 2, kind: 'block' },
        { t: 7, thread: 2, kind: 'release' },
        { t: 7.5, thread: 1, kind: 'acquire' },
        { t: 8, thread: 2, kind: 'unblock' },
        { t: 9, thread: 1, kind: 'my-own-event' },
      ]),
      3,
      GIL,
    );
    const track = (tid: number): string[] => events.filter((e) => e.tid === tid && e.ph !== 'M').map((e) => `${e.ph} ${e.name} ${e.ts}${e.dur !== undefined ? `+${e.dur}` : ''}`);
    expect(events.filter((e) => e.ph === 'M').map((e) => `${e.name} ${e.tid} ${String(e.args?.name ?? e.args?.sort_index)}`)).toEqual([
      'process_name 0 gil · convoy · 2 threads',
      'process_sort_index 0 3',
      'thread_name 1 thread 1',
      'thread_sort_index 1 1',
      'thread_name 2 thread 2',
      'thread_sort_index 2 2',
    ]);
    expect(track(1)).toEqual(['X holds the GIL 0+5500', 'i forced-drop 5500', 'X waits for the GIL 5500+2000', 'X holds the GIL 7500+1500', 'i my-own-event 9000']);
    expect(track(2)).toEqual(['i drop-request 5000', 'X holds the GIL 6000+1000', 'X blocking call 7000+1000']);
    expect(events.every((e) => e.pid === 3)).toBe(true);
  });

  it("reads a user strategy's events by the roles its catalog entry declares", () => {
    const mine = {
      ...GIL,
      name: 'mine',
      family: 'mine',
      timeline: [
        { kind: 'grab', role: 'acquire' as const },
        { kind: 'letgo', role: 'release' as const },
      ],
    };
    const events = timelineEvents(
      timeline(
        [
          { t: 0, thread: 1, kind: 'grab' },
          { t: 2, thread: 1, kind: 'letgo' },
          { t: 3, thread: 1, kind: 'acquire' },
        ],
        { strategy: 'mine' },
      ),
      1,
      mine,
    );
    expect(events.filter((e) => e.ph !== 'M').map((e) => `${e.ph} ${e.name} ${e.ts}${e.dur !== undefined ? `+${e.dur}` : ''}`)).toEqual([
      'X holds the lock 0+2000',
      'i acquire 3000',
    ]);
  });

  it('property: any event sequence gives ordered events, named tracks and never two holders at once', () => {
    const kinds = ['acquire', 'release', 'forced-drop', 'drop-request', 'block', 'unblock', 'custom'];
    fc.assert(
      fc.property(
        fc.array(fc.record({ t: fc.double({ min: 0, max: 1000, noNaN: true }), thread: fc.integer({ min: 0, max: 4 }), kind: fc.constantFrom(...kinds) }), { maxLength: 60 }),
        (raw) => {
          const trace: ChromeTrace = { traceEvents: timelineEvents(timeline(raw), 1, GIL), displayTimeUnit: 'ms', otherData: {} };
          checkTrace(trace);
          const threads = new Set(raw.map((e) => e.thread));
          expect(trace.traceEvents.filter((e) => e.name === 'thread_name')).toHaveLength(threads.size);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('rclab trace writes valid JSON with a process per timeline and a track per thread, atomically', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rclab-trace-'));
    const out = join(dir, 'trace.json');
    const r = await runCli(['trace', FULL, '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^trace: .*trace\.json — 3 timelines, 6 thread tracks; open it in https:\/\/ui\.perfetto\.dev or chrome:\/\/tracing\n$/);
    expect(readdirSync(dir)).toEqual(['trace.json']); // no temporary file left behind
    const trace = JSON.parse(readFileSync(out, 'utf8')) as ChromeTrace;
    const results = JSON.parse(readFileSync(FULL, 'utf8')) as ResultsFile;
    const byPid = checkTrace(trace);
    expect(trace.traceEvents.filter((e) => e.name === 'process_name').map((e) => e.args?.name)).toEqual(results.timelines.map((t) => t.params.cell));
    results.timelines.forEach((t, i) => {
      const threads = new Set(t.events.map((e) => e.thread));
      expect(trace.traceEvents.filter((e) => e.name === 'thread_name' && e.pid === i + 1)).toHaveLength(threads.size);
      expect(byPid.get(i + 1)?.some((e) => e.name === 'holds the GIL')).toBe(true);
    });
    // The convoy timeline shows the I/O thread's blocking calls and its waits to get the GIL back.
    expect(byPid.get(2)?.some((e) => e.name === 'blocking call')).toBe(true);
    expect(byPid.get(2)?.some((e) => e.name === 'waits for the GIL')).toBe(true);
  });

  it('keeps hostile names escaped: no raw markup in the file, the same strings after parsing', async () => {
    const name = '</script><script>alert(1)</script>\u001b[31m&amp;';
    const results = JSON.parse(readFileSync(FULL, 'utf8')) as ResultsFile;
    const hostile = { ...results, timelines: results.timelines.map((t) => ({ ...t, strategy: name, params: { ...t.params, cell: `cell ${name}` } })) };
    const dir = mkdtempSync(join(tmpdir(), 'rclab-trace-hostile-'));
    writeFileSync(join(dir, 'results.json'), JSON.stringify(hostile));
    const r = await runCli(['trace', join(dir, 'results.json')]); // default: trace.json beside the results
    expect(r.code, r.stderr).toBe(0);
    const text = readFileSync(join(dir, 'trace.json'), 'utf8');
    // eslint-disable-next-line no-control-regex -- ESC must not reach the file
    expect(text).not.toMatch(/[<>&\u001b]/);
    const trace = JSON.parse(text) as ChromeTrace;
    expect(trace.traceEvents.find((e) => e.name === 'process_name')?.args?.name).toBe(`cell ${name}`);
    expect(chromeTraceJson(trace)).toBe(text);
  });
});
