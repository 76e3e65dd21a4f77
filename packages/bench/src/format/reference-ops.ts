/** What one operation is for each built-in workload, from the workload modules themselves (as `rclab list` prints it). */
import { loadWorkloads } from '../preflight/params.ts';
import { loadCatalogs } from '../suite/catalogs.ts';

export async function workloadOps(): Promise<Record<string, string>> {
  const catalogs = await loadCatalogs();
  const out: Record<string, string> = {};
  for (const { ref, factory } of await loadWorkloads(catalogs.builtinWorkloads, catalogs.workloads)) {
    if (factory.op !== undefined) out[ref] = factory.op;
  }
  return out;
}
