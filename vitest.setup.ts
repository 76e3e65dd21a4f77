import fc from 'fast-check';

// Every property test runs from one seed, printed once, so any CI failure can be replayed with
// RCLAB_SEED=<seed> pnpm test.
const seed = process.env.RCLAB_SEED !== undefined ? Number(process.env.RCLAB_SEED) : Date.now() ^ (Math.random() * 0x7fffffff);
if (!Number.isInteger(seed)) throw new Error(`RCLAB_SEED must be an integer, got ${process.env.RCLAB_SEED}`);
fc.configureGlobal({ seed, numRuns: 25 });
(globalThis as { __rclabSeedPrinted?: boolean }).__rclabSeedPrinted ??= (console.log(`[rclab] fast-check seed ${seed} (replay: RCLAB_SEED=${seed} pnpm test)`), true);
