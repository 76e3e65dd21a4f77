import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The on-disk bundle cache: where worker and module bundles live between runs, so a second run
 * of the same code starts without esbuild.
 *
 * - **Where:** `$RCLAB_CACHE_DIR` if set, else `<os temp dir>/rclab-bundles`.
 * - **What:** `<sha256 of the code>.mjs` (a bundle; content-addressed, so a file a worker is
 *   about to start from is never rewritten with other code) and `<key>.json` (a manifest: which
 *   bundle a spec built, from which input files, at which mtime and size). A manifest whose
 *   inputs all still have their recorded mtime and size is a hit; anything else builds again.
 * - **Bounded:** after every write and when a run ends, files older than `maxAgeMs` (default 7
 *   days) go, then the least recently used files until the folder holds at most `maxBytes`
 *   (default 64 MiB, about 350 typical bundles). A hit refreshes a file's mtime. Files a live
 *   loader of this process still uses (bundles and their manifests) are kept: a worker may be
 *   about to start from them.
 * - **Cleaned up:** a bundle is written to a temporary name and renamed; the temporary file is
 *   removed if anything fails. Temporary files older than an hour (a killed writer's) go too.
 */
export interface BundleCacheOptions {
  /** Folder of the cache. @defaultValue `$RCLAB_CACHE_DIR`, else `<os temp dir>/rclab-bundles` */
  readonly dir?: string;
  /** Most bytes the folder holds once trimmed. @defaultValue 64 MiB */
  readonly maxBytes?: number;
  /** Files unused for longer than this are removed (ms). @defaultValue 7 days */
  readonly maxAgeMs?: number;
}

export const DEFAULT_CACHE_MAX_BYTES = 64 * 1024 * 1024;
export const DEFAULT_CACHE_MAX_AGE_MS = 7 * 24 * 3600 * 1000;
/** A temporary file this old belongs to a writer that died. */
const STALE_TEMP_MS = 3600 * 1000;
/** Bumped when the manifest's shape changes: older manifests are then misses. */
const MANIFEST_VERSION = 1;

/** Where bundles are cached when no folder is given. */
export function defaultCacheDir(): string {
  const env = process.env.RCLAB_CACHE_DIR;
  return env !== undefined && env !== '' ? env : join(tmpdir(), 'rclab-bundles');
}

interface Manifest {
  readonly v: number;
  readonly bundle: string;
  /** Input file → [mtimeMs, size] when the bundle was built. */
  readonly inputs: Readonly<Record<string, readonly [number, number]>>;
}

/** Bundles in use by a live loader of this process, by path: never evicted. */
const inUse = new Map<string, number>();

export function holdBundle(file: string): void {
  inUse.set(file, (inUse.get(file) ?? 0) + 1);
}

export function releaseBundle(file: string): void {
  const n = (inUse.get(file) ?? 0) - 1;
  if (n > 0) inUse.set(file, n);
  else inUse.delete(file);
}

const sha256 = (data: string): string => createHash('sha256').update(data).digest('hex');

/** One cache folder with its bounds. Synchronous file operations: small files, a few per cell. */
export class BundleCache {
  readonly dir: string;
  readonly maxBytes: number;
  readonly maxAgeMs: number;

  constructor(options: BundleCacheOptions = {}) {
    this.dir = options.dir ?? defaultCacheDir();
    this.maxBytes = options.maxBytes ?? DEFAULT_CACHE_MAX_BYTES;
    this.maxAgeMs = options.maxAgeMs ?? DEFAULT_CACHE_MAX_AGE_MS;
  }

  /** Where the manifest of `identity` lives. */
  manifestPath(identity: string): string {
    return join(this.dir, `${sha256(identity).slice(0, 32)}.json`);
  }

  /** The bundle built earlier for `identity`, if none of its inputs changed since. */
  lookup(identity: string): string | undefined {
    const manifestFile = this.manifestPath(identity);
    let manifest: Manifest;
    try {
      manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Manifest;
    } catch {
      return undefined;
    }
    if (manifest.v !== MANIFEST_VERSION || !/^[0-9a-f]{32}\.mjs$/.test(manifest.bundle)) return undefined;
    for (const [file, [mtimeMs, size]] of Object.entries(manifest.inputs)) {
      try {
        const s = statSync(file);
        if (s.mtimeMs !== mtimeMs || s.size !== size) return undefined;
      } catch {
        return undefined;
      }
    }
    const bundle = join(this.dir, manifest.bundle);
    try {
      // Touch both: least recently used goes first when the folder is over its bound.
      const now = new Date();
      utimesSync(bundle, now, now);
      utimesSync(manifestFile, now, now);
    } catch {
      return undefined; // evicted (by another process) since the manifest was written
    }
    return bundle;
  }

  /**
   * Writes `code` as a bundle and records it for `identity` with its inputs' mtime and size.
   * An input modified since `builtSince` (ms, the build's start) may have changed during the
   * build: the bundle is then written but not recorded, so the next run builds again rather
   * than trust it.
   */
  store(identity: string, code: string, inputs: readonly string[], builtSince: number): string {
    mkdirSync(this.dir, { recursive: true });
    const name = `${sha256(code).slice(0, 32)}.mjs`;
    const bundle = join(this.dir, name);
    writeAtomically(bundle, code);
    const stats: Record<string, readonly [number, number]> = {};
    let settled = true;
    for (const file of inputs) {
      try {
        const s = statSync(file);
        stats[file] = [s.mtimeMs, s.size];
        // Whole-second mtimes on some file systems: a margin of a second.
        if (s.mtimeMs >= builtSince - 1000) settled = false;
      } catch {
        settled = false;
      }
    }
    if (settled) {
      const manifest: Manifest = { v: MANIFEST_VERSION, bundle: name, inputs: stats };
      writeAtomically(this.manifestPath(identity), JSON.stringify(manifest));
    }
    return bundle;
  }

  /** Removes files past their age, then the least recently used until within `maxBytes`. */
  trim(): void {
    let names: string[];
    try {
      names = readdirSync(this.dir);
    } catch {
      return;
    }
    const now = Date.now();
    const files: { path: string; size: number; mtimeMs: number }[] = [];
    for (const name of names) {
      const path = join(this.dir, name);
      let s;
      try {
        s = statSync(path);
      } catch {
        continue;
      }
      if (!s.isFile()) continue;
      const age = now - s.mtimeMs;
      if (name.endsWith('.tmp') ? age > STALE_TEMP_MS : age > this.maxAgeMs && !inUse.has(path)) {
        remove(path);
        continue;
      }
      files.push({ path, size: s.size, mtimeMs: s.mtimeMs });
    }
    let total = files.reduce((sum, f) => sum + f.size, 0);
    if (total <= this.maxBytes) return;
    files.sort((a, b) => a.mtimeMs - b.mtimeMs);
    for (const f of files) {
      if (total <= this.maxBytes) break;
      if (inUse.has(f.path) || f.path.endsWith('.tmp')) continue;
      if (remove(f.path)) total -= f.size;
    }
  }

  /** Removes the whole folder (tests, `RCLAB_CACHE_DIR` pointing at a scratch folder). */
  clear(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Writes under a temporary name, then renames (another process may read the same file). */
function writeAtomically(file: string, data: string): void {
  const temp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    writeFileSync(temp, data);
    renameSync(temp, file);
  } catch (error) {
    remove(temp);
    throw error;
  }
}

function remove(path: string): boolean {
  try {
    unlinkSync(path);
    return true;
  } catch {
    return false;
  }
}
