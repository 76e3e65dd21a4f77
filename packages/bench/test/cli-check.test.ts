import { describe, expect, it } from 'vitest';
import { runCli } from './cli-helpers.ts';

const fixture = (name: string): string => `packages/bench/test/fixtures/${name}.ts`;

describe('rclab check', () => {
  it.each([
    [[], /^rclab: rclab check needs exactly one strategy \(a built-in name: unsafe, gil, .*; or a path such as \.\/my-strategy\.ts\), got 0\n$/],
    [['nogil'], /^rclab: unknown strategy 'nogil': use one of unsafe, .*, or a path to a module \(\.\/my-strategy\.ts\)\n$/],
    [['./no/such-strategy.ts'], /^rclab: strategy module not found: .*no\/such-strategy\.ts\n$/],
    [[fixture('half-strategy')], /^rclab: .*half-strategy\.ts does not export a valid strategy: missing 'create' \(a function \(context\) => Strategy\)\n$/],
    [['atomic', '--runs', 'lots'], /^rclab: --runs must be an integer 0\.\.10000, got 'lots'\n$/],
    [['atomic', '--path', '1:2'], /^rclab: --path replays a counterexample and needs the --seed it came with\n$/],
  ])('refuses bad input in one line with exit code 2: %j', async (args, says) => {
    const result = await runCli(['check', ...args]);
    expect(result.stderr).toMatch(says);
    expect(result.code).toBe(2);
  });

  it("passes a correct user's strategy (exit 0) and prints every property", async () => {
    const result = await runCli(['check', 'examples/atomic-unique.ts', '--runs', '2', '--rounds', '200'], 180_000);
    expect(result.stdout).toMatch(/conformance of 'atomic-unique' .*: passed/);
    for (const p of ['runs-to-completion', 'no-double-free', 'no-use-after-free', 'no-leak', 'exact-counts', 'no-lost-update']) {
      expect(result.stdout).toMatch(new RegExp(`ok +${p}`));
    }
    expect(result.code).toBe(0);
  });

  it('rejects the broken example (exit 1) with the shrunk program and how to replay it', async () => {
    const result = await runCli(['check', 'examples/broken-biased.ts', '--runs', '2', '--seed', '42'], 240_000);
    expect(result.stdout).toMatch(/conformance of 'broken-biased' .*: FAILED/);
    expect(result.stdout).toMatch(/FAIL +no-use-after-free|FAIL +no-double-free/);
    expect(result.stdout).toMatch(/thread \d/);
    expect(result.stdout).toMatch(/replay: checkStrategy\(.*seed: 42, path: /);
    expect(result.code).toBe(1);
  });

  it('names the file and the error when the strategy throws inside a worker', async () => {
    const result = await runCli(['check', fixture('throws-in-worker-strategy'), '--runs', '0'], 120_000);
    expect(result.stdout).toMatch(/FAIL +runs-to-completion/);
    expect(result.stdout).toMatch(/throws-in-worker-strategy\.ts.*no strategy for worker threads today/);
    expect(result.code).toBe(1);
  });
});
