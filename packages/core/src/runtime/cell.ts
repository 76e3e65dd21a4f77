/**
 * A live cell: one strategy on one workload at a thread count, with its workers started once
 * and kept alive, run in short slices on command, and checked when it closes.
 *
 * This is rclab's one runtime. `run()` is a cell with one long slice; the suite opens every cell
 * of a comparison, warms each one up until its throughput is steady, then interleaves their
 * slices round by round (the suite's runner) so that every cell sees the same machine; the
 * per-operation timing is a one-thread cell's slices. See the module doc of `worker.ts` for the
 * worker's side of the protocol.
 */
import { ModuleLoader } from '../modules/loader.ts';
import { displayPath, resolveModuleRef } from '../modules/resolve.ts';
import { assertWorkloadParams } from '../workload/params.ts';
import type { CellOptions } from './cell-types.ts';
import { LiveCell } from './live-cell.ts';

export type { CellOptions, CellOutcome, Correctness, SlicedCell, SliceResult, WarmupOptions, WarmupResult } from './cell-types.ts';
export { LiveCell } from './live-cell.ts';

/**
 * Opens a cell: builds the heap and the workload's shared objects on the main thread (thread 0,
 * holding the interpreter as CPython's main thread does), starts `threads` workers, and returns
 * once every worker has attached and paused.
 *
 * @throws UsageError for an unknown strategy or workload name.
 * @throws RunError when setup fails, a worker fails to start, or startup stalls.
 */
export async function openCell(options: CellOptions): Promise<LiveCell> {
  const threads = options.threads;
  if (!Number.isInteger(threads) || threads < 1 || threads > 250) {
    throw new RangeError(`threads must be an integer 1..250, got ${threads}`);
  }
  const strategyUrl = resolveModuleRef(options.strategy, options.strategies ?? {}, 'strategy');
  const workloadUrl = resolveModuleRef(options.workload, options.workloads ?? {}, 'workload');
  const builtinStrategy = options.strategies?.[options.strategy] !== undefined;
  const builtinWorkload = options.workloads?.[options.workload] !== undefined;
  // A cell without the run's loader makes its own, and disposes of it when it ends.
  const loader = options.loader ?? new ModuleLoader();
  const ownLoader = loader === options.loader ? undefined : loader;
  try {
    const [strategyFactory, workloadFactory, workerFile] = await Promise.all([
      loader.loadStrategy(strategyUrl, builtinStrategy),
      loader.loadWorkload(workloadUrl, builtinWorkload),
      loader.workerBundle(strategyUrl, workloadUrl),
    ]);
    // A declared parameter with a bad value fails here, in one line, before any thread starts.
    assertWorkloadParams(workloadFactory, options.params ?? {});
    // A user's module is named by its file too, so an error inside a worker points at it.
    const strategyLabel = builtinStrategy ? `'${strategyFactory.name}'` : `'${strategyFactory.name}' (${displayPath(strategyUrl)})`;
    const workloadLabel = builtinWorkload ? `'${workloadFactory.name}'` : `'${workloadFactory.name}' (${displayPath(workloadUrl)})`;
    const label = `strategy ${strategyLabel}, workload ${workloadLabel}, ${threads} thread${threads === 1 ? '' : 's'}`;
    const cell = new LiveCell(options, strategyFactory, workloadFactory, label, ownLoader);
    await cell.start(strategyUrl, workloadUrl, workerFile);
    return cell;
  } catch (error) {
    await ownLoader?.dispose();
    throw error;
  }
}
