import { run, RunError, UsageError, ModuleShapeError } from '@rclab/core';
import { describe, expect, it } from 'vitest';

const fixture = (name: string): string => new URL(`./fixtures/${name}.ts`, import.meta.url).href;

describe('a run that goes wrong ends with a clear error', () => {
  it('names the thread, strategy and workload when a worker throws, with the original message', async () => {
    const error = await run({ strategy: fixture('atomic-counts'), workload: fixture('throws'), threads: 2, durationMs: 60_000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RunError);
    expect((error as RunError).kind).toBe('worker-error');
    expect((error as Error).message).toMatch(
      /thread 2 of strategy 'atomic-counts' \(.*atomic-counts\.ts\), workload 'throws' \(.*throws\.ts\), 2 threads failed while running: boom from the workload/,
    );
  });

  it('aborts a run that makes no progress instead of hanging, with a per-thread diagnostic', async () => {
    const error = await run({
      strategy: fixture('atomic-counts'),
      workload: fixture('deadlock'),
      threads: 2,
      durationMs: 60_000,
      stallTimeoutMs: 1500,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RunError);
    expect((error as RunError).kind).toBe('stalled');
    expect((error as Error).message).toMatch(/made no progress for \d+\.\d s/);
    expect((error as Error).message).toMatch(/thread 1: running, 0 ops; thread 2: running, 0 ops/);
  });

  it('reports a failing setup as a setup error', async () => {
    const error = await run({ strategy: fixture('atomic-counts'), workload: fixture('setup-throws'), threads: 1 }).catch((e: unknown) => e);
    expect((error as RunError).kind).toBe('setup-error');
    expect((error as Error).message).toMatch(/setup of .* failed: no shared objects today/);
  });

  it('turns heap exhaustion in a worker into an error naming the heap size and how to raise it', async () => {
    const error = await run({ strategy: fixture('atomic-counts'), workload: fixture('hog'), threads: 1, heapMB: 4, durationMs: 60_000 }).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/heap exhausted: all \d+ pages of the 4 MiB heap are in use; raise the heap size \(heapMB, at most 4096 MiB\)/);
  });
});

describe('strategies and workloads are reached by name or path, and bad ones are refused clearly', () => {
  const strategies = { 'atomic-counts': fixture('atomic-counts') };
  const workloads = { 'shared-traffic': fixture('shared-traffic') };

  it('resolves built-in names through the catalogs', async () => {
    const result = await run({ strategy: 'atomic-counts', workload: 'shared-traffic', threads: 1, opsPerThread: 1000, strategies, workloads });
    expect(result.strategy).toBe('atomic-counts');
    expect(result.correctness.ok).toBe(true);
  });

  it('lists the allowed names for an unknown one', async () => {
    const error = await run({ strategy: 'nogil', workload: 'shared-traffic', threads: 1, strategies, workloads }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toBe("unknown strategy 'nogil': use one of atomic-counts, or a path to a module (./my-strategy.ts)");
  });

  it('says which file is missing', async () => {
    const error = await run({ strategy: './no/such/strategy.ts', workload: 'shared-traffic', threads: 1, strategies, workloads }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(/^strategy module not found: .*no\/such\/strategy\.ts$/);
  });

  it.each([
    ['not-a-strategy', /not-a-strategy\.ts does not export a valid strategy: missing 'create'/],
    ['bad-header', /bad-header\.ts does not export a valid strategy: 'headerWords' must be an integer 0\.\.8/],
    ['syntax-error', /cannot load .*syntax-error\.mjs/],
  ])('names the file and the problem for a bad module (%s)', async (name, message) => {
    const error = await run({
      strategy: name.startsWith('syntax') ? new URL('./fixtures/syntax-error.mjs', import.meta.url).href : fixture(name),
      workload: 'shared-traffic',
      threads: 1,
      workloads,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModuleShapeError);
    expect((error as Error).message).toMatch(message);
  });

  it('names the missing methods when create() returns the wrong shape', async () => {
    const error = await run({ strategy: fixture('no-methods'), workload: 'shared-traffic', threads: 1, workloads }).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/strategy 'empty': the object create\(\) returned lacks method\(s\): incref, decref, refcount/);
  });
});
