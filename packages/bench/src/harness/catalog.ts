import type { Catalog } from '@rclab/core';

/** File extension of this package's modules: `.ts` from source, `.js` when built. */
const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
const here = (file: string): string => new URL(`./${file}${ext}`, import.meta.url).href;

/**
 * Workloads the harness itself needs, loaded by URL like the built-ins (each file is its own
 * build entry): `empty` measures the harness's own cost; `bare` is `rc-private` as a bare loop; `convoy` is the GIL convoy probe,
 * used when the workload catalog has no `convoy` scenario of its own.
 */
export const harnessWorkloads: Catalog = {
  empty: here('empty-workload'),
  bare: here('bare-workload'),
  convoy: here('convoy-workload'),
};
