/**
 * The code a run measured: a sha256 fingerprint of every strategy and workload module its plan
 * uses (built-ins and users' files alike), recorded in the journal's start record. `--resume`
 * recomputes them and refuses, in one line naming the module and the file, when any changed —
 * cells measured with old and new code must never be mixed in one results file.
 */
import { type Catalog } from '@rclab/core';
import { type ModuleFingerprint, moduleFingerprints, resolveModuleRef } from '@rclab/core/internal';
import type { Plan } from '../suite/types.ts';

/** One module's fingerprint as the journal keeps it. */
export interface ModuleSource {
  readonly kind: 'strategy' | 'workload';
  /** As the plan names it (a built-in name or a path as given). */
  readonly ref: string;
  /** sha256 over the module's file and the local files it imports. */
  readonly sha256: string;
  /** Each file's sha256, by path relative to the module's folder. */
  readonly files: Readonly<Record<string, string>>;
}

/** The strategy and workload references a plan runs, each once, in plan order. */
export function planModules(plan: Plan): { kind: 'strategy' | 'workload'; ref: string }[] {
  const seen = new Set<string>();
  const out: { kind: 'strategy' | 'workload'; ref: string }[] = [];
  const add = (kind: 'strategy' | 'workload', ref: string): void => {
    if (seen.has(`${kind}\n${ref}`)) return;
    seen.add(`${kind}\n${ref}`);
    out.push({ kind, ref });
  };
  for (const block of plan.blocks) {
    for (const c of block.cells) {
      if (c.python !== undefined) continue; // a Python program, not a module (its scripts ship with rclab)
      add('strategy', c.strategyRef);
      add('workload', c.workloadRef);
    }
  }
  return out;
}

/** Fingerprints of every module `plan` runs. */
export async function moduleSources(plan: Plan, catalogs: { readonly strategies: Catalog; readonly workloads: Catalog }): Promise<ModuleSource[]> {
  const modules = planModules(plan);
  const urls = modules.map(({ kind, ref }) => resolveModuleRef(ref, kind === 'strategy' ? catalogs.strategies : catalogs.workloads, kind));
  const prints = await moduleFingerprints(urls);
  return modules.map(({ kind, ref }, k) => {
    const f = prints[k] as ModuleFingerprint;
    return { kind, ref, sha256: f.sha256, files: f.files };
  });
}

/**
 * The first module whose code differs between `recorded` (the journal) and `current`, as one
 * line naming it and the file that changed; `undefined` when everything matches.
 */
export function sourcesProblem(recorded: readonly ModuleSource[], current: readonly ModuleSource[]): string | undefined {
  for (const now of current) {
    const then = recorded.find((r) => r.kind === now.kind && r.ref === now.ref);
    const what = `${now.kind} '${now.ref}'`;
    if (then === undefined) return `${what} is not among the modules the run recorded when it began`;
    if (then.sha256 === now.sha256) continue;
    const files = [...new Set([...Object.keys(then.files), ...Object.keys(now.files)])].sort();
    const changed = files.find((f) => then.files[f] !== now.files[f]);
    const how =
      changed === undefined
        ? ''
        : then.files[changed] === undefined
          ? ` (${changed} is new)`
          : now.files[changed] === undefined
            ? ` (${changed} is gone)`
            : ` (${changed} changed)`;
    return `${what} changed since the run began${how}`;
  }
  return undefined;
}
