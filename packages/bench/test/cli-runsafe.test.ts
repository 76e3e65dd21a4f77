/**
 * Runs that cannot go wrong quietly, through the real CLI: a bad --param stops before any cell
 * runs; an earlier run in --out is moved aside (or the run refused), never overwritten; --resume
 * refuses a damaged journal or changed code before re-measuring anything; and a thread-safe
 * strategy that fails a check makes `rclab bench` exit 1 after writing its results.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { moduleFingerprint } from '@rclab/core/internal';
import { strategyCatalog } from '@rclab/strategies';
import { beforeAll, describe, expect, it } from 'vitest';
import { collectEnv } from '../src/env.ts';
import { JOURNAL_VERSION } from '../src/journal/journal.ts';
import { preset } from '../src/suite/presets.ts';
import { workloadCatalog } from '../src/workloads/catalog.ts';
import { type CliResult, pool, ROOT, runCli } from './cli-helpers.ts';

const tmp = mkdtempSync(join(tmpdir(), 'rclab-runsafe-'));
/** The smallest suite: unsafe on rc-private, one short slice. */
const tiny = ['--strategies', 'unsafe', '--workloads', 'rc-private', '--groups', 'overhead', '--rounds', '1', '--slice', '2', '--warmup', '0'];
const env = collectEnv(['bench'], 1);
const options = { ...preset('quick', 2), suite: 'custom', strategies: ['unsafe'], workloads: ['rc-private'], groups: ['overhead'], trials: 1 };
const line = (record: unknown): string => `${JSON.stringify(record)}\n`;

/** A folder holding an earlier run and a file of the user's. */
const mixedOut = join(tmp, 'mixed');
mkdirSync(mixedOut);
writeFileSync(join(mixedOut, 'results.json'), '{}');
writeFileSync(join(mixedOut, 'my-notes.txt'), 'keep me');

/** A journal whose third line is a calibration record with the wrong shape. */
const damaged = join(tmp, 'damaged');
mkdirSync(damaged);
writeFileSync(
  join(damaged, 'journal.jsonl'),
  line({ type: 'start', version: JOURNAL_VERSION, options, env, sources: [] }) +
    line({ type: 'calibration', block: 'overhead/rc-private', kernelNs: [1.4, 1.5] }) +
    line({ type: 'calibration', block: 'overhead/rc-private', kernelNs: [1.4, 'many'] }),
);

/** A fresh folder for a run that must be refused (so a regression cannot write into the repository). */
let outs = 0;
const out = (): string[] => ['--out', join(tmp, `refused-${++outs}`)];

/** Each bad command line, and what its one line must say. */
const cases: readonly { readonly args: readonly string[]; readonly says: RegExp }[] = [
  { args: ['bench', ...tiny, ...out(), '--param', 'objects=0'], says: /--param objects=0: workload 'rc-private' takes objects as an integer 1\.\.65536 \(default 64\)/ },
  {
    args: ['bench', ...tiny, ...out(), '--param', 'remoteFraction=0.5'],
    says: /--param remoteFraction: no selected workload \(rc-private\) has a parameter 'remoteFraction'; theirs are objects, window/,
  },
  {
    args: ['bench', '--strategies', 'unsafe', '--workloads', 'alloc-churn', '--groups', 'overhead', ...out(), '--param', 'refs=4', '--param', 'size=2'],
    says: /--param: workload 'alloc-churn': parameter size must be at least refs \(4\), got 2/,
  },
  {
    args: ['bench', '--strategies', 'unsafe', '--workloads', 'cpu-bound', '--groups', 'overhead', ...out(), '--param', 'checkpoints=sometimes'],
    says: /--param checkpoints=sometimes: workload 'cpu-bound' takes checkpoints as one of every, backedges/,
  },
  {
    args: ['bench', ...tiny, '--out', mixedOut],
    says: /--out .*mixed holds a previous run that rclab will not overwrite, and cannot move it aside: the folder also holds a file that rclab did not write \('my-notes\.txt'\)/,
  },
  { args: ['bench', '--resume', damaged], says: /damaged[/\\]journal\.jsonl:3: 'calibration' record: kernelNs\[1\] must be a number, got "many"; the journal is damaged/ },
];

describe('bad runs are refused before anything is measured: one line, exit 2', () => {
  let results: CliResult[] = [];
  beforeAll(async () => {
    results = await pool(
      cases.map((c) => () => runCli(c.args, 60_000)),
      2,
    );
  }, 180_000);

  cases.forEach((c, i) => {
    it(`rclab ${c.args.join(' ').replaceAll(tmp, '$TMP')}`, () => {
      const r = results[i] as CliResult;
      expect(r.code, r.stderr).toBe(2);
      expect(r.stdout).toBe('');
      const lines = r.stderr.split('\n').filter((l) => l.length > 0);
      expect(lines, r.stderr).toHaveLength(1);
      expect(lines[0]).toMatch(/^rclab: /);
      expect(lines[0]).toMatch(c.says);
    });
  });

  it('left the refused folders as they were, and wrote nothing for a refused run', () => {
    for (let k = 1; k <= outs; k++) expect(existsSync(join(tmp, `refused-${k}`))).toBe(false);
    expect(readdirSync(mixedOut).sort()).toEqual(['my-notes.txt', 'results.json']);
    expect(
      readFileSync(join(damaged, 'journal.jsonl'), 'utf8')
        .split('\n')
        .filter((l) => l !== ''),
    ).toHaveLength(3);
  });
});

