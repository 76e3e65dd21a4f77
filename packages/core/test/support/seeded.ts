/**
 * A small seeded generator for tests and synthetic fixtures, so what they draw is the same on
 * every run and every machine: mulberry32 (Tommy Ettinger's 32-bit generator), uniform in [0, 1).
 * Not for measurements or anything a worker runs. Tests of any package import it as
 * `@rclab/core/test/seeded` (core is the one package every other may import).
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
