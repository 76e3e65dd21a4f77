import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { runningFromSource } from './source.ts';

/**
 * What a strategy or workload module's code is: a sha256 of its source file and of every local
 * file it imports (a built-in workload's interpreter, a strategy's helpers, a user's own helper
 * files), so `rclab bench --resume` can refuse to mix cells measured with different code.
 *
 * `@rclab/core` (the harness that runs every module) and dependencies (files under
 * node_modules) are left out: they are not the module under test. Another workspace package
 * the module imports is followed (the built-in workloads import `@rclab/interpreter`, whose
 * eval loop is what they measure). Paths are relative to the module's folder, so a moved
 * checkout keeps its fingerprints.
 */
export interface ModuleFingerprint {
  /** sha256 (hex) over every file's path and content, in path order. */
  readonly sha256: string;
  /** Each file's sha256 (hex), by path relative to the module's folder. */
  readonly files: Readonly<Record<string, string>>;
}

const FOLLOW = Symbol('follow');

/**
 * Bare imports: core and `node:` builtins stay external; anything else is resolved, and kept
 * only if it lands outside node_modules (a workspace package, linked by pnpm to its source).
 */
const localPackages: Plugin = {
  name: 'rclab-local-packages',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, async (args) => {
      if (args.kind === 'entry-point' || args.pluginData === FOLLOW) return undefined;
      if (args.path === '@rclab/core' || args.path.startsWith('@rclab/core/') || args.path.startsWith('node:')) return { external: true };
      const r = await b.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: FOLLOW });
      if (r.errors.length > 0 || r.external || r.path === '' || r.path.split(sep).includes('node_modules')) return { external: true };
      return { path: r.path };
    });
  },
};

const sha256 = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');

/**
 * The local files each of `paths` imports, itself included (absolute paths), from one esbuild
 * pass over all of them (shared files are parsed once). A module esbuild cannot read gets just
 * itself: it fails later, where it loads, and its own bytes still identify it.
 */
async function localInputs(paths: readonly string[]): Promise<string[][]> {
  try {
    const cwd = process.cwd();
    const result = await build({
      entryPoints: [...paths],
      bundle: true,
      write: false,
      metafile: true,
      format: 'esm',
      platform: 'node',
      // Core and dependencies are not the module under test; other workspace packages are.
      plugins: [localPackages],
      conditions: runningFromSource ? ['@rclab/source'] : [],
      absWorkingDir: cwd,
      outdir: join(cwd, '.rclab-fingerprint'), // never written (write: false); esbuild needs it for several entries
      logLevel: 'silent',
    });
    const byEntry = new Map<string, string[]>();
    for (const output of Object.values(result.metafile.outputs)) {
      if (output.entryPoint === undefined) continue;
      byEntry.set(
        resolve(cwd, output.entryPoint),
        Object.keys(output.inputs).map((p) => resolve(cwd, p)),
      );
    }
    return paths.map((p) => byEntry.get(p) ?? [p]);
  } catch {
    if (paths.length === 1) return [[paths[0] as string]];
    // One bad module must not cost the others their imports: read each on its own.
    return Promise.all(paths.map(async (p) => (await localInputs([p]))[0] as string[]));
  }
}

function fingerprintOf(path: string, inputs: readonly string[]): ModuleFingerprint {
  const base = dirname(path);
  const files: Record<string, string> = {};
  for (const file of [...inputs].sort()) {
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

/** The fingerprints of the modules at `urls` (`file:` URLs), in order, from one esbuild pass. */
export async function moduleFingerprints(urls: readonly string[]): Promise<ModuleFingerprint[]> {
  const paths = urls.map((u) => fileURLToPath(u));
  const inputs = await localInputs(paths);
  return paths.map((p, k) => fingerprintOf(p, inputs[k] as string[]));
}

/** The fingerprint of the module at `url` (a `file:` URL). */
export async function moduleFingerprint(url: string): Promise<ModuleFingerprint> {
  return (await moduleFingerprints([url]))[0] as ModuleFingerprint;
}
