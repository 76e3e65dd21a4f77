import { statSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ModuleShapeError } from '../errors.ts';
import { assertStrategyFactory } from '../strategy/define.ts';
import type { StrategyFactory } from '../strategy/types.ts';
import { assertWorkloadFactory } from '../workload/define.ts';
import type { WorkloadFactory } from '../workload/types.ts';
import { BundleCache, type BundleCacheOptions, holdBundle, releaseBundle } from './bundle-cache.ts';
import { type BundleSpec, buildBundle, bundleIdentity, workerEntrySpec } from './bundle.ts';
import { defaultExport, displayPath } from './resolve.ts';

/** Options of a loader: where its bundles are cached and how the cache is bounded. */
export interface ModuleLoaderOptions extends BundleCacheOptions {
  /** Called for every bundle esbuild builds (not for cache hits): what was built. For tests and `RCLAB_DEBUG`. */
  readonly onBuild?: (what: string) => void;
}

/** What a loader did so far. */
export interface LoaderStats {
  /** Bundles esbuild built. */
  readonly builds: number;
  /** Bundles found on disk, built by an earlier run with the same inputs. */
  readonly diskHits: number;
  /** Strategy and workload factories imported (each module once per loader). */
  readonly imports: number;
}

/**
 * The one owner of module loading and bundling for a run: a strategy's or workload's factory is
 * imported once, and each bundle (a user's module for the main thread, the worker bundle of a
 * strategy–workload pair) is built once, however many cells and passes use it. Create one per
 * run, pass it to every `openCell`/`run`, and `dispose()` it at the end. `openCell` and `run`
 * without one make their own for that cell.
 *
 * Memo keys are the module's URL plus its file's mtime and size, so a file saved between runs
 * that share a loader (a long-lived API user) is loaded afresh. Bundles go through the on-disk
 * cache (`bundle-cache.ts`), which also spares a later run esbuild when nothing changed.
 */
export class ModuleLoader {
  readonly cache: BundleCache;
  readonly #onBuild: ((what: string) => void) | undefined;
  readonly #bundles = new Map<string, Promise<string>>();
  readonly #modules = new Map<string, Promise<unknown>>();
  readonly #held = new Set<string>();
  #builds = 0;
  #diskHits = 0;
  #imports = 0;

  constructor(options: ModuleLoaderOptions = {}) {
    this.cache = new BundleCache(options);
    this.#onBuild = options.onBuild;
  }

