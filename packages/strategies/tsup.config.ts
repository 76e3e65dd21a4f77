import { readdirSync } from 'node:fs';
import { defineConfig } from 'tsup';
import { packageBuild } from '../../tsup.shared.ts';

// Every strategy file is loaded by URL (see src/catalog.ts), so each is its own entry; so is the
// conformance kit's workload, which run() loads by URL (see src/conformance/run-once.ts), and its
// controlled-schedule worker, which the kit bundles with the strategy (src/conformance/controlled.ts).
const strategies = Object.fromEntries(
  readdirSync(new URL('./src', import.meta.url))
    .filter((f) => f.endsWith('.ts') && f !== 'index.ts' && f !== 'catalog.ts')
    .map((f) => [f.replace(/\.ts$/, ''), `./src/${f}`]),
);
export default defineConfig(
  packageBuild(import.meta.dirname, {
    ...strategies,
    'conformance/workload': './src/conformance/workload.ts',
    'conformance/controlled-worker': './src/conformance/controlled-worker.ts',
  }),
);
