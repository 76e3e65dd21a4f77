import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Options } from 'tsup';

/**
 * Build inputs come from each package's `exports` map (its `@rclab/source` paths), so the
 * exports map is the only list of entries; `extra` adds files that are loaded by URL at run
 * time (built-in strategies and workloads, the CLI) and so must exist as files in `dist/`.
 */
export function packageBuild(dir: string, extra: Record<string, string> = {}): Options {
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
    exports: Record<string, string | Record<string, string>>;
  };
  const entry: Record<string, string> = {};
  for (const target of Object.values(pkg.exports)) {
    if (typeof target === 'string') continue;
    const source = target['@rclab/source'];
    const dist = target.default;
    if (source === undefined || dist === undefined) continue;
    entry[dist.replace(/^\.\/dist\//, '').replace(/\.js$/, '')] = join(dir, source);
  }
  for (const [name, source] of Object.entries(extra)) entry[name] = join(dir, source);
  return {
    entry,
    outDir: join(dir, 'dist'),
    format: ['esm'],
    target: 'node20',
    platform: 'node',
    dts: true,
    clean: true,
    sourcemap: true,
    splitting: true,
    // Our own packages stay imports of '@rclab/*'; third-party packages too.
    skipNodeModulesBundle: true,
    esbuildOptions(options) {
      options.conditions = [];
    },
  };
}
