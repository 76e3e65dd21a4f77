/**
 * `--param KEY=VALUE` checked against every workload a run will use, before any cell runs:
 * a bad value, or a key that no selected workload declares, is one line and exit 2 instead of a
 * suite in which every cell fails.
 *
 * The rule: a key is checked by every workload that declares it (each with its own range); a
 * key that none of them declares is unknown — unless some workload declares nothing (a user's
 * module without `params`), which may read any key.
 */
import { type Catalog, type ModuleLoader, UsageError, type WorkloadFactory, type WorkloadParams } from '@rclab/core';
import { describeParam, paramAllowed, paramsProblem, parseParam, resolveModuleRef } from '@rclab/core/internal';

/** A workload as the preflight checks see it. */
export interface LoadedWorkload {
  /** As given (a built-in name or a path). */
  readonly ref: string;
  readonly factory: WorkloadFactory;
}

/** Loads the workloads named by `refs` (each once), as `run()` will. */
export async function loadWorkloads(refs: readonly string[], catalog: Catalog, loader: ModuleLoader): Promise<LoadedWorkload[]> {
  const out: LoadedWorkload[] = [];
  for (const ref of new Set(refs)) {
    const url = resolveModuleRef(ref, catalog, 'workload');
    out.push({ ref, factory: await loader.loadWorkload(url, catalog[ref] !== undefined) });
  }
  return out;
}

/** The first problem with `params` for these workloads, as one line; `undefined` when fine. */
export function suiteParamsProblem(params: WorkloadParams, workloads: readonly LoadedWorkload[]): string | undefined {
  if (workloads.length === 0) return undefined;
  const undeclared = workloads.some((w) => w.factory.params === undefined);
  for (const key of Object.keys(params)) {
    const declaring = workloads.filter((w) => w.factory.params?.some((s) => s.name === key) === true);
    if (declaring.length === 0 && !undeclared) {
      const names = workloads.map((w) => w.factory.name);
      const known = [...new Set(workloads.flatMap((w) => (w.factory.params ?? []).map((s) => s.name)))];
      return (
        `--param ${key}: no selected workload (${names.join(', ')}) has a parameter '${key}'; ` +
        (known.length > 0 ? `theirs are ${known.join(', ')} (rclab list shows each one's)` : 'they take no parameters')
      );
    }
  }
  for (const w of workloads) {
    const specs = w.factory.params ?? [];
    // Only the keys this workload declares: the others belong to other workloads.
    const mine: Record<string, string | number | boolean> = {};
    for (const [key, raw] of Object.entries(params)) {
      const spec = specs.find((s) => s.name === key);
      if (spec === undefined) continue;
      mine[key] = raw;
      if ('problem' in parseParam(spec, raw)) {
        return `--param ${key}=${String(raw)}: workload '${w.factory.name}' takes ${key} as ${paramAllowed(spec)} (default ${String(spec.default)})`;
      }
    }
    const cross = paramsProblem(w.factory, mine);
    if (cross !== undefined) return `--param: ${cross}`;
  }
  return undefined;
}

/** Throws a `UsageError` with {@link suiteParamsProblem}'s line when there is one. */
export function assertSuiteParams(params: WorkloadParams, workloads: readonly LoadedWorkload[]): void {
  const problem = suiteParamsProblem(params, workloads);
  if (problem !== undefined) throw new UsageError(problem);
}

/** A workload's declared parameters in one line for `rclab list` (`objects=64 (1..65536), …`). */
export function paramsLine(factory: WorkloadFactory): string | undefined {
  const specs = factory.params;
  if (specs === undefined) return undefined;
  return specs.length === 0 ? 'none' : specs.map(describeParam).join(', ');
}
