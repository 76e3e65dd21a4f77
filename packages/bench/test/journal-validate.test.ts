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
import { type RECORD_SHAPES, recordProblem } from '../src/journal/records.ts';
import { preset } from '../src/suite/presets.ts';

const options = { ...preset('quick', 2), strategies: ['unsafe'], workloads: ['rc-private'] };
const env = collectEnv(['bench'], 1);
const start = { type: 'start', version: JOURNAL_VERSION, options, env, sources: [{ kind: 'workload', ref: 'rc-private', sha256: 'ab', files: { 'rc-private.ts': 'ab' } }] };
const calibration = { type: 'calibration', block: 'overhead/rc-private', kernelNs: [1.4, 1.5, 1.41] };
const cell = {
  id: 'overhead/unsafe/rc-private/1',
  group: 'overhead',
  strategy: 'unsafe',
  workload: 'rc-private',
  threads: 1,
  oversubscribed: false,
  params: { checkpoints: 'every' },
  status: 'measured',
  warmup: { ms: 40, slices: 8, steady: true },
  sliceMs: 5,
  samples: { opsPerSec: [900, 1000, 1100] },
  opsPerSec: { median: 1000, low: 900, high: 1100, n: 3 },
  baselineRatio: { baseline: 'unsafe', median: 1, low: 1, high: 1, n: 3 },
  counters: {},
  countersPerOp: {},
  correctness: { lostUpdates: 0, leaks: 0, doubleFrees: 0, useAfterFree: 0, auditMismatches: 0, corruptions: 0, ok: true, checks: [], mismatches: [] },
};
/** One good record of every type. */
const good: Record<keyof typeof RECORD_SHAPES, unknown> = {
  start,
  resume: { type: 'resume', date: env.date, env },
  calibration,
  timeline: {
    type: 'timeline',
    cell: cell.id,
    timeline: { strategy: 'gil', workload: 'cpu-bound', threads: 2, params: { cell: cell.id }, events: [{ t: 0, thread: 1, kind: 'acquire' }] },
  },
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
    [{ ...calibration, kernelNs: [1, 'fast'] }, `'calibration' record: kernelNs[1] must be a number, got "fast"`],
    [{ type: 'calibration', kernelNs: [1] }, `'calibration' record: block is missing`],
    [{ type: 'cell', cell: { ...cell, opsPerSec: { median: 1 } } }, expect.stringMatching(/^'cell' record: cell does not match the results schema: .*low/)],
    [{ type: 'cell', cell: { ...cell, samples: { opsPerSec: [-1] } } }, expect.stringMatching(/^'cell' record: cell does not match the results schema: .*samples\/opsPerSec\/0/)],
    [
      { ...start, options: { ...options, groups: ['overhead', 'speed'] } },
      `'start' record: options.groups[1] must be one of "overhead", "scaling", "brc-sweep", "brc-paper", "switch-interval", "convoy", "atomicity", "cpython", "harness", got "speed"`,
    ],
    [{ ...start, sources: undefined }, `'start' record: sources must be a list, got nothing`],
    [{ type: 'harness', figures: { a: null } }, `'harness' record: figures.a must be a number, got null`],
    [{ type: 'slice' }, 'unknown record type "slice" (known: start, resume, calibration, timeline, harness, cell, end)'],
    [[1, 2], 'it is not a JSON object'],
  ])('refuses a bad record: %j', (record, problem) => {
    expect(recordProblem(record)).toEqual(problem);
  });
});

describe('readJournal checks every line before anything is used', () => {
  it('reads a good journal, with a crash-cut line followed by a resume', () => {
    const dir = journal([start, good.calibration, '{"type":"calibration","block":"ov', good.resume, good.cell, good.end]);
    const state = readJournal(dir);
    expect(state.badLines).toBe(1);
    expect(state.cells.size).toBe(1);
    expect(state.cellLines.get(cell.id)).toBe(5);
    expect(state.ended).toBe(true);
  });

  it('accepts a cut-off last line (the crash that interrupted the run)', () => {
    expect(readJournal(journal([start, good.calibration, '{"type":"cal'])).badLines).toBe(1);
  });

  it('names the line of a record with the wrong shape', () => {
    const dir = journal([start, good.calibration, { ...calibration, kernelNs: 'slow' }]);
    expect(() => readJournal(dir)).toThrow(new RegExp(`journal\\.jsonl:3: 'calibration' record: kernelNs must be a list, got "slow"; the journal is damaged`));
  });

  it('names a line in the middle that is not JSON', () => {
    expect(() => readJournal(journal([start, 'garbage', good.calibration]))).toThrow(/journal\.jsonl:2: not a JSON record/);
  });

  it('refuses a journal of another version, or one that does not begin with a start record', () => {
    expect(() => readJournal(journal([{ ...start, version: 1 }]))).toThrow(/journal\.jsonl:1: journal version 1, but this rclab resumes version 3 only/);
    expect(() => readJournal(journal([good.calibration, start]))).toThrow(/journal\.jsonl:1: the first record is not a start record/);
  });

  it('names the first line whose cell the plan does not have', () => {
    const dir = journal([start, good.cell, { type: 'cell', cell: { ...cell, id: 'overhead/ghost/rc-private/1' } }]);
    const state = readJournal(dir);
    expect(unplannedCellProblem(state, new Set([cell.id]), dir)).toMatch(/journal\.jsonl:3: cell 'overhead\/ghost\/rc-private\/1' is not in the plan/);
    expect(unplannedCellProblem(state, new Set([cell.id, 'overhead/ghost/rc-private/1']), dir)).toBeUndefined();
  });
});
