import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { runningFromSource } from './source.ts';

/**
 * What a strategy or workload module's code is: a sha256 of its source file and of every local
 * file it imports (a built-in workload's interpreter, a strategy's helpers, a user's own helper
 * files), so `rclab bench --resume` can refuse to mix cells measured with different code.
 *
 * Packages (`@rclab/core`, anything in node_modules) are left out: they are rclab itself or
 * dependencies, not the module under test. Paths are relative to the module's folder, so a
 * moved checkout keeps its fingerprints.
 */
export interface ModuleFingerprint {
  /** sha256 (hex) over every file's path and content, in path order. */
  readonly sha256: string;
  /** Each file's sha256 (hex), by path relative to the module's folder. */
  readonly files: Readonly<Record<string, string>>;
}

const sha256 = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');

/** The local files `path` imports, itself included (absolute paths); just itself if it cannot be parsed. */
async function localInputs(path: string): Promise<string[]> {
  try {
    const result = await build({
      entryPoints: [path],
      bundle: true,
      write: false,
      metafile: true,
      format: 'esm',
      platform: 'node',
      packages: 'external',
      external: ['@rclab/*'],
      conditions: runningFromSource ? ['@rclab/source'] : [],
      absWorkingDir: dirname(path),
      logLevel: 'silent',
    });
    return Object.keys(result.metafile.inputs).map((p) => resolve(dirname(path), p));
  } catch {
    // A module esbuild cannot read fails later, where it loads; its own bytes still identify it.
    return [path];
  }
}

/** The fingerprint of the module at `url` (a `file:` URL). */
export async function moduleFingerprint(url: string): Promise<ModuleFingerprint> {
  const path = fileURLToPath(url);
  const base = dirname(path);
  const files: Record<string, string> = {};
  for (const file of (await localInputs(path)).sort()) {
    let content: Buffer;
    try {
      content = readFileSync(file);
    } catch {
      continue;
    }
    files[relative(base, file).split('\\').join('/')] = sha256(content);
  }
  const lines = Object.keys(files)
    .sort()
    .map((k) => `${k}\0${files[k] as string}\n`);
  return { sha256: sha256(lines.join('')), files };
}
