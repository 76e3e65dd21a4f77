/**
 * Where the suite finds strategies and workloads: the built-in catalogs, whatever they hold at
 * run time (the suite never hard-codes the list), plus the harness's own workloads.
 */
import { type Catalog, type ModuleLoader, type StrategyEntry, strategyEntry, UsageError, type WorkloadEntry, workloadEntry } from '@rclab/core';
import { looksLikePath, resolveModuleRef } from '@rclab/core/internal';
import { strategyCatalog } from '@rclab/strategies';
import { harnessWorkloads } from '../harness/catalog.ts';
import { workloadCatalog } from '../workloads/catalog.ts';

/** The catalogs a suite runs with. */
export interface Catalogs {
  /** Built-in strategies: name → module URL. */
  readonly strategies: Catalog;
  /** Built-in workloads plus the harness's (`empty`, and `convoy` unless the catalog has one). */
  readonly workloads: Catalog;
  /** Names of the built-in workloads a user sees (without the harness's). */
  readonly builtinWorkloads: readonly string[];
}

/** A strategy or workload as the suite knows it: what was asked for and what it is. */
export interface ModuleInfo {
  /** As given on the command line (a built-in name or a path). */
  readonly ref: string;
  /** The factory's name (what results show). */
  readonly name: string;
  readonly description: string;
  /** Strategies only: whether the strategy claims exact counts under concurrency. */
  readonly threadSafe?: boolean;
  /** Strategies only: the family it declares (`gil`, `biased`, …; absent: `custom`). */
  readonly family?: string;
  /** Workloads only: the roles it declares (see experiments/roles.ts). */
  readonly roles?: readonly string[];
  /** Workloads only: the names of the parameters it declares. */
  readonly params?: readonly string[];
  /** True for a user's module given by path. */
  readonly external: boolean;
  /** What the factory says about itself, for the results' catalog. */
  readonly entry: StrategyEntry | WorkloadEntry;
}

let cached: Promise<Catalogs> | undefined;

/** Loads the catalogs (once per process). */
export function loadCatalogs(): Promise<Catalogs> {
  cached ??= (async () => {
    const workloads: Record<string, string> = { ...workloadCatalog };
    for (const [name, url] of Object.entries(harnessWorkloads)) workloads[name] ??= url;
    return { strategies: strategyCatalog, workloads, builtinWorkloads: Object.keys(workloadCatalog) };
  })();
  return cached;
}

/** Loads a strategy by name or path and describes it; unknown names and bad modules are usage errors. */
export async function describeStrategy(ref: string, catalog: Catalog, loader: ModuleLoader): Promise<ModuleInfo> {
  const url = resolveModuleRef(ref, catalog, 'strategy');
  const builtin = catalog[ref] !== undefined;
  const factory = await asUsage(loader.loadStrategy(url, builtin));
  return {
    ref,
    name: factory.name,
    description: factory.description,
    threadSafe: factory.threadSafe,
    ...(factory.family !== undefined ? { family: factory.family } : {}),
    external: !builtin && looksLikePath(ref),
    entry: strategyEntry(factory),
  };
}

/** Loads a workload by name or path and describes it; unknown names and bad modules are usage errors. */
export async function describeWorkload(ref: string, catalog: Catalog, loader: ModuleLoader): Promise<ModuleInfo> {
  const url = resolveModuleRef(ref, catalog, 'workload');
  const builtin = catalog[ref] !== undefined;
  const factory = await asUsage(loader.loadWorkload(url, builtin));
  return {
    ref,
    name: factory.name,
    description: factory.description,
    roles: factory.roles ?? [],
    params: (factory.params ?? []).map((p) => p.name),
    external: !builtin && looksLikePath(ref),
    entry: workloadEntry(factory),
  };
}

/** Every module of a catalog that loads, described, in catalog order (one that does not is left out). */
export async function describeCatalog(catalog: Catalog, describe: (ref: string, catalog: Catalog) => Promise<ModuleInfo>): Promise<ModuleInfo[]> {
  const out: ModuleInfo[] = [];
  for (const name of Object.keys(catalog)) {
    try {
      out.push(await describe(name, catalog));
    } catch {
      // A built-in that cannot load is named when it is selected; as a candidate it is skipped.
    }
  }
  return out;
}

/** A module that cannot be loaded is the user's input being wrong: report it as a usage error. */
async function asUsage<T>(promise: Promise<T>): Promise<T> {
  try {
    return await promise;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(error instanceof Error ? (error.message.split('\n')[0] ?? String(error)) : String(error));
  }
}
