import { appendFileSync, existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectEnv } from '../src/env.ts';
import { writeFileAtomic } from '../src/journal/files.ts';
import { Journal, journalPath, readJournal } from '../src/journal/journal.ts';
import type { ModuleSource } from '../src/journal/sources.ts';
import { preset } from '../src/suite/presets.ts';

const options = { ...preset('quick', 2), strategies: ['unsafe'], workloads: ['rc-private'] };
const env = collectEnv(['bench'], 1);
const calibration = (block: string, ns: number): { type: 'calibration'; block: string; kernelNs: number[] } => ({ type: 'calibration', block, kernelNs: [ns, ns + 1] });
const sources: ModuleSource[] = [{ kind: 'strategy', ref: 'unsafe', sha256: 'ab', files: { 'unsafe.ts': 'ab' } }];

describe('atomic writes', () => {
  it('replaces the file whole and leaves no temporary file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rclab-atomic-'));
    const path = join(dir, 'sub', 'results.json');
    writeFileAtomic(path, 'one');
    writeFileAtomic(path, 'two');
    expect(readFileSync(path, 'utf8')).toBe('two');
    expect(readdirSync(join(dir, 'sub'))).toEqual(['results.json']);
  });
});

describe('the journal', () => {
  it('reads back what was appended, ignoring a line cut short by a crash', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rclab-journal-'));
    const { journal } = Journal.create(dir, { options, env, sources });
    journal.append(calibration('b0', 10));
    journal.append(calibration('b1', 20));
    journal.close();
    appendFileSync(journalPath(dir), '{"type":"calibration","block":"b2","ker'); // the crash
    const state = readJournal(dir);
    expect(state.start.options).toEqual(options);
    expect(state.start.sources).toEqual(sources);
    expect([...state.calibration.keys()]).toEqual(['b0', 'b1']);
    expect(state.badLines).toBe(1);
    expect(state.ended).toBe(false);

    // Reopening starts a fresh line, so the next record (a resume, as bench writes) is readable.
    const again = Journal.reopen(dir);
    again.append({ type: 'resume', date: env.date, env });
    again.append(calibration('b2', 30));
    again.close();
    expect([...readJournal(dir).calibration.keys()]).toEqual(['b0', 'b1', 'b2']);
  });

  it('keeps an unfinished journal when a new run starts in the same directory', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rclab-journal-'));
    Journal.create(dir, { options, env, sources }).journal.close();
    const second = Journal.create(dir, { options, env, sources });
    second.journal.close();
    expect(second.keptAs).toMatch(/journal\.unfinished-.*\.jsonl$/);
    expect(existsSync(second.keptAs as string)).toBe(true);
    // A finished journal is simply replaced.
    const third = Journal.create(dir, { options, env, sources });
    third.journal.append({ type: 'end', date: new Date().toISOString() });
    third.journal.close();
    expect(third.keptAs).toMatch(/unfinished/); // the second one was unfinished too
    const fourth = Journal.create(dir, { options, env, sources });
    fourth.journal.close();
    expect(fourth.keptAs).toBeUndefined();
  });

  it('refuses a directory without a journal, in one line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rclab-journal-'));
    expect(() => readJournal(dir)).toThrow(/nothing to resume in .*: it has no journal\.jsonl/);
  });
});
