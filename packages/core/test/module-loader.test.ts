import { mkdtempSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ModuleLoader, run } from '@rclab/core';
import { BundleCache, openCell } from '@rclab/core/internal';
import { afterEach, describe, expect, it } from 'vitest';
import { writeUserStrategy } from './support/user-strategy.ts';

// One loader per run: each module imported and each bundle built once, however many cells use
// it; bundles cached on disk within a bound; nothing else left behind. Builds are counted with
// the loader's `onBuild` hook, never timed.

const fixture = (name: string): string => new URL(`./fixtures/${name}.ts`, import.meta.url).href;
const workloads = { 'shared-traffic': fixture('shared-traffic') };
const scratch: string[] = [];
const tempDir = (prefix: string): string => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  scratch.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A user's TypeScript strategy in a folder of its own, its mtime an hour back (settled). */
function userStrategy(dir: string, counter = 'mine'): string {
  const file = writeUserStrategy(dir, counter);
  const past = new Date(Date.now() - 3600_000);
  utimesSync(file, past, past);
  return file;
}

function folderBytes(dir: string): number {
  return readdirSync(dir).reduce((n, f) => n + statSync(join(dir, f)).size, 0);
}

describe('ModuleLoader: one per run', () => {
  it("several cells with a user's .ts strategy bundle it once and import each module once", async () => {
    const built: string[] = [];
    const loader = new ModuleLoader({ dir: tempDir('rclab-cache-'), onBuild: (what) => built.push(what) });
    const strategy = userStrategy(tempDir('rclab-user-'));
    for (const threads of [1, 2]) {
      for (const counting of [false, true]) {
        const cell = await openCell({ strategy, workload: 'shared-traffic', workloads, threads, heapMB: 16, counting, loader });
        await cell.slice(2);
        expect((await cell.close(100)).correctness.ok).toBe(true);
      }
    }
    // The main thread's bundle of the strategy, and the worker bundle of the pair: once each.
    expect(built.filter((w) => w === `module ${strategy}`)).toHaveLength(1);
    expect(built.filter((w) => w.startsWith(`strategy ${strategy} with workload`))).toHaveLength(1);
    // The workload is a catalog entry (imported as it is): two builds, two imports in all.
    expect(loader.stats).toEqual({ builds: 2, diskHits: 0, imports: 2 });
    await loader.dispose();
  });

  it('a later run with nothing changed builds nothing (disk hits); an edited file builds again', async () => {
    const dir = tempDir('rclab-cache-');
    const strategy = userStrategy(tempDir('rclab-user-'));
    const url = pathToFileURL(strategy).href;
    const first = new ModuleLoader({ dir });
    const a = await first.moduleBundle(url);
    const w = await first.workerBundle(url, workloads['shared-traffic']);
    await first.dispose();
    expect(first.stats.builds).toBe(2);

    const second = new ModuleLoader({ dir });
    expect(await second.moduleBundle(url)).toBe(a);
    expect(await second.workerBundle(url, workloads['shared-traffic'])).toBe(w);
    expect(second.stats).toMatchObject({ builds: 0, diskHits: 2 });
    await second.dispose();

    userStrategy(dirOf(strategy), 'edited'); // same path, new content and size
    const third = new ModuleLoader({ dir });
    expect(await third.moduleBundle(url)).not.toBe(a);
    expect(third.stats).toMatchObject({ builds: 1, diskHits: 0 });
    await third.dispose();
  });

  it('run() without a loader makes its own: the cache folder holds bundles within its bound and no temporary file', async () => {
    const dir = tempDir('rclab-cache-');
    const before = process.env.RCLAB_CACHE_DIR;
    process.env.RCLAB_CACHE_DIR = dir;
    try {
      const result = await run({ strategy: userStrategy(tempDir('rclab-user-')), workload: 'shared-traffic', workloads, threads: 2, opsPerThread: 1000 });
      expect(result.correctness.ok).toBe(true);
    } finally {
      if (before === undefined) delete process.env.RCLAB_CACHE_DIR;
      else process.env.RCLAB_CACHE_DIR = before;
    }
    const files = readdirSync(dir);
    expect(files.filter((f) => !/^[0-9a-f]{32}\.(?:mjs|json)$/.test(f))).toEqual([]);
    expect(files.filter((f) => f.endsWith('.mjs'))).toHaveLength(2); // the strategy's and the worker's
    expect(folderBytes(dir)).toBeLessThanOrEqual(new BundleCache({ dir }).maxBytes);
  });
});

describe('the on-disk bundle cache is bounded', () => {
  it('stays within maxBytes after many distinct bundles, evicting the least recently used', async () => {
    const dir = tempDir('rclab-cache-');
    const src = tempDir('rclab-modules-');
    const maxBytes = 6000;
    const loader = new ModuleLoader({ dir, maxBytes });
    const urls: string[] = [];
    for (let k = 0; k < 40; k++) {
      const file = join(src, `m${k}.ts`);
      writeFileSync(file, `export const value: number = ${k};\nexport const text = '${'x'.repeat(200)}';\n`);
      const past = new Date(Date.now() - 3600_000);
      utimesSync(file, past, past);
      urls.push(pathToFileURL(file).href);
    }
    for (const url of urls.slice(0, 20)) {
      const one = new ModuleLoader({ dir, maxBytes });
      await one.moduleBundle(url);
      await one.dispose();
      expect(folderBytes(dir)).toBeLessThanOrEqual(maxBytes);
    }
    // One loader holding many: what it holds is kept while it lives, and trimmed when it ends.
    for (const url of urls.slice(20)) await loader.moduleBundle(url);
    await loader.dispose();
    expect(folderBytes(dir)).toBeLessThanOrEqual(maxBytes);
    expect(readdirSync(dir).length).toBeGreaterThan(0);
    // The newest bundle survived; the oldest were evicted.
    const last = new ModuleLoader({ dir, maxBytes });
    await last.moduleBundle(urls[39] as string);
    await last.moduleBundle(urls[0] as string);
    expect(last.stats).toMatchObject({ diskHits: 1, builds: 1 });
    await last.dispose();
  });

  it('removes files older than maxAgeMs and stale temporary files', () => {
    const dir = tempDir('rclab-cache-');
    const old = new Date(Date.now() - 8 * 24 * 3600_000);
    for (const name of ['a'.repeat(32) + '.mjs', 'b'.repeat(32) + '.json', 'c.mjs.123.tmp']) {
      writeFileSync(join(dir, name), 'x');
      utimesSync(join(dir, name), old, old);
    }
    writeFileSync(join(dir, 'd'.repeat(32) + '.mjs'), 'fresh');
    new BundleCache({ dir }).trim();
    expect(readdirSync(dir)).toEqual(['d'.repeat(32) + '.mjs']);
  });
});

function dirOf(file: string): string {
  return file.slice(0, file.lastIndexOf('/'));
}
