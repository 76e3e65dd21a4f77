/**
 * docs/writing-a-strategy.md, followed as a new user would: its starting-point strategy is
 * written to a file outside the repository, checked, benchmarked beside a built-in, and found
 * in results.json and the report under its own name.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from './cli-helpers.ts';

const doc = readFileSync(join(ROOT, 'docs/writing-a-strategy.md'), 'utf8');
const section = doc.slice(doc.indexOf('## A complete strategy to start from'));
const code = /```ts\n([\s\S]*?)```/.exec(section)?.[1];

describe('docs/writing-a-strategy.md', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rclab-new-user-'));
  const file = join(dir, 'my-strategy.ts');

  it('has a complete strategy to start from', () => {
    expect(code).toMatch(/export default defineStrategy\(/);
    writeFileSync(file, code as string);
  });

  it('that strategy passes rclab check', async () => {
    const result = await runCli(['check', file, '--runs', '2', '--schedules', '10', '--free', '1', '--rounds', '300'], 180_000);
    expect(result.stdout).toMatch(/conformance of 'my-strategy' .*: passed/);
    expect(result.code).toBe(0);
  });

  it('and is benchmarked beside the built-ins, in results.json and report.html under its own name', async () => {
    const out = join(dir, 'out');
    const result = await runCli(
      [
        'bench',
        '--strategies',
        `unsafe,atomic,${file}`,
        '--workloads',
        'rc-private',
        '--groups',
        'overhead',
        '--rounds',
        '6',
        '--slice',
        '2ms',
        '--warmup',
        '5ms',
        '--out',
        out,
        '--quiet',
      ],
      240_000,
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as { cells: { strategy: string; group: string; status: string; correctness?: { ok: boolean } }[] };
    const mine = results.cells.filter((c) => c.strategy === 'my-strategy');
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((c) => c.status === 'measured' && c.correctness?.ok === true)).toBe(true);
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain('my-strategy');
    expect(result.stdout).toContain('my-strategy');
  });
});
