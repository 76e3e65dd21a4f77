/**
 * A built-in interpreter workload's fingerprint (what `--resume` compares) covers the
 * interpreter it runs on, now that the interpreter is its own package: a change to the eval
 * loop must make a resumed run refuse cells measured with the old one. Core (the harness) and
 * third-party dependencies stay out.
 */
import { moduleFingerprint } from '@rclab/core/internal';
import { describe, expect, it } from 'vitest';

describe('interpreter workload fingerprints', () => {
  it('include the @rclab/interpreter sources a workload imports, and nothing of core', async () => {
    const fp = await moduleFingerprint(new URL('../src/workloads/cpu-bound.ts', import.meta.url).href);
    const files = Object.keys(fp.files);
    expect(files).toContain('cpu-bound.ts');
    expect(files).toContain('_support/interpreted.ts');
    expect(files.some((f) => /(^|\/)interpreter\/src\/interpreter\.ts$/.test(f))).toBe(true);
    expect(files.some((f) => /(^|\/)interpreter\/src\/space\/dict\.ts$/.test(f))).toBe(true);
    expect(files.filter((f) => /(^|\/)core\/src\//.test(f) || f.includes('node_modules'))).toEqual([]);
  });
});