describe('--resume refuses code that changed since the run began', () => {
  it("names the user's module and the file, and appends nothing to the journal", async () => {
    const dir = join(tmp, 'changed');
    mkdirSync(dir);
    const mine = join(tmp, 'mine-strategy.ts');
    copyFileSync(join(ROOT, 'packages/bench/test/fixtures/leaky-safe-strategy.ts'), mine);
    const fp = async (kind: 'strategy' | 'workload', ref: string, url: string) => ({ kind, ref, ...(await moduleFingerprint(url)) });
    const sources = [
      await fp('strategy', 'unsafe', strategyCatalog.unsafe as string),
      await fp('workload', 'rc-private', workloadCatalog['rc-private'] as string),
      await fp('strategy', mine, pathToFileURL(mine).href),
    ];
    const journal = line({ type: 'start', version: JOURNAL_VERSION, options: { ...options, strategies: ['unsafe', mine] }, env, sources });
    writeFileSync(join(dir, 'journal.jsonl'), journal);
    writeFileSync(mine, `${readFileSync(mine, 'utf8')}\n// edited after the run began\n`);

    const r = await runCli(['bench', '--resume', dir], 60_000);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(
      /^rclab: cannot resume .*changed: strategy '.*mine-strategy\.ts' changed since the run began \(mine-strategy\.ts changed\); its finished cells were measured with the old code/,
    );
    expect(readFileSync(join(dir, 'journal.jsonl'), 'utf8')).toBe(journal);
  }, 90_000);
});

describe('finished runs', () => {
  it('a new run moves the earlier one in --out aside and says where', async () => {
    const out = join(tmp, 'rclab-results');
    mkdirSync(out);
    const old = line({ type: 'start', version: JOURNAL_VERSION, options, env: { ...env, date: '2026-11-29T14:55:02.000Z' }, sources: [] }) + line({ type: 'end', date: env.date });
    writeFileSync(join(out, 'journal.jsonl'), old);
    writeFileSync(join(out, 'results.json'), '{"old":true}');

    const r = await runCli(['bench', ...tiny, '--out', out, '--quiet'], 90_000);
    // 0, or 1 if the loaded machine left a trial with zero operations: either way it ran.
    expect([0, 1], r.stderr).toContain(r.code);
    const aside = join(tmp, 'rclab-results-2026-11-29T14-55-02');
    expect(r.stderr).toContain(`note: the previous run in ${out} was moved to ${aside}\n`);
    expect(readFileSync(join(aside, 'journal.jsonl'), 'utf8')).toBe(old);
    expect(readFileSync(join(aside, 'results.json'), 'utf8')).toBe('{"old":true}');
    expect((JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as { schema: string }).schema).toMatch(/^rclab\/results@/);
  }, 120_000);

  it('exits 1 when a thread-safe strategy fails a check, after writing results and the report', async () => {
    const out = join(tmp, 'leaky');
    const strategies = ['--strategies', 'unsafe,./packages/bench/test/fixtures/leaky-safe-strategy.ts'];
    const r = await runCli(['bench', ...strategies, ...tiny.slice(2), '--out', out, '--quiet'], 90_000);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/Unexpected problems \(\d+; rclab bench exits 1\):\n {2}overhead\/leaky-safe\/rc-private\/1: \d+ leaked objects/);
    expect(existsSync(join(out, 'results.json'))).toBe(true);
    expect(existsSync(join(out, 'report.html'))).toBe(true);
    expect(r.stdout).toMatch(/Unexpected problems/);
  }, 120_000);
});

describe('a strategy that hangs the main thread', () => {
  it('ends rclab bench with one line naming what hung, within the stall timeout, when detach() keeps the GIL', async () => {
    const outDir = join(tmp, 'keeps-gil');
    const started = Date.now();
    const r = await runCli(
      [
        'bench',
        '--strategies',
        'packages/strategies/test/fixtures/broken/keeps-gil-on-detach.ts',
        '--workloads',
        'rc-private',
        '--groups',
        'overhead',
        '--rounds',
        '2',
        '--slice',
        '2',
        '--warmup',
        '0',
        '--out',
        outDir,
        '--quiet',
      ],
      120_000,
    );
    // The main thread waits forever in endBlocking(); the watchdog prints why and ends the process.
    expect(r.code === 0).toBe(false);
    expect(r.stderr).toMatch(/rclab: strategy 'keeps-gil-on-detach' .*: the main thread could not take the interpreter back after the run within \d+\.\d s/);
    expect(Date.now() - started).toBeLessThan(100_000);
  }, 150_000);
});
