/**
 * `--resume` checks the journal when it opens it: every record against its shape (one table),
 * a line that is not JSON only where a crash leaves one, and the start record's version. Each
 * problem is one line naming the journal's line number and what is wrong.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectEnv } from '../src/env.ts';
import { JOURNAL_VERSION, journalPath, readJournal, unplannedCellProblem } from '../src/journal/journal.ts';
import { RECORD_SHAPES, recordProblem } from '../src/journal/records.ts';
import type { TrialRecord } from '../src/suite/aggregate.ts';
import { preset } from '../src/suite/presets.ts';

const options = { ...preset('quick', 2), strategies: ['unsafe'], workloads: ['rc-private'] };
const env = collectEnv(['bench'], 1);
const start = { type: 'start', version: JOURNAL_VERSION, options, env, sources: [{ kind: 'workload', ref: 'rc-private', sha256: 'ab', files: { 'rc-private.ts': 'ab' } }] };
const trial: TrialRecord = {
  round: 0,
  opsPerSec: 1000,
  ops: 40,
  elapsedMs: 40,
  counters: { atomicOps: 80 },
  correctness: { lostUpdates: 0, leaks: 0, doubleFrees: 0, useAfterFree: 0, auditMismatches: 0, corruptions: 0, ok: true, checks: [{ name: 'x', expected: 0, observed: 0 }] },
  wallMs: 90,
};
const cell = {
  id: 'overhead/unsafe/rc-private/1',
  group: 'overhead',
  strategy: 'unsafe',
  workload: 'rc-private',
  threads: 1,
  oversubscribed: false,
  params: { checkpoints: 'every' },
  trials: [{ opsPerSec: 1000, ops: 40, elapsedMs: 40, counters: {} }],
  opsPerSec: { median: 1000, low: 900, high: 1100 },
  relativeToUnsafe: { median: 1, low: 1, high: 1 },
  counters: {},
  countersPerOp: {},
  correctness: { lostUpdates: 0, leaks: 0, doubleFrees: 0, useAfterFree: 0, auditMismatches: 0, ok: true },
};
/** One good record of every type. */
const good: Record<keyof typeof RECORD_SHAPES, unknown> = {
  start,
  resume: { type: 'resume', date: env.date, env },
  trial: { type: 'trial', cell: cell.id, trial },
  micro: { type: 'micro', cell: cell.id, micro: { meanNs: 20, p50Ns: 19, p99Ns: 40, rme: 0.5, samples: 1000 } },
  timeline: { type: 'timeline', cell: cell.id, timeline: { strategy: 'gil', workload: 'cpu-bound', threads: 2, params: { cell: cell.id }, events: [{ t: 0, thread: 1, kind: 'acquire' }] } },
  harness: { type: 'harness', figures: { emptyNsPerOp: 1.3 } },
  cell: { type: 'cell', cell },
  end: { type: 'end', date: env.date },
};

function journal(lines: readonly unknown[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'rclab-journal-check-'));
  writeFileSync(journalPath(dir), `${lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n')}\n`);
  return dir;
}

describe('journal record shapes', () => {
  it('every record type has a shape, and a good record of each passes', () => {
    for (const [type, record] of Object.entries(good)) expect(recordProblem(record), type).toBeUndefined();
  });

  it.each([
    [{ ...(good.trial as object), trial: { ...trial, opsPerSec: 'fast' } }, `'trial' record: trial.opsPerSec must be a number ≥ 0, got "fast"`],
    [{ ...(good.trial as object), trial: { ...trial, correctness: { ...trial.correctness, ok: 'yes' } } }, `'trial' record: trial.correctness.ok must be true or false, got "yes"`],
    [{ type: 'trial', trial }, `'trial' record: cell is missing`],
    [{ type: 'cell', cell: { ...cell, opsPerSec: { median: 1 } } }, `'cell' record: cell.opsPerSec.low is missing`],
    [{ type: 'cell', cell: { ...cell, trials: [{ ops: 1 }] } }, `'cell' record: cell.trials[0].opsPerSec is missing`],
    [{ ...start, options: { ...options, groups: ['overhead', 'speed'] } }, `'start' record: options.groups[1] must be one of "overhead", "scaling", "brc-sweep", "switch-interval", "convoy", "atomicity", "harness", got "speed"`],
    [{ ...start, sources: undefined }, `'start' record: sources must be a list, got nothing`],
    [{ type: 'harness', figures: { a: null } }, `'harness' record: figures.a must be a number, got null`],
    [{ type: 'slice' }, 'unknown record type "slice" (known: start, resume, trial, micro, timeline, harness, cell, end)'],
    [[1, 2], 'it is not a JSON object'],
  ])('refuses a bad record: %j', (record, problem) => {
    expect(recordProblem(record)).toBe(problem);
  });
});

describe('readJournal checks every line before anything is used', () => {
  it('reads a good journal, with a crash-cut line followed by a resume', () => {
    const dir = journal([start, good.trial, '{"type":"trial","cell":"ov', good.resume, good.cell, good.end]);
    const state = readJournal(dir);
    expect(state.badLines).toBe(1);
    expect(state.cells.size).toBe(1);
    expect(state.cellLines.get(cell.id)).toBe(2);
    expect(state.ended).toBe(true);
  });

  it('accepts a cut-off last line (the crash that interrupted the run)', () => {
    expect(readJournal(journal([start, good.trial, '{"type":"tri'])).badLines).toBe(1);
  });

  it('names the line of a record with the wrong shape', () => {
    const dir = journal([start, good.trial, { ...(good.trial as object), trial: { ...trial, ops: -1 } }]);
    expect(() => readJournal(dir)).toThrow(new RegExp(`journal\\.jsonl:3: 'trial' record: trial\\.ops must be a number ≥ 0, got -1; the journal is damaged`));
  });

  it('names a line in the middle that is not JSON', () => {
    expect(() => readJournal(journal([start, 'garbage', good.trial]))).toThrow(/journal\.jsonl:2: not a JSON record/);
  });

  it('refuses a journal of another version, or one that does not begin with a start record', () => {
    expect(() => readJournal(journal([{ ...start, version: 1 }]))).toThrow(/journal\.jsonl:1: journal version 1, but this rclab resumes version 2 only/);
    expect(() => readJournal(journal([good.trial, start]))).toThrow(/journal\.jsonl:1: the first record is not a start record/);
  });

  it('names the first line whose cell the plan does not have', () => {
    const dir = journal([start, good.trial, { ...(good.trial as object), cell: 'overhead/ghost/rc-private/1' }]);
    const state = readJournal(dir);
    expect(unplannedCellProblem(state, new Set([cell.id]), dir)).toMatch(/journal\.jsonl:3: cell 'overhead\/ghost\/rc-private\/1' is not in the plan/);
    expect(unplannedCellProblem(state, new Set([cell.id, 'overhead/ghost/rc-private/1']), dir)).toBeUndefined();
  });
});
