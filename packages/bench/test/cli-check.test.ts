import { describe, expect, it } from 'vitest';
import { runCli, startCli } from './cli-helpers.ts';

const fixture = (name: string): string => `packages/bench/test/fixtures/${name}.ts`;
/** A small budget: the controlled layers are deterministic, so a fixed seed gives a fixed verdict. */
const SMALL = ['--runs', '2', '--schedules', '10', '--free', '0'];

describe('rclab check', () => {
  it.each([
    [[], /^rclab: rclab check needs exactly one strategy \(a built-in name: unsafe, gil, .*; or a path such as \.\/my-strategy\.ts\), got 0\n$/],
    [['nogil'], /^rclab: unknown strategy 'nogil': use one of unsafe, .*, or a path to a module \(\.\/my-strategy\.ts\)\n$/],
    [['./no/such-strategy.ts'], /^rclab: strategy module not found: .*no\/such-strategy\.ts\n$/],
    [[fixture('half-strategy')], /^rclab: .*half-strategy\.ts does not export a valid strategy: missing 'create' \(a function \(context\) => Strategy\)\n$/],
    [['atomic', '--runs', 'lots'], /^rclab: --runs must be an integer 0\.\.10000, got 'lots'\n$/],
    [['atomic', '--threads', '9'], /^rclab: --threads must be an integer 1\.\.8, got '9'\n$/],
    [['atomic', '--path', '1:2'], /^rclab: --path replays a counterexample and needs the --seed it came with\n$/],
    [['atomic', '--seed', '1', '--path', 'x:1'], /^rclab: --path must be the replay path a report printed: numbers separated by ':' \(e\.g\. 12:0:3\), got 'x:1'\n$/],
  ])('refuses bad input in one line with exit code 2: %j', async (args, says) => {
    const result = await runCli(['check', ...args]);
    expect(result.stderr).toMatch(says);
    expect(result.code).toBe(2);
  });

  it('refuses a replay path past the runs of the seed (exit 2)', async () => {
    const result = await runCli(['check', 'atomic', ...SMALL, '--seed', '1', '--path', '999999'], 120_000);
    expect(result.stderr).toMatch(/^rclab: replay path '999999' starts past the \d+ runs of this check/m);
    expect(result.code).toBe(2);
  });

  it("passes a correct user's strategy (exit 0), printing what it explored and every property", async () => {
    const result = await runCli(['check', 'examples/atomic-unique.ts', ...SMALL, '--seed', '3'], 180_000);
    expect(result.stdout).toMatch(/conformance of 'atomic-unique' .*: passed/);
    expect(result.stdout).toMatch(/explored: \d+ controlled runs of \d+ programs on up to 4 threads — systematic: \d+ programs × .* ≤ 2 preemptions/);
    for (const p of ['runs-to-completion', 'no-deadlock', 'no-starvation', 'no-double-free', 'no-use-after-free', 'no-leak', 'exact-counts', 'no-lost-update']) {
      expect(result.stdout).toMatch(new RegExp(`ok +${p}`));
    }
    expect(result.code).toBe(0);
  });

  it('rejects the broken example (exit 1) with the shrunk program, schedule, interleaving and a replay command that reproduces it', async () => {
    const result = await runCli(['check', 'examples/broken-biased.ts', ...SMALL, '--seed', '42'], 240_000);
    expect(result.stdout).toMatch(/conformance of 'broken-biased' .*: FAILED/);
    expect(result.stdout).toMatch(/FAIL +no-use-after-free/);
    expect(result.stdout).toMatch(/thread \d, body run/);
    expect(result.stdout).toMatch(/schedule: (op|access) granularity/);
    expect(result.stdout).toMatch(/→ t\d \(/);
    const replay = /replay: rclab check (\S+) --seed 42 --path (\S+)(.*)/.exec(result.stdout);
    expect(replay).not.toBeNull();
    expect(result.code).toBe(1);

    const [, file, path, extra] = replay as RegExpExecArray;
    const again = await runCli(
      ['check', file as string, '--seed', '42', '--path', path as string, ...(extra as string).trim().split(/\s+/).filter(Boolean), '--free', '0', '--json'],
      240_000,
    );
    const report = JSON.parse(again.stdout) as { passed: boolean; properties: { name: string; status: string; schedule?: unknown; trace?: string[]; replay?: string }[] };
    const uaf = report.properties.find((p) => p.name === 'no-use-after-free');
    expect(uaf?.status).toBe('failed');
    expect(uaf?.schedule).toBeDefined();
    expect(uaf?.trace?.length).toBeGreaterThan(0);
    expect(again.code).toBe(1);
  });

  it('names the method when the strategy throws inside a worker, once, under runs-to-completion', async () => {
    const result = await runCli(['check', fixture('throws-in-worker-strategy'), ...SMALL, '--seed', '1'], 120_000);
    expect(result.stdout).toMatch(/FAIL +runs-to-completion/);
    expect(result.stdout).toMatch(/threw in (create|strategy\.\w+)\(\): .*no strategy for worker threads today/);
    expect(result.stdout.match(/^ {2}FAIL /gm)).toHaveLength(1);
    expect(result.code).toBe(1);
  });

  it('stops on Ctrl-C with exit code 130', async () => {
    const { child, done } = startCli(['check', 'atomic', '--seed', '1'], 60_000);
    let seen = '';
    await new Promise<void>((resolve) => {
      child.stderr?.on('data', (d: Buffer) => {
        seen += d.toString();
        if (/systematic layer/.test(seen)) resolve();
      });
    });
    child.kill('SIGINT');
    const result = await done;
    expect(result.stderr).toMatch(/interrupted: stopping the check/);
    expect(result.code).toBe(130);
  });
});
