import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, version as esbuildVersion } from 'esbuild';
import { ModuleShapeError } from '../errors.ts';
import { displayPath } from './resolve.ts';
import { moduleUrl, runningFromSource } from './source.ts';

/**
 * How code reaches a thread: esbuild bundles a worker entry (core's worker runtime plus a
 * strategy and a workload module) or one module on its own into one plain JavaScript file.
 * This file only builds; `loader.ts` decides when (once per run) and `bundle-cache.ts` where
 * the files live on disk.
 *
 * Why bundle at all: Node 20 does not apply ESM loader hooks (tsx) passed to a worker through
 * `execArgv`, so a worker cannot import TypeScript on its own. A bundle makes the worker
 * independent of how rclab itself was started (from source under tsx or vitest, or from built
 * `dist/`), and lets a user's `.ts` strategy load in the built CLI too. The bundle holds only
 * the worker's code (core's runtime, the modules, and what they import).
 */

const workerEntry = fileURLToPath(moduleUrl(import.meta.url, '../runtime/worker.ts', './worker.js'));

/**
 * A user's module may live anywhere on disk, where `@rclab/core` does not resolve: bundles
 * resolve it to this rclab's own core, so `import { defineStrategy } from '@rclab/core'`
 * works in a strategy file outside the repository. `@rclab/core/internal` (what rclab's own
 * modules share) gets an alias of its own: esbuild would otherwise read it as a path under the
 * first alias.
 */
const coreEntry = fileURLToPath(moduleUrl(import.meta.url, '../index.ts', './index.js'));
const coreInternalEntry = fileURLToPath(moduleUrl(import.meta.url, '../internal.ts', './internal.js'));

/** The generated entry's name in esbuild's output and metafile (it is no file on disk). */
const ENTRY_NAME = 'rclab-worker-entry.js';

const bundleOptions = {
  bundle: true,
  write: false,
  metafile: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  conditions: runningFromSource ? ['@rclab/source'] : [],
  alias: { '@rclab/core': coreEntry, '@rclab/core/internal': coreInternalEntry },
  // Inline source maps double a bundle and slow every worker's start; only when debugging.
  sourcemap: process.env.RCLAB_DEBUG === '1' ? 'inline' : false,
  logLevel: 'silent',
  // Bundled CommonJS dependencies may call require(); give the ESM bundle one.
  banner: { js: "import { createRequire as __rclabCreateRequire } from 'node:module'; const require = __rclabCreateRequire(import.meta.url);" },
} as const;

/** What to bundle: one module with its exports, or a generated entry (a worker's). */
export type BundleSpec = { readonly kind: 'module'; readonly url: string } | { readonly kind: 'entry'; readonly contents: string; readonly label: string };

/** A built bundle: its code and every file it was built from (absolute paths). */
export interface BuiltBundle {
  readonly code: string;
  readonly inputs: readonly string[];
}

/**
 * Everything besides the input files that decides a bundle's bytes: its spec and the build
 * options. Two specs with the same identity and unchanged inputs build the same bundle.
 */
export function bundleIdentity(spec: BundleSpec): string {
  const what = spec.kind === 'module' ? { module: fileURLToPath(spec.url) } : { entry: spec.contents, resolveDir: process.cwd() };
  return JSON.stringify({ what, esbuild: esbuildVersion, options: bundleOptions });
}

/** The generated entry of a worker: core's worker runtime started with the two modules. */
export function workerEntrySpec(strategyUrl: string, workloadUrl: string): BundleSpec {
  const contents = [
    `import { startWorker } from ${JSON.stringify(workerEntry)};`,
    `import * as strategyModule from ${JSON.stringify(fileURLToPath(strategyUrl))};`,
    `import * as workloadModule from ${JSON.stringify(fileURLToPath(workloadUrl))};`,
    `startWorker(strategyModule, workloadModule);`,
  ].join('\n');
  return { kind: 'entry', contents, label: `strategy ${displayPath(strategyUrl)} with workload ${displayPath(workloadUrl)}` };
}

/** Builds a bundle. A module that does not build is a `ModuleShapeError` naming the file. */
export async function buildBundle(spec: BundleSpec): Promise<BuiltBundle> {
  const cwd = process.cwd();
  try {
    const result =
      spec.kind === 'module'
        ? await build({ ...bundleOptions, absWorkingDir: cwd, entryPoints: [fileURLToPath(spec.url)] })
        : await build({
            ...bundleOptions,
            absWorkingDir: cwd,
            stdin: { contents: spec.contents, resolveDir: cwd, sourcefile: ENTRY_NAME, loader: 'js' },
          });
    // The generated entry is no file: leave it out of the inputs the cache checks.
    const inputs = Object.keys(result.metafile.inputs)
      .filter((p) => p !== '<stdin>' && p !== ENTRY_NAME)
      .map((p) => resolve(cwd, p));
    return { code: (result.outputFiles[0] as { text: string }).text, inputs };
  } catch (error) {
    const what = spec.kind === 'module' ? displayPath(spec.url) : spec.label;
    throw new ModuleShapeError(`cannot load ${what}: ${bundleErrorText(error)}`, { cause: error });
  }
}

function bundleErrorText(error: unknown): string {
  const errors = (error as { errors?: { text: string; location?: { file: string; line: number } | null }[] }).errors;
  if (Array.isArray(errors) && errors.length > 0) {
    return errors
      .slice(0, 3)
      .map((e) => (e.location ? `${e.location.file}:${e.location.line}: ${e.text}` : e.text))
      .join('; ');
  }
  return error instanceof Error ? error.message : String(error);
}
