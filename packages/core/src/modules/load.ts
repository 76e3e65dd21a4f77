import { assertStrategyFactory } from '../strategy/define.ts';
import type { StrategyFactory } from '../strategy/types.ts';
import { assertWorkloadFactory } from '../workload/define.ts';
import type { WorkloadFactory } from '../workload/types.ts';
import { defaultExport, displayPath, importModule } from './resolve.ts';

/** Imports a strategy module by URL (`builtin`: one of ours, imported as it is) and checks what it exports. */
export async function loadStrategyFactory(url: string, builtin = false): Promise<StrategyFactory> {
  const mod = await importModule(url, !builtin);
  const factory = defaultExport(mod, 'strategy');
  assertStrategyFactory(factory, displayPath(url));
  return factory;
}

/** Imports a workload module by URL and checks what it exports. */
export async function loadWorkloadFactory(url: string, builtin = false): Promise<WorkloadFactory> {
  const mod = await importModule(url, !builtin);
  const factory = defaultExport(mod, 'workload');
  assertWorkloadFactory(factory, displayPath(url));
  return factory;
}
