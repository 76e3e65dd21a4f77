import { createHash } from 'node:crypto';
import { mkdirSync, renameSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { ModuleShapeError } from '../errors.ts';
import { runningFromSource } from './source.ts';

/**
 * How a worker gets its code: the runtime bundles the worker entry, the strategy module and
 * the workload module into one plain JavaScript file with esbuild, once per pair and process,
 * and starts every worker of a run from that file.
 *
 * Why: Node 20 does not apply ESM loader hooks (tsx) passed to a worker through `execArgv`,
 * so a worker cannot import TypeScript on its own. A bundle makes the worker independent of
 * how rclab itself was started (from source under tsx or vitest, or from built `dist/`), and
 * lets a user's `.ts` strategy load in the built CLI too. The bundle holds only the worker's
 * code (core's runtime, the two modules, and what they import).
 */
const cache = new Map<string, Promise<string>>();

const workerEntry = fileURLToPath(new URL(runningFromSource ? '../runtime/worker.ts' : './worker.js', import.meta.url));

/**
 * A user's module may live anywhere on disk, where `@rclab/core` does not resolve: bundles
 * resolve it to this rclab's own core, so `import { defineStrategy } from '@rclab/core'`
 * works in a strategy file outside the repository.
 */
const coreEntry = fileURLToPath(new URL(runningFromSource ? '../index.ts' : './index.js', import.meta.url));

const bundleOptions = {
  bundle: true,
  write: false,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  conditions: runningFromSource ? ['@rclab/source'] : [],
  alias: { '@rclab/core': coreEntry },
  // Inline source maps double a bundle and slow every worker's start; only when debugging.
  sourcemap: process.env.RCLAB_DEBUG === '1' ? 'inline' : false,
  logLevel: 'silent',
  // Bundled CommonJS dependencies may call require(); give the ESM bundle one.
  banner: { js: "import { createRequire as __rclabCreateRequire } from 'node:module'; const require = __rclabCreateRequire(import.meta.url);" },
} as const;

/** Path of a bundled worker script for this strategy and workload (built on first use). */
export function workerBundle(strategyUrl: string, workloadUrl: string): Promise<string> {
  const key = `${strategyUrl}\n${workloadUrl}`;
  let file = cache.get(key);
  if (file === undefined) {
    file = buildBundle(strategyUrl, workloadUrl);
    cache.set(key, file);
    file.catch(() => cache.delete(key));
  }
  return file;
}

/**
 * Builds the worker bundles of many strategy–workload pairs, `concurrency` at a time, before
 * anything is timed (esbuild then runs on every core while nothing is measured). A pair that
 * fails to bundle is left for `workerBundle` to report when its cell opens.
 */
export async function prebuildWorkerBundles(pairs: readonly (readonly [string, string])[], concurrency = 4, signal?: AbortSignal): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < pairs.length && signal?.aborted !== true) {
      const [s, w] = pairs[next++] as readonly [string, string];
      await workerBundle(s, w).catch(() => undefined);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
}

async function buildBundle(strategyUrl: string, workloadUrl: string): Promise<string> {
  const entry = [
    `import { startWorker } from ${JSON.stringify(workerEntry)};`,
    `import * as strategyModule from ${JSON.stringify(fileURLToPath(strategyUrl))};`,
    `import * as workloadModule from ${JSON.stringify(fileURLToPath(workloadUrl))};`,
    `startWorker(strategyModule, workloadModule);`,
  ].join('\n');
  let code: string;
  try {
    const result = await build({
      ...bundleOptions,
      stdin: { contents: entry, resolveDir: process.cwd(), sourcefile: 'rclab-worker-entry.js', loader: 'js' },
    });
    code = (result.outputFiles[0] as { text: string }).text;
  } catch (error) {
    const detail = bundleErrorText(error);
    throw new ModuleShapeError(
      `cannot load strategy ${displayPath(strategyUrl)} with workload ${displayPath(workloadUrl)}: ${detail}`,
      { cause: error },
    );
  }
  return writeBundle(code);
}

/**
 * Bundles one module on its own (its exports preserved) and returns the bundle's path: how the
 * main thread loads a user's module, so TypeScript and `@rclab/core` imports work wherever the
 * file lives and however rclab was started.
 */
export async function moduleBundle(url: string): Promise<string> {
  let code: string;
  try {
    const result = await build({ ...bundleOptions, entryPoints: [fileURLToPath(url)] });
    code = (result.outputFiles[0] as { text: string }).text;
  } catch (error) {
    throw new ModuleShapeError(`cannot load ${displayPath(url)}: ${bundleErrorText(error)}`, { cause: error });
  }
  return writeBundle(code);
}

function writeBundle(code: string): string {
  const dir = join(tmpdir(), 'rclab-workers');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${createHash('sha256').update(code).digest('hex').slice(0, 24)}.mjs`);
  if (!existsSync(file)) {
    // Write under a temporary name, then rename: another process may read the same file.
    const temp = `${file}.${process.pid}.${Date.now()}.tmp`;
    writeFileSync(temp, code);
    renameSync(temp, file);
  }
  return file;
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

function displayPath(url: string): string {
  return url.startsWith('file:') ? fileURLToPath(url) : url;
}
