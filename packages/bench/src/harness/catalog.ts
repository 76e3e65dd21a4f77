import { type Catalog } from '@rclab/core';
import { moduleUrl } from '@rclab/core/internal';

const here = (file: string): string => moduleUrl(import.meta.url, `./${file}.ts`);

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
