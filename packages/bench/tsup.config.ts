import { readdirSync } from 'node:fs';
import { defineConfig } from 'tsup';
import { packageBuild } from '../../tsup.shared.ts';

// Modules loaded by URL at run time must exist as files in dist/: the CLI (the bin), every
// workload in src/workloads/, the harness's workloads and its per-operation timing worker. Catalogs name them relative to their
// own module, and in dist/ every entry and shared chunk sits at the top level, so the entries are
// flat (dist/rc-private.js, dist/empty-workload.js).
const files = (dir: string, skip: readonly string[]): Record<string, string> =>
  Object.fromEntries(
    readdirSync(new URL(`./src/${dir}/`, import.meta.url))
      .filter((f) => f.endsWith('.ts') && !skip.includes(f))
      .map((f) => [f.replace(/\.ts$/, ''), `./src/${dir}/${f}`]),
  );

export default defineConfig({
  ...packageBuild(import.meta.dirname, {
    cli: './src/cli.ts',
    ...files('workloads', ['index.ts', 'catalog.ts']),
    'empty-workload': './src/harness/empty-workload.ts',
    'convoy-workload': './src/harness/convoy-workload.ts',
    'bare-workload': './src/harness/bare-workload.ts',
  }),
});
