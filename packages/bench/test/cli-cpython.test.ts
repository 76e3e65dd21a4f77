/**
 * `rclab bench --groups cpython` end to end against the real `python3` (3.11, a GIL build, in
 * CI) at tiny sizes: the cells land and validate, the interpreter is recorded as a system, the
 * counter's lost updates are counted, and the report draws both sides with verdicts. A bogus
 * `--python` and a missing `python3` are each one line, with the group recorded as skipped and
 * the rest of the run going on (exit 0). No speed is asserted.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type MeasuredCell, readResultsFile, resultsProblems } from '@rclab/core';
import { renderReport } from '@rclab/report';
import { describe, expect, it } from 'vitest';
import { type CliResult, ROOT, runCli } from './cli-helpers.ts';

const tiny = ['--threads', '1,2', '--rounds', '2', '--slice', '2', '--warmup', '0', '--quiet'];

/** The CLI with its own environment (a PATH without python3). */
function runWithEnv(args: readonly string[], env: NodeJS.ProcessEnv): Promise<CliResult> {
  const child = spawn(process.execPath, ['--conditions=@rclab/source', '--import', 'tsx', 'packages/bench/src/cli.ts', ...args], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`rclab ${args.join(' ')} hung; stderr: ${stderr}`));
    }, 120_000);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

describe('rclab bench --groups cpython on the real python3', () => {
  it('lands validated cells beside gil, records the interpreter, counts lost updates, and the report draws both sides', async () => {
    const out = mkdtempSync(join(tmpdir(), 'rclab-cpython-'));
    const r = await runCli(['bench', '--groups', 'cpython', '--strategies', 'gil', '--workloads', 'counter', ...tiny, '--out', out], 180_000);
    expect(r.code, r.stderr).toBe(0);
    const raw: unknown = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
    expect(resultsProblems(raw)).toEqual([]);
    const results = readResultsFile(join(out, 'results.json'));
    expect(results.skipped).toBeUndefined();
    const sys = results.systems?.[0];
    expect(sys).toMatchObject({ kind: 'python', python: 'python3', implementation: 'CPython', build: 'gil', model: 'gil' });
    expect(sys?.version).toMatch(/^3\.\d+\.\d+/);
    expect(sys?.switchIntervalMs).toBe(5);
    const cells = results.cells.filter((c): c is MeasuredCell => c.status === 'measured' && c.group === 'cpython');
    const name = sys?.name ?? '';
    const real = (t: number): MeasuredCell | undefined => cells.find((c) => c.strategy === name && c.workload === 'counter' && c.threads === t);
    const model = (t: number): MeasuredCell | undefined => cells.find((c) => c.strategy === 'gil' && c.workload === 'counter' && c.threads === t);
    for (const t of [1, 2]) {
      expect(real(t), `${name} × ${t}`).toBeDefined();
      expect(model(t), `gil × ${t}`).toBeDefined();
    }
    // Same statistics as every cell: per-slice samples, a median, a paired speedup.
    const two = real(2) as MeasuredCell;
    expect(two.samples.opsPerSec.length).toBe(2);
    expect(two.speedup?.median).toBeGreaterThan(0);
    expect(two.measurements?.coresBusy?.unit).toBe('cores');
    // Lost updates are counted: the exact total against the counter's final value.
    const check = two.correctness.checks.find((c) => c.name === 'counter += 1: value of counter');
    expect(check).toBeDefined();
    expect(two.correctness.lostUpdates).toBe(Math.abs((check?.expected ?? 0) - (check?.observed ?? 0)));
    expect(check?.expected).toBeGreaterThan(0);
    // No counting pass for a Python cell: no strategy counters.
    expect(two.counters).toEqual({});
    // The experiment's findings (through its own findings hook) sum the system's lost updates.
    expect(results.findings?.cpython0CounterLostUpdates).toBe(
      cells.filter((c) => c.strategy === name && c.workload === 'counter').reduce((a, c) => a + c.correctness.lostUpdates, 0),
    );

    const page = await renderReport([results]);
    const section = page.slice(page.indexOf('data-table="cpython"'));
    expect(section).toContain(`data-system="${name}"`);
    expect(section).toMatch(/data-cpython-table="speedup"/);
    expect(section).toMatch(/data-cpython-table="lost"/);
    const lostTable = section.slice(section.indexOf('data-cpython-table="lost"'));
    expect(lostTable).toMatch(/data-side="real">[\d,]+ lost of [\d,]+/);
    expect(lostTable).toMatch(/data-side="model">[\d,]+ lost of [\d,]+/);
    expect(lostTable).toMatch(/data-verdict="(agrees|disagrees|not resolved)"/);
    // Two rounds give no 95% interval: the speedup rows cannot be resolved.
    const speedup = section.slice(section.indexOf('data-cpython-table="speedup"'), section.indexOf('data-cpython-table="lost"'));
    expect(speedup).toContain('data-verdict="not resolved"');
    expect(section).toContain('rclab&#39;s gil follows CPython 3.10+');
  }, 200_000);

  it('a --python that is not there is one line; the group is recorded as skipped and the run goes on (exit 0)', async () => {
    const out = mkdtempSync(join(tmpdir(), 'rclab-cpython-'));
    const r = await runCli(
      ['bench', '--groups', 'overhead,cpython', '--python', '/nonexistent/python3', '--strategies', 'unsafe', '--workloads', 'rc-private', ...tiny, '--out', out],
      120_000,
    );
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stderr.split('\n').filter((l) => l.includes('/nonexistent/python3'));
    expect(lines).toEqual(["rclab: cpython group skipped: tried '/nonexistent/python3': no such file"]);
    const results = readResultsFile(join(out, 'results.json'));
    expect(results.skipped).toEqual([{ group: 'cpython', reason: "tried '/nonexistent/python3': no such file" }]);
    expect(results.cells.some((c) => c.group === 'overhead' && c.status === 'measured')).toBe(true);
    expect(results.cells.some((c) => c.group === 'cpython')).toBe(false);
    const page = await renderReport([results]);
    expect(page).toContain('The cpython group was skipped: tried &#39;/nonexistent/python3&#39;: no such file.');
  }, 150_000);

  it('no python3 on PATH is one line too, and a file that is not a Python another', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'rclab-nopath-'));
    const out = mkdtempSync(join(tmpdir(), 'rclab-cpython-'));
    const r = await runWithEnv(['bench', '--groups', 'cpython', '--out', out, '--quiet'], { ...process.env, PATH: empty, FORCE_COLOR: '0' });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr.split('\n').filter((l) => l.includes('python3'))).toEqual(["rclab: cpython group skipped: tried 'python3': not found on PATH"]);
    expect(readResultsFile(join(out, 'results.json')).skipped?.[0]?.reason).toBe("tried 'python3': not found on PATH");

    const out2 = mkdtempSync(join(tmpdir(), 'rclab-cpython-'));
    const r2 = await runCli(['bench', '--groups', 'cpython', '--python', '/bin/true', '--out', out2, '--quiet'], 120_000);
    expect(r2.code, r2.stderr).toBe(0);
    expect(r2.stderr.split('\n').filter((l) => l.includes('/bin/true'))).toEqual([
      "rclab: cpython group skipped: tried '/bin/true': it is not a Python interpreter (it did not run rclab_describe.py)",
    ]);
  }, 150_000);

  it('--python without the cpython group is a usage error (exit 2)', async () => {
    const r = await runCli(['bench', '--groups', 'overhead', '--python', 'python3'], 60_000);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('rclab: --python picks the interpreters of the cpython group, which --groups leaves out: add cpython to --groups (got overhead)');
  }, 70_000);
});
