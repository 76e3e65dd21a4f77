/**
 * The workload catalog: every name reaches a module whose default export has that name and the
 * catalog's description; every workload file is in the catalog (each is its own build entry);
 * parameters are read with defaults and refused with one clear line; and the docs show each
 * scenario's program exactly as `dis` prints it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { ModuleLoader, UsageError } from '@rclab/core';
import { paramSpecProblem, paramsProblem } from '@rclab/core/internal';
import { harnessWorkloads } from '../src/harness/catalog.ts';
import { describe, expect, it } from 'vitest';
import { dis } from '@rclab/interpreter';
import { scenarioPrograms } from '../src/workloads/_support/listings.ts';
import { ParamReader } from '../src/workloads/_support/params.ts';
import { workloadCatalog, workloadDescriptions } from '../src/workloads/catalog.ts';

const loader = new ModuleLoader();
const loadWorkloadFactory = (url: string) => loader.loadWorkload(url, true);

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

  it('every built-in and harness workload says what one operation is and declares well-formed parameters', async () => {
    for (const [name, url] of Object.entries({ ...workloadCatalog, ...harnessWorkloads })) {
      const factory = await loadWorkloadFactory(url);
      expect(factory.op, name).toMatch(/^\S.{10,}$/);
      expect(factory.params, name).toBeDefined();
      for (const spec of factory.params ?? []) expect(paramSpecProblem(spec), `${name}.${spec.name}`).toBeUndefined();
      expect(new Set(factory.params?.map((s) => s.name)).size, name).toBe(factory.params?.length);
      // Every default is accepted by the declarations as a whole (constraints included).
      expect(paramsProblem(factory, Object.fromEntries((factory.params ?? []).map((s) => [s.name, s.default])))).toBeUndefined();
    }
  });

  it('a workload reads what it declares: a value its declaration refuses fails its setup too', async () => {
    const factory = await loadWorkloadFactory(workloadCatalog['rc-shared'] as string);
    const objects = factory.params?.find((s) => s.name === 'objects');
    expect(objects).toMatchObject({ kind: 'int', min: 1, max: 4096, default: 4 });
    expect(() => factory.setup({ params: { objects: '4097' } } as never)).toThrow('workload \'rc-shared\': parameter objects must be an integer 1..4096, got "4097"');
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
    expect(() => read({ n: '1.5' }).int('n', 5, 0, 10)).toThrow('workload \'demo\': parameter n must be an integer 0..10, got "1.5"');
    expect(() => read({ r: 2 }).number('r', 0.5, 0, 1)).toThrow(/parameter r must be a number 0..1/);
    expect(() => read({ checkpoints: 'sometimes' }).checkpoints()).toThrow(/one of every, backedges/);
    expect(() => read({ e: 'append,pop' }).subset('e', ['append', 'put'])).toThrow(/comma-separated list of append, put/);
  });
});
