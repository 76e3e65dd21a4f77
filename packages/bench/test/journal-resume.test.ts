import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readResultsFile, type Cell } from '@rclab/core';
import { describe, expect, it } from 'vitest';
import type { JournalRecord } from '../src/journal/journal.ts';
import { benchFinishedCleanly, runCli, startCli } from './cli-helpers.ts';

function records(dir: string): JournalRecord[] {
  const path = join(dir, 'journal.jsonl');
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim().length > 0)
    .flatMap((l) => {
      try {
        return [JSON.parse(l) as JournalRecord];
      } catch {
        return [];
      }
    });
}

const cellsOf = (rs: readonly JournalRecord[]): Cell[] => rs.flatMap((r) => (r.type === 'cell' ? [r.cell] : []));
const cellRecords = (rs: readonly JournalRecord[], id: string): number => rs.filter((r) => r.type === 'cell' && r.cell.id === id).length;

async function waitFor(predicate: () => boolean, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('journal and --resume', () => {
  it('keeps every finished cell through Ctrl-C and resumes without re-running one', async () => {
    const out = mkdtempSync(join(tmpdir(), 'rclab-resume-'));
    // A tiny custom suite: 12 cells in 4 blocks (2 overhead, 2 scaling) of a few short slices.
    const args = ['bench', '--strategies', 'unsafe,atomic', '--workloads', 'rc-private,rc-shared', '--groups', 'overhead,scaling'];
    args.push('--threads', '1,2', '--rounds', '6', '--slice', '2', '--warmup', '5', '--out', out);
    const { child, done } = startCli(args, 90_000);
    await waitFor(() => cellsOf(records(out)).length >= 1, 60_000);
    child.kill('SIGINT');
    const first = await done;
    expect(first.code, first.stderr).toBe(130);
    expect(first.stderr).toMatch(/interrupted: \d+ of 12 cells finished/);
    expect(first.stderr).toMatch(/continue with: pnpm rclab bench --resume /);

    const before = records(out);
    const finished = cellsOf(before);
    expect(finished.length).toBeGreaterThanOrEqual(1);
    expect(finished.length).toBeLessThan(12);
    // The partial results.json is valid and holds exactly the finished cells.
    const partial = readResultsFile(join(out, 'results.json'));
    expect(partial.cells.map((c) => c.id).sort()).toEqual(finished.map((c) => c.id).sort());

    const second = await runCli(['bench', '--resume', out, '--quiet'], 90_000);
    expect(benchFinishedCleanly(second), second.stderr).toBe(true);
    expect(second.stderr).toMatch(new RegExp(`resuming .*: ${finished.length} of 12 cells already finished`));

    const after = records(out);
    const all = cellsOf(after);
    // Every cell exactly once; the ones finished before the interrupt unchanged and not re-run.
    expect(all).toHaveLength(12);
    expect(new Set(all.map((c) => c.id)).size).toBe(12);
    for (const c of finished) {
      expect(all.find((x) => x.id === c.id)).toEqual(c);
      expect(cellRecords(after, c.id)).toBe(1);
    }
    expect(after.filter((r) => r.type === 'resume')).toHaveLength(1);
    expect(after.at(-1)?.type).toBe('end');

    const results = readResultsFile(join(out, 'results.json'));
    expect(results.cells).toHaveLength(12);
    for (const c of finished) expect(results.cells.find((x) => x.id === c.id)).toEqual(c);
    expect(results.findings?.sessions).toBe(2);
    expect(results.env.commandLine).toEqual(args);
  }, 180_000);
});
