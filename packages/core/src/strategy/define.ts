import { ModuleShapeError } from '../errors.ts';
import { MAX_HEADER_WORDS } from '../heap/layout.ts';
import { strategyCatalogProblem } from '../results/catalog.ts';
import type { StrategyFactory } from './types.ts';

/**
 * Identity helper that gives a strategy module its types:
 * `export default defineStrategy({ name: 'mine', headerWords: 1, … })`.
 */
export function defineStrategy<F extends StrategyFactory>(factory: F): F {
  return factory;
}

/** What is wrong with a would-be strategy factory, or `undefined` if nothing is. */
export function strategyFactoryProblem(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object') return 'the default export is not an object (expected defineStrategy({...}))';
  const f = value as Record<string, unknown>;
  if (typeof f.name !== 'string' || f.name.length === 0) return "missing 'name' (a non-empty string)";
  if (typeof f.description !== 'string') return "missing 'description' (a string)";
  if (typeof f.headerWords !== 'number' || !Number.isInteger(f.headerWords) || f.headerWords < 0 || f.headerWords > MAX_HEADER_WORDS) {
    return `'headerWords' must be an integer 0..${MAX_HEADER_WORDS}`;
  }
  if (typeof f.threadSafe !== 'boolean') return "missing 'threadSafe' (a boolean)";
  if (f.family !== undefined && (typeof f.family !== 'string' || f.family.length === 0))
    return "'family' must be a non-empty string (gil, biased, atomic, locked, unsafe, or your own)";
  if (typeof f.create !== 'function') return "missing 'create' (a function (context) => Strategy)";
  if (f.sharedWords !== undefined && typeof f.sharedWords !== 'function') return "'sharedWords' must be a function (threads) => number";
  if (f.initShared !== undefined && typeof f.initShared !== 'function') return "'initShared' must be a function";
  return strategyCatalogProblem(f);
}

/** Methods every strategy instance must have. */
export const STRATEGY_METHODS = [
  'initHeader',
  'incref',
  'decref',
  'refcount',
  'immortalize',
  'attach',
  'detach',
  'checkpoint',
  'beginBlocking',
  'endBlocking',
  'lockObject',
  'unlockObject',
  'report',
] as const;

/** What is wrong with a strategy instance returned by `create`, or `undefined`. */
export function strategyInstanceProblem(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object') return 'create() did not return an object';
  const missing = STRATEGY_METHODS.filter((m) => typeof (value as Record<string, unknown>)[m] !== 'function');
  return missing.length > 0 ? `the object create() returned lacks method(s): ${missing.join(', ')}` : undefined;
}

/** Throws a `ModuleShapeError` naming `where` and the problem unless `value` is a valid factory. */
export function assertStrategyFactory(value: unknown, where: string): asserts value is StrategyFactory {
  const problem = strategyFactoryProblem(value);
  if (problem !== undefined) throw new ModuleShapeError(`${where} does not export a valid strategy: ${problem}`);
}
