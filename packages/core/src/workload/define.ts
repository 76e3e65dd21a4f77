import { ModuleShapeError } from '../errors.ts';
import { paramSpecProblem } from './params.ts';
import type { WorkloadFactory } from './types.ts';

/** Identity helper that gives a workload module its types. */
export function defineWorkload<Data>(factory: WorkloadFactory<Data>): WorkloadFactory<Data> {
  return factory;
}

/** Throws a `ModuleShapeError` naming `where` unless `value` is a valid workload factory. */
export function assertWorkloadFactory(value: unknown, where: string): asserts value is WorkloadFactory {
  let problem: string | undefined;
  if (value === null || typeof value !== 'object') problem = 'the default export is not an object (expected defineWorkload({...}))';
  else {
    const f = value as Record<string, unknown>;
    if (typeof f.name !== 'string' || f.name.length === 0) problem = "missing 'name' (a non-empty string)";
    else if (typeof f.description !== 'string') problem = "missing 'description' (a string)";
    else if (typeof f.setup !== 'function') problem = "missing 'setup' (a function)";
    else if (typeof f.thread !== 'function') problem = "missing 'thread' (a function)";
    else if (f.op !== undefined && typeof f.op !== 'string') problem = "'op' must be a string (one line: what one operation is)";
    else if (f.roles !== undefined && !(Array.isArray(f.roles) && f.roles.every((r) => typeof r === 'string'))) problem = "'roles' must be a list of strings";
    else if (f.params !== undefined && !Array.isArray(f.params)) problem = "'params' must be a list of parameter declarations";
    else if (f.params !== undefined) problem = (f.params as unknown[]).map(paramSpecProblem).find((p) => p !== undefined);
  }
  if (problem !== undefined) throw new ModuleShapeError(`${where} does not export a valid workload: ${problem}`);
}
