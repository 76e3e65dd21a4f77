/** What one operation is for each built-in workload, from the workload modules themselves (as `rclab list` prints it). */
import { ModuleLoader } from '@rclab/core';
import { loadWorkloads } from '../preflight/params.ts';
import { loadCatalogs } from '../suite/catalogs.ts';

export async function workloadOps(): Promise<Record<string, string>> {
  const catalogs = await loadCatalogs();
  const out: Record<string, string> = {};
  const loader = new ModuleLoader();
  try {
    for (const { ref, factory } of await loadWorkloads(catalogs.builtinWorkloads, catalogs.workloads, loader)) {
      if (factory.op !== undefined) out[ref] = factory.op;
    }
  } finally {
    await loader.dispose();
  }
  return out;
}
