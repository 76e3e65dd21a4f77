/**
 * Checks made before a run measures anything: `--param` against every workload the plan runs,
 * the output folder (an earlier run is moved aside, never overwritten), and the module
 * fingerprints `--resume` compares.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ModuleLoader, UsageError } from '@rclab/core';
import { moduleFingerprint } from '@rclab/core/internal';
import { beforeAll, describe, expect, it } from 'vitest';
import { sourcesProblem } from '../src/journal/sources.ts';
import { moveRunAside } from '../src/preflight/outdir.ts';
import { type LoadedWorkload, loadWorkloads, suiteParamsProblem } from '../src/preflight/params.ts';
import { workloadCatalog } from '../src/workloads/catalog.ts';

describe('--param against the workloads a run uses', () => {
  let rc: LoadedWorkload[] = [];
  let mixed: LoadedWorkload[] = [];
  beforeAll(async () => {
    const loader = new ModuleLoader();
    rc = await loadWorkloads(['rc-private', 'rc-shared'], workloadCatalog, loader);
    mixed = await loadWorkloads(['rc-private', 'alloc-churn', 'atomicity'], workloadCatalog, loader);
    await loader.dispose();
  });

  it('accepts a key some workload declares, with a value every declaring workload allows', () => {
    expect(suiteParamsProblem({ objects: '16' }, rc)).toBeUndefined();
    expect(suiteParamsProblem({ expressions: 'put,append', refs: '3', size: '3' }, mixed)).toBeUndefined();
  });

  it('refuses a value one declaring workload does not allow, naming it and what it allows', () => {
    expect(suiteParamsProblem({ objects: '5000' }, rc)).toBe("--param objects=5000: workload 'rc-shared' takes objects as an integer 1..4096 (default 4)");
    expect(suiteParamsProblem({ expressions: 'pop' }, mixed)).toBe(
      "--param expressions=pop: workload 'atomicity' takes expressions as a comma-separated list of append, counter, setitem, incr, put, attr (default append,counter,setitem,incr,put,attr)",
    );
  });

  it('refuses a constraint between parameters', () => {
    expect(suiteParamsProblem({ refs: '4', size: '2' }, mixed)).toBe("--param: workload 'alloc-churn': parameter size must be at least refs (4), got 2");
  });

  it('refuses a key no selected workload declares, listing the keys they have', () => {
    expect(suiteParamsProblem({ remoteFraction: '0.5' }, rc)).toBe(
      "--param remoteFraction: no selected workload (rc-private, rc-shared) has a parameter 'remoteFraction'; theirs are objects, window, immortal (rclab list shows each one's)",
    );
  });

  it('lets any key through when a selected workload declares nothing (it may read anything)', () => {
    const free: LoadedWorkload = { ref: './mine.ts', factory: { ...(rc[0] as LoadedWorkload).factory, name: 'mine', params: undefined } };
    expect(suiteParamsProblem({ remoteFraction: '0.5' }, [...rc, free])).toBeUndefined();
  });
});

describe('an earlier run in the output folder', () => {
  const made = (files: Record<string, string>): { parent: string; dir: string } => {
    const parent = mkdtempSync(join(tmpdir(), 'rclab-out-'));
    const dir = join(parent, 'rclab-results');
    mkdirSync(dir);
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    return { parent, dir };
  };
  const journalLine = JSON.stringify({ type: 'start', version: 2, env: { date: '2026-11-29T14:55:02.123Z' } });

  it('is moved whole to a sibling named for when it started, and a second one gets its own name', () => {
    const { parent, dir } = made({ 'journal.jsonl': `${journalLine}\n`, 'results.json': '{}', 'report.html': '<html>' });
    const to = moveRunAside(dir, parent);
    expect(to).toBe(join(parent, 'rclab-results-2026-11-29T14-55-02'));
    expect(existsSync(dir)).toBe(false);
    expect(readdirSync(to as string).sort()).toEqual(['journal.jsonl', 'report.html', 'results.json']);
    expect(readFileSync(join(to as string, 'journal.jsonl'), 'utf8')).toBe(`${journalLine}\n`);
    mkdirSync(dir);
    writeFileSync(join(dir, 'journal.jsonl'), `${journalLine}\n`);
    expect(moveRunAside(dir, parent)).toBe(join(parent, 'rclab-results-2026-11-29T14-55-02-2'));
  });

  it('an interrupted run (a journal, no results) is moved too', () => {
    const { parent, dir } = made({ 'journal.jsonl': `${journalLine}\n{"type":"tri` });
    expect(basename(moveRunAside(dir, parent) as string)).toMatch(/^rclab-results-2026-11-29T14-55-02$/);
  });

  it('a folder without a run, or no folder at all, is left alone', () => {
    const { parent, dir } = made({ 'notes.txt': 'mine' });
    expect(moveRunAside(dir, parent)).toBeUndefined();
    expect(moveRunAside(join(parent, 'nothing'), parent)).toBeUndefined();
    expect(readdirSync(dir)).toEqual(['notes.txt']);
  });

  it('is refused, not moved, when the folder also holds files rclab did not write', () => {
    const { parent, dir } = made({ 'results.json': '{}', 'notes.txt': 'mine' });
    expect(() => moveRunAside(dir, parent)).toThrow(UsageError);
    expect(() => moveRunAside(dir, parent)).toThrow(
      /holds a previous run that rclab will not overwrite, and cannot move it aside: the folder also holds a file that rclab did not write \('notes\.txt'\)/,
    );
    expect(readdirSync(dir).sort()).toEqual(['notes.txt', 'results.json']);
  });

  it('is refused when the working directory is inside it', () => {
    const { dir } = made({ 'results.json': '{}' });
    expect(() => moveRunAside(dir, dir)).toThrow(/cannot move it aside: it contains the working directory/);
    expect(() => moveRunAside(dir, join(dir, 'sub'))).toThrow(/it contains the working directory/);
  });

  it('is refused when the rename fails, and the run is left where it was', () => {
    const { parent, dir } = made({ 'results.json': '{}' });
    const readOnly = (): never => {
      throw Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
    };
    expect(() => moveRunAside(dir, parent, readOnly)).toThrow(
      /cannot move it aside: renaming it to .*rclab-results-\S+ failed \(EACCES\); choose another --out, or move it yourself$/,
    );
    expect(readdirSync(dir)).toEqual(['results.json']);
  });
});

describe('module fingerprints', () => {
  it("cover a user's module and the local files it imports, and name the file that changed", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rclab-fp-'));
    const main = join(dir, 'mine.ts');
    writeFileSync(join(dir, 'helper.ts'), 'export const k = 1;\n');
    writeFileSync(main, "import { defineStrategy } from '@rclab/core';\nimport { k } from './helper.ts';\nexport const x = k + (defineStrategy as unknown as number);\n");
    const url = pathToFileURL(main).href;
    const before = await moduleFingerprint(url);
    expect(Object.keys(before.files).sort()).toEqual(['helper.ts', 'mine.ts']);
    expect(before).toEqual(await moduleFingerprint(url));

    writeFileSync(join(dir, 'helper.ts'), 'export const k = 2;\n');
    const after = await moduleFingerprint(url);
    expect(after.sha256).not.toBe(before.sha256);
    const recorded = [{ kind: 'strategy' as const, ref: './mine.ts', ...before }];
    const current = [{ kind: 'strategy' as const, ref: './mine.ts', ...after }];
    expect(sourcesProblem(recorded, current)).toBe("strategy './mine.ts' changed since the run began (helper.ts changed)");
    expect(sourcesProblem(recorded, recorded)).toBeUndefined();
    expect(sourcesProblem([], current)).toBe("strategy './mine.ts' is not among the modules the run recorded when it began");
  });
});
