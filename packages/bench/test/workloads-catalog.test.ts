/**
 * The workload catalog: every name reaches a module whose default export has that name and the
 * catalog's description; every workload file is in the catalog (each is its own build entry);
 * parameters are read with defaults and refused with one clear line; and the docs show each
 * scenario's program exactly as `dis` prints it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { loadWorkloadFactory, UsageError } from '@rclab/core';
import { describe, expect, it } from 'vitest';
import { dis } from '../src/interpreter/dis.ts';
import { scenarioPrograms } from '../src/workloads/_support/listings.ts';
import { ParamReader } from '../src/workloads/_support/params.ts';
import { workloadCatalog, workloadDescriptions } from '../src/workloads/catalog.ts';

describe('workload catalog', () => {
  it('names the same workloads as the descriptions, in the same order', () => {
    expect(workloadDescriptions.map((w) => w.name)).toEqual(Object.keys(workloadCatalog));
  });

  it('every entry loads, and its name and description match the module', async () => {
    for (const info of workloadDescriptions) {
      const factory = await loadWorkloadFactory(workloadCatalog[info.name] as string);
      expect(factory.name).toBe(info.name);
      expect(factory.description).toBe(info.description);
    }
  });

  it('every workload file in src/workloads is in the catalog (each is a build entry loaded by URL)', () => {
    const files = readdirSync(new URL('../src/workloads/', import.meta.url))
      .filter((f) => f.endsWith('.ts') && f !== 'index.ts' && f !== 'catalog.ts')
      .map((f) => f.replace(/\.ts$/, ''));
    expect(files.sort()).toEqual(Object.keys(workloadCatalog).sort());
  });

  it('interpreter scenarios are exactly those with programs', () => {
    const interpreted = workloadDescriptions.filter((w) => w.kind === 'interpreter').map((w) => w.name);
    expect(Object.keys(scenarioPrograms()).sort()).toEqual(interpreted.sort());
  });

  it("docs/workloads.md shows every scenario's program exactly as dis prints it", () => {
    const doc = readFileSync(new URL('../../../docs/workloads.md', import.meta.url), 'utf8');
    for (const [name, programs] of Object.entries(scenarioPrograms())) {
      for (const p of programs) expect(doc, `listing of ${name}`).toContain(dis(p).trimEnd());
    }
  });
});

describe('workload parameters', () => {
  const read = (params: Record<string, string | number | boolean>) => new ParamReader('demo', params);

  it('defaults, strings from the command line, and ignored unknown keys', () => {
    expect(read({}).int('n', 5, 0, 10)).toBe(5);
    expect(read({ n: '7', cell: 'x/y' }).int('n', 5, 0, 10)).toBe(7);
    expect(read({ r: '0.25' }).number('r', 0.5, 0, 1)).toBe(0.25);
    expect(read({ hold: 'true' }).bool('hold', false)).toBe(true);
    expect(read({}).checkpoints()).toBe('backedges');
    expect(read({ checkpoints: 'every' }).checkpoints()).toBe('every');
    expect(read({ e: 'put,append' }).subset('e', ['append', 'counter', 'put'])).toEqual(['append', 'put']);
  });

  it('a bad value is a one-line usage error naming the workload and the parameter', () => {
    expect(() => read({ n: 11 }).int('n', 5, 0, 10)).toThrow(UsageError);
    expect(() => read({ n: '1.5' }).int('n', 5, 0, 10)).toThrow("workload 'demo': parameter n must be an integer 0..10, got \"1.5\"");
    expect(() => read({ r: 2 }).number('r', 0.5, 0, 1)).toThrow(/parameter r must be a number 0..1/);
    expect(() => read({ checkpoints: 'sometimes' }).checkpoints()).toThrow(/one of every, backedges/);
    expect(() => read({ e: 'append,pop' }).subset('e', ['append', 'put'])).toThrow(/comma-separated list of append, put/);
  });
});
