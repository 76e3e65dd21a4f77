/**
 * A small seeded generator: mulberry32 (Tommy Ettinger's 32-bit generator), uniform in [0, 1)
 * and fully determined by its seed, so a bootstrap interval, a test's draw or a synthetic
 * fixture is the same on every run and every machine. Good enough for resampling indices; not
 * for anything a worker runs on a hot path.
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
