import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertResultsFile, type MeasuredCell, readResultsFile, resultsProblems, RESULTS_SCHEMA } from '@rclab/core';
import { describe, expect, it } from 'vitest';
import { benchFinishedCleanly, runCli } from './cli-helpers.ts';

describe('rclab bench end to end (tiny suite)', () => {
  it('writes a results.json that matches the schema, with every group it could run', async () => {
    const out = mkdtempSync(join(tmpdir(), 'rclab-bench-'));
    const r = await runCli(
      ['bench', '--strategies', 'unsafe,atomic,gil', '--workloads', 'rc-private,rc-shared', '--threads', '1,2', '--rounds', '6', '--slice', '2', '--warmup', '5', '--out', out],
      120_000,
    );
    expect(benchFinishedCleanly(r), r.stderr).toBe(true);
    // Non-TTY progress: one plain line per finished cell.
    expect(r.stderr).toMatch(/^\[1\/\d+\] overhead\/unsafe\/rc-private\/1: /m);
    // The summary and where the files went.
    expect(r.stdout).toMatch(/Single thread: throughput relative to unsafe/);
    expect(r.stdout).toContain(`results: ${join(out, 'results.json')}`);
    expect(r.stdout).toContain(`journal: ${join(out, 'journal.jsonl')}`);

    const raw: unknown = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
    expect(resultsProblems(raw)).toEqual([]);
    assertResultsFile(raw, 'results.json');
    const results = readResultsFile(join(out, 'results.json'));
    expect(results.schema).toBe(RESULTS_SCHEMA);
    expect(results.env.cores).toBeGreaterThanOrEqual(1);
    expect(results.env.commandLine[0]).toBe('bench');
    expect(results.config).toMatchObject({ suite: 'custom', rounds: 6, sliceMs: 2, warmup: { minMs: 5 }, threads: [1, 2] });
    expect(results.steadiness?.rounds).toBeGreaterThan(0);

    const groups = new Set(results.cells.map((c) => c.group));
    for (const g of ['overhead', 'scaling', 'convoy', 'harness']) expect(groups).toContain(g);
    const ids = results.cells.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    const byId = (id: string): MeasuredCell | undefined => results.cells.find((c): c is MeasuredCell => c.id === id && c.status === 'measured');
    for (const c of results.cells) {
      expect(c.status === 'measured' ? '' : c.error, c.id).toBe('');
      if (c.status !== 'measured') continue;
      // One slice per round: the overhead group runs --rounds of them, the others derive theirs.
      if (c.group === 'overhead') expect(c.samples.opsPerSec.length, c.id).toBe(6);
      else expect(c.samples.opsPerSec.length, c.id).toBeGreaterThan(0);
      expect(c.opsPerSec.n, c.id).toBe(c.samples.opsPerSec.length);
      expect(c.opsPerSec.low).toBeLessThanOrEqual(c.opsPerSec.median);
      expect(c.opsPerSec.median).toBeLessThanOrEqual(c.opsPerSec.high);
      expect(c.oversubscribed).toBe(c.threads > results.env.cores);
    }
    // Overhead: ratios to unsafe from the same run; micro workloads timed per operation too.
    const atomic1 = byId('overhead/atomic/rc-private/1');
    expect(atomic1?.baselineRatio?.median).toBeGreaterThan(0);
    expect(atomic1?.baselineRatio?.baseline).toBe(results.config.baseline);
    // The catalog: every strategy and workload of a cell, as its factory describes itself.
    const strategyNames = new Set(results.cells.map((c) => c.strategy));
    expect(new Set(results.catalog.strategies.map((s) => s.name))).toEqual(strategyNames);
    expect(new Set(results.catalog.workloads.map((w) => w.name))).toEqual(new Set(results.cells.map((c) => c.workload)));
    const atomicEntry = results.catalog.strategies.find((s) => s.name === 'atomic');
    expect(atomicEntry).toMatchObject({ family: 'atomic', threadSafe: true });
    expect(atomicEntry?.counters.find((c) => c.name === 'atomicOps')?.unit).toBe('count');
    expect(results.catalog.strategies[0]?.name).toBe(results.config.baseline);
    expect(atomic1?.micro?.meanNs).toBeGreaterThan(0);
    expect(atomic1?.micro?.samples).toBe(6);
    // Counters come from the counting pass's window only: one atomic op per incref and per decref.
    expect(atomic1?.countersPerOp.atomicOps).toBe(2);
    // Scaling: speedup over the same strategy at one thread.
    expect(byId('scaling/atomic/rc-shared/2')?.speedup?.median).toBeGreaterThan(0);
    // Every cell carries its correctness (whether unsafe's race shows up in 2 × 20 ms on a busy
    // machine is up to the scheduler, so only the thread-safe strategy's verdict is asserted).
    for (const c of results.cells) if (c.status === 'measured') expect(typeof c.correctness.ok).toBe('boolean');
    expect(byId('scaling/atomic/rc-shared/2')?.correctness.ok).toBe(true);
    // Convoy: the I/O thread's latency is a measurement of the cell, in ms; the GIL's timeline is kept.
    const convoy = results.cells.find((c): c is MeasuredCell => c.group === 'convoy' && c.strategy === 'gil' && c.threads === 2 && c.status === 'measured');
    expect(convoy?.measurements?.ioLatencyP50Ms?.unit).toBe('ms');
    expect(convoy?.measurements?.ioLatencyP50Ms?.value).toBeGreaterThanOrEqual(0);
    expect(results.timelines.some((t) => t.strategy === 'gil' && t.events.length > 0 && t.events[0]?.t === 0)).toBe(true);
    // Harness figures and the interval's stated coverage.
    expect(results.harness?.emptyNsPerOp).toBeGreaterThan(0);
    expect(results.harness?.bareLoopNsPerOp).toBeGreaterThan(0);
    expect(results.harness?.interfaceFactor).toBeGreaterThan(0);
    expect(results.findings?.slicesPerCell).toBe(6);
  }, 150_000);

  it('turns a strategy that crashes in a worker into an error cell and finishes the suite', async () => {
    const out = mkdtempSync(join(tmpdir(), 'rclab-crash-'));
    const r = await runCli(
      [
        'bench',
        '--strategies',
        'unsafe,packages/bench/test/fixtures/cli-crash-strategy.ts',
        '--workloads',
        'rc-private',
        '--groups',
        'overhead',
        '--rounds',
        '3',
        '--slice',
        '2',
        '--warmup',
        '0',
        '--out',
        out,
        '--json',
      ],
      90_000,
    );
    // A crashed cell is an unexpected problem: exit 1, after the results are written.
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/^ {2}overhead\/crashy\/rc-private\/1: failed to run: .*crashy strategy gave up/m);
    const results = JSON.parse(r.stdout) as { cells: { id: string; status: string; error?: string; samples?: unknown }[] };
    const crashed = results.cells.find((c) => c.id === 'overhead/crashy/rc-private/1');
    expect(crashed?.status).toBe('failed');
    expect(crashed?.error).toMatch(/crashy strategy gave up/);
    expect(crashed?.samples).toBeUndefined();
    expect(results.cells.find((c) => c.id === 'overhead/unsafe/rc-private/1')?.status).toBe('measured');
    // --json prints exactly what results.json holds.
    expect(JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'))).toEqual(results);
  }, 120_000);

  it('lists strategies and workloads', async () => {
    const r = await runCli(['list', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const list = JSON.parse(r.stdout) as { strategies: { name: string }[]; workloads: { name: string; kind: string }[] };
    expect(list.strategies.map((s) => s.name)).toEqual(expect.arrayContaining(['unsafe', 'atomic']));
    expect(list.workloads.map((w) => w.name)).toEqual(expect.arrayContaining(['rc-private', 'rc-shared', 'empty']));
  });
});
