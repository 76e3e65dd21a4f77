import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type CliResult, pool, ROOT, runCli } from './cli-helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'rclab-cli-errors-'));
const notJson = join(dir, 'not.json');
const notOurs = join(dir, 'other.json');
const noTimelines = join(dir, 'no-timelines.json');
writeFileSync(noTimelines, JSON.stringify({ ...(JSON.parse(readFileSync(join(ROOT, 'packages/report/test/fixtures/one-strategy.json'), 'utf8')) as object), timelines: [] }));
writeFileSync(notJson, 'this is not json');
writeFileSync(notOurs, JSON.stringify({ schema: 'something/else@3', cells: [] }));

/** Each bad command line, and what its one line must say. */
const cases: readonly { readonly args: readonly string[]; readonly says: RegExp }[] = [
  { args: ['frobnicate'], says: /unknown command 'frobnicate': use one of bench, list, compare, report/ },
  { args: ['bnech'], says: /unknown command 'bnech': did you mean bench\? use one of bench, list, compare, report, trace, check, help$/ },
  { args: ['comapre', 'a.json', 'b.json'], says: /unknown command 'comapre': did you mean compare\?/ },
  { args: ['bench', '--stratgies', 'atomic'], says: /^rclab: unknown option '--stratgies' for rclab bench: did you mean --strategies\? \(rclab help bench lists every option\)$/ },
  { args: ['bench', '--therads=2'], says: /unknown option '--therads' for rclab bench: did you mean --threads\?/ },
  { args: ['compare', 'a.json', 'b.json', '--josn'], says: /unknown option '--josn' for rclab compare: did you mean --json\?/ },
  { args: ['bench', '--groups', 'overhead,scalng'], says: /--groups must be one of .*, got 'scalng' \(did you mean scaling\?\)/ },
  { args: ['bench', '--strategies', 'atomc'], says: /unknown strategy 'atomc': did you mean atomic\? use one of unsafe, / },
  { args: ['check', 'biassed'], says: /unknown strategy 'biassed': did you mean biased\? use one of / },
  { args: ['bench', '--workloads', 'rc-privat'], says: /unknown workload 'rc-privat': did you mean rc-private\? use one of / },
  { args: ['bench', '--format', 'html'], says: /--format must be one of text, md, csv, got 'html'/ },
  { args: ['bench', '--format', 'md', '--json'], says: /rclab bench: give --json or --format md, not both/ },
  { args: ['compare', 'a.json', 'b.json', '--format', 'xlsx'], says: /--format must be one of text, md, csv, got 'xlsx'/ },
  { args: ['compare', 'a.json', 'b.json', '--format', 'csv', '--json'], says: /rclab compare: give --json or --format csv, not both/ },
  { args: ['compare', 'a.json', 'b.json', '--resamples', '5'], says: /--resamples must be an integer from 100 to 100000, got '5'/ },
  { args: ['trace'], says: /rclab trace needs exactly one results file \(e\.g\. rclab-results\/results\.json\), got 0/ },
  { args: ['trace', notOurs], says: /other\.json is not an rclab results file/ },
  { args: ['trace', noTimelines], says: /no-timelines\.json holds no lock timelines to trace: they are recorded by the switch-interval and convoy groups/ },
  { args: ['bench', '--strategies', 'nope'], says: /unknown strategy 'nope': use one of unsafe, .*atomic.*, or a path to a module/ },
  { args: ['bench', '--workloads', 'nope'], says: /unknown workload 'nope': use one of rc-private, .*or a path to a module/ },
  { args: ['bench', '--strategies', './no/such-strategy.ts'], says: /strategy module not found: .*no\/such-strategy\.ts/ },
  { args: ['bench', '--strategies', 'atomic,'], says: /--strategies must be a comma-separated list of strategy names or paths, got 'atomic,'/ },
  { args: ['bench', '--threads', '1,x'], says: /--threads must be a comma-separated list of thread counts from 1 to 250 \(e\.g\. 1,2,4\), got '1,x'/ },
  { args: ['bench', '--threads', '0'], says: /--threads must be a comma-separated list of thread counts from 1 to 250/ },
  { args: ['bench', '--threads', '1,,2'], says: /--threads must be a comma-separated list/ },
  { args: ['bench', '--rounds', '0'], says: /--rounds must be an integer from 1 to 10000, got '0'/ },
  { args: ['bench', '--rounds', 'many'], says: /--rounds must be an integer from 1 to 10000, got 'many'/ },
  { args: ['bench', '--slice', 'fast'], says: /--slice must be a duration from 0\.5 ms to 10 s \(e\.g\. 200, 200ms or 1\.5s\), got 'fast'/ },
  { args: ['bench', '--switch-interval', '0'], says: /--switch-interval must be a number greater than 0 and at most 10000, got '0'/ },
  { args: ['bench', '--checkpoints', 'sometimes'], says: /--checkpoints must be one of every, backedges, got 'sometimes'/ },
  {
    args: ['bench', '--groups', 'overhead,speed'],
    says: /--groups must be one of overhead, scaling, brc-sweep, brc-paper, switch-interval, convoy, atomicity, cpython, harness, got 'speed'/,
  },
  { args: ['bench', '--heap-mb', '99999'], says: /--heap-mb must be an integer from 1 to 4096, got '99999'/ },
  { args: ['bench', '--seed', '1.5'], says: /--seed must be an integer from 0 to 2147483647, got '1\.5'/ },
  { args: ['bench', '--bogus'], says: /unknown option '--bogus' for rclab bench: options are --full, --strategies, --workloads, --threads/ },
  { args: ['bench', '--out'], says: /option --out of rclab bench needs a value \(DIR\)/ },
  { args: ['bench', '--json=yes'], says: /option --json of rclab bench takes no value/ },
  { args: ['bench', '--rounds', '3', '--rounds', '4'], says: /option --rounds of rclab bench is given twice/ },
  { args: ['bench', '--param', 'objects'], says: /--param must be KEY=VALUE \(e\.g\. --param objects=16\), got 'objects'/ },
  { args: ['bench', '--out', notJson], says: /--out must name a directory, but .*not\.json is a file/ },
  { args: ['bench', 'now'], says: /rclab bench takes no arguments besides options \(got 'now'\)/ },
  { args: ['bench', '--resume', join(dir, 'nothing-here')], says: /nothing to resume in .*nothing-here: it has no journal\.jsonl/ },
  { args: ['bench', '--resume', dir, '--rounds', '3'], says: /--resume DIR continues the run recorded in DIR with its own options; drop --rounds/ },
  { args: ['list', 'extra'], says: /rclab list takes no arguments/ },
  { args: ['compare', 'a.json'], says: /rclab compare needs exactly two results files \(A\.json B\.json\), got 1/ },
  { args: ['compare', join(dir, 'missing.json'), notOurs], says: /results file not found: .*missing\.json/ },
  { args: ['compare', notJson, notOurs], says: /not\.json is not JSON, so not an rclab results file/ },
  { args: ['compare', notOurs, notOurs], says: /other\.json is not an rclab results file: expected "schema": "rclab\/results@3", found "something\/else@3"/ },
  { args: ['report'], says: /rclab report needs at least one results file/ },
  { args: ['report', notOurs], says: /is not an rclab results file/ },
  { args: ['help', 'nope'], says: /unknown command 'nope'/ },
];

