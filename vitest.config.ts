import { defineConfig } from 'vitest/config';

// One config for the whole workspace. `@rclab/source` makes `@rclab/*` imports resolve to each
// package's `src/` (see the exports maps), so tests need no build. Workers get their code from
// the runtime's esbuild bundle, which uses the same condition.
const conditions = ['@rclab/source', 'node', 'import', 'module', 'default'];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: ['@rclab/source'] } },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'examples/**/*.test.ts'],
    setupFiles: ['./vitest.setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Tests spawn real worker threads; on a 2-core machine two files at a time is plenty.
    maxWorkers: 2,
    // The JSON report lets .ci/run end with a plain 'N passed, N failed' line.
    reporters: ['default', 'json'],
    outputFile: { json: './test-output/vitest.json' },
  },
});