  get stats(): LoaderStats {
    return { builds: this.#builds, diskHits: this.#diskHits, imports: this.#imports };
  }

  /** Path of the worker bundle of this strategy and workload (built on first use). */
  workerBundle(strategyUrl: string, workloadUrl: string): Promise<string> {
    return this.#bundle(`worker\n${fileKey(strategyUrl)}\n${fileKey(workloadUrl)}`, () => workerEntrySpec(strategyUrl, workloadUrl));
  }

  /**
   * Path of a bundle of one module with its exports: how the main thread loads a user's module
   * (TypeScript, `@rclab/core` imports, anywhere on disk), and how tools start their own workers.
   */
  moduleBundle(url: string): Promise<string> {
    return this.#bundle(`module\n${fileKey(url)}`, () => ({ kind: 'module', url }));
  }

  /**
   * Path of a bundle of a generated entry module (`contents`, JavaScript whose imports are
   * absolute paths): how a tool starts its own kind of worker with a user's module, as the
   * conformance kit does. `label` names it in errors.
   */
  entryBundle(contents: string, label: string): Promise<string> {
    return this.#bundle(`entry\n${contents}`, () => ({ kind: 'entry', contents, label }));
  }

  /**
   * Builds the worker bundles of many strategy–workload pairs, `concurrency` at a time, before
   * anything is timed (esbuild then runs on every core while nothing is measured). A pair that
   * fails to bundle is left for its cell to report when it opens.
   */
  async prebuild(pairs: readonly (readonly [string, string])[], concurrency = 4, signal?: AbortSignal): Promise<void> {
    let next = 0;
    const lane = async (): Promise<void> => {
      while (next < pairs.length && signal?.aborted !== true) {
        const [s, w] = pairs[next++] as readonly [string, string];
        await this.workerBundle(s, w).catch(() => undefined);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, lane));
  }

  /** Imports a strategy module by URL (`builtin`: one of ours, imported as it is) and checks what it exports. */
  loadStrategy(url: string, builtin = false): Promise<StrategyFactory> {
    return this.#load(url, builtin, 'strategy', (f, where) => {
      assertStrategyFactory(f, where);
      return f;
    });
  }

  /** Imports a workload module by URL and checks what it exports. */
  loadWorkload(url: string, builtin = false): Promise<WorkloadFactory> {
    return this.#load(url, builtin, 'workload', (f, where) => {
      assertWorkloadFactory(f, where);
      return f;
    });
  }

  /**
   * Waits for builds under way, lets the cache evict this loader's bundles like any others, and
   * trims the cache to its bounds. The loader still works afterwards (it builds again); a run
   * disposes it once, at its end.
   */
  async dispose(): Promise<void> {
    await Promise.allSettled([...this.#bundles.values()]);
    for (const file of this.#held) releaseBundle(file);
    this.#held.clear();
    this.#bundles.clear();
    this.cache.trim();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.dispose();
  }

  #load<T>(url: string, builtin: boolean, kind: 'strategy' | 'workload', check: (factory: unknown, where: string) => T): Promise<T> {
    const key = `${kind}\n${builtin ? 'builtin' : 'bundled'}\n${fileKey(url)}`;
    let loaded = this.#modules.get(key) as Promise<T> | undefined;
    if (loaded === undefined) {
      loaded = (async () => {
        // A built-in is imported as it is; anything else (a user's file, JavaScript or
        // TypeScript, anywhere on disk) is bundled first (see `bundle.ts`).
        const target = !builtin && url.startsWith('file:') ? pathToFileURL(await this.moduleBundle(url)).href : url;
        let mod: Record<string, unknown>;
        try {
          mod = (await import(target)) as Record<string, unknown>;
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          throw new ModuleShapeError(`cannot load ${displayPath(url)}: ${message.split('\n')[0]}`, { cause: error });
        }
        this.#imports++;
        return check(defaultExport(mod, kind), displayPath(url));
      })();
      this.#modules.set(key, loaded);
      // A failure is not remembered: the next caller tries again (and reports it again).
      loaded.catch(() => this.#modules.delete(key));
    }
    return loaded;
  }

  #bundle(key: string, spec: () => BundleSpec): Promise<string> {
    let file = this.#bundles.get(key);
    if (file === undefined) {
      file = this.#resolveBundle(spec());
      this.#bundles.set(key, file);
      file.catch(() => this.#bundles.delete(key));
    }
    return file;
  }

  async #resolveBundle(spec: BundleSpec): Promise<string> {
    const identity = bundleIdentity(spec);
    const cached = this.cache.lookup(identity);
    if (cached !== undefined) {
      this.#diskHits++;
      this.#hold(cached);
      this.#hold(this.cache.manifestPath(identity));
      return cached;
    }
    const since = Date.now();
    const built = await buildBundle(spec);
    this.#builds++;
    this.#onBuild?.(spec.kind === 'module' ? `module ${displayPath(spec.url)}` : spec.label);
    const file = this.cache.store(identity, built.code, built.inputs, since);
    this.#hold(file);
    this.#hold(this.cache.manifestPath(identity));
    // Trim after each new bundle, so a long run stays within the bound too (held ones stay).
    this.cache.trim();
    return file;
  }

  #hold(file: string): void {
    if (this.#held.has(file)) return;
    this.#held.add(file);
    holdBundle(file);
  }
}

/** A module's memo key: its URL, and for a file its mtime and size (an edited file is loaded afresh). */
function fileKey(url: string): string {
  if (!url.startsWith('file:')) return url;
  try {
    const s = statSync(fileURLToPath(url));
    return `${url}\n${s.mtimeMs}\n${s.size}`;
  } catch {
    return url;
  }
}
