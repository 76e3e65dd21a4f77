import { assertStrategyFactory } from '../strategy/define.ts';
import type { StrategyFactory } from '../strategy/types.ts';
import { assertWorkloadFactory } from '../workload/define.ts';
import type { WorkloadFactory } from '../workload/types.ts';
import { defaultExport, displayPath, importModule } from './resolve.ts';

/** Imports a strategy module by URL and checks what it exports. */
export async function loadStrategyFactory(url: string): Promise<StrategyFactory> {
  const mod = await importModule(url);
  const factory = defaultExport(mod, 'strategy');
  assertStrategyFactory(factory, displayPath(url));
  return factory;
}

/** Imports a workload module by URL and checks what it exports. */
export async function loadWorkloadFactory(url: string): Promise<WorkloadFactory> {
  const mod = await importModule(url);
  const factory = defaultExport(mod, 'workload');
  assertWorkloadFactory(factory, displayPath(url));
  return factory;
}