describe('rclab usage errors', () => {
  let results: CliResult[] = [];
  beforeAll(async () => {
    results = await pool(
      cases.map((c) => () => runCli(c.args, 90_000)),
      3,
    );
  }, 300_000);

  cases.forEach((c, i) => {
    it(`rclab ${c.args.join(' ')}`.trim(), () => {
      const r = results[i] as CliResult;
      expect(r.code, r.stderr).toBe(2);
      expect(r.stdout).toBe('');
      const lines = r.stderr.split('\n').filter((l) => l.length > 0);
      expect(lines, r.stderr).toHaveLength(1);
      expect(lines[0]).toMatch(/^rclab: /);
      expect(lines[0]).toMatch(c.says);
      expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    });
  });
});

describe('rclab help', () => {
  it('lists the commands and exits 0, also with no arguments at all', async () => {
    const [top, bench, bare] = await Promise.all([runCli(['help']), runCli(['bench', '--help']), runCli([])]);
    expect(top.code).toBe(0);
    expect(top.stdout).toMatch(/bench .*\n\s+list .*\n\s+compare .*\n\s+report .*\n\s+trace .*\n\s+check /);
    expect(top.stdout).toMatch(/Exit codes: 0 ok; 1 .*; 2 bad usage/);
    expect(bare.code).toBe(0);
    expect(bare.stderr).toBe('');
    expect(bare.stdout).toBe(top.stdout);
    expect(bench.code).toBe(0);
    for (const o of [
      '--full',
      '--strategies',
      '--workloads',
      '--threads',
      '--rounds',
      '--slice',
      '--warmup',
      '--switch-interval',
      '--checkpoints',
      '--out',
      '--seed',
      '--json',
      '--format',
      '--resume',
      '--heap-mb',
    ]) {
      expect(bench.stdout).toContain(o);
    }
  });
});
