/**
 * Per-operation timing of a micro workload with tinybench, on one thread — in a worker of its
 * own per strategy and workload (see micro-worker.ts for why): the worker runs the strategy and
 * workload exactly as a benchmark run's thread does (thread 0 sets up and steps aside with
 * `beginBlocking`; the timed thread is thread 1), and tinybench times batches of `batch`
 * operations after a warm-up.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { type Catalog, type MicroTiming, moduleBundle, resolveModuleRef, type StrategyOptions, type WorkloadParams } from '@rclab/core';
import type { MicroWorkerInit, MicroWorkerMessage } from './micro-worker.ts';

export { timeBatches } from './time-batches.ts';

const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
const runnerPath = fileURLToPath(new URL(`./micro-worker${ext}`, import.meta.url));

/** What to time. */
export interface MicroOptions {
  readonly strategy: string;
  readonly workload: string;
  readonly strategies: Catalog;
  readonly workloads: Catalog;
  readonly params?: WorkloadParams;
  readonly strategyOptions?: StrategyOptions;
  readonly seed?: number;
  /** @defaultValue 16 */
  readonly heapMB?: number;
  /** tinybench time budget (ms). @defaultValue 200 */
  readonly timeMs?: number;
  /** Operations per timed sample. @defaultValue 1024 */
  readonly batch?: number;
}

const bundles = new Map<string, Promise<string>>();

/** A worker script: this package's micro runner bundled with the given modules (once per process). */
function microBundle(strategyPath?: string, workloadPath?: string): Promise<string> {
  const key = `${strategyPath ?? ''}\n${workloadPath ?? ''}`;
  let file = bundles.get(key);
  if (file === undefined) {
    const lines = [`import { startMicroWorker } from ${JSON.stringify(runnerPath)};`];
    if (strategyPath !== undefined && workloadPath !== undefined) {
      lines.push(`import * as s from ${JSON.stringify(strategyPath)};`, `import * as w from ${JSON.stringify(workloadPath)};`, 'startMicroWorker(s, w);');
    } else lines.push('startMicroWorker();');
    const source = `${lines.join('\n')}\n`;
    const dir = join(tmpdir(), 'rclab-workers');
    mkdirSync(dir, { recursive: true });
    const entry = join(dir, `micro-entry-${createHash('sha256').update(source).digest('hex').slice(0, 16)}.mjs`);
    if (!existsSync(entry)) {
      const temp = `${entry}.${process.pid}.${Date.now()}.tmp`;
      writeFileSync(temp, source);
      renameSync(temp, entry);
    }
    file = moduleBundle(pathToFileURL(entry).href);
    bundles.set(key, file);
    file.catch(() => bundles.delete(key));
  }
  return file;
}

function runMicroWorker(script: string, init: MicroWorkerInit): Promise<MicroTiming> {
  return new Promise<MicroTiming>((resolve, reject) => {
    const worker = new Worker(script, { workerData: init });
    let settled = false;
    const finish = (error: Error | undefined, micro?: MicroTiming): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate().finally(() => (error !== undefined ? reject(error) : resolve(micro as MicroTiming)));
    };
    // tinybench stops itself after timeMs; a worker still busy long after that is stuck.
    const timer = setTimeout(() => finish(new Error(`per-operation timing did not finish within ${init.timeMs * 5 + 10_000} ms`)), init.timeMs * 5 + 10_000);
    worker.on('message', (m: MicroWorkerMessage) => (m.type === 'done' ? finish(undefined, m.micro) : finish(new Error(m.message))));
    worker.on('error', (e) => finish(e));
    worker.on('exit', (code) => finish(new Error(`per-operation timing worker exited (code ${code})`)));
  });
}

function baseInit(o: { timeMs?: number; batch?: number; heapMB?: number }): Omit<MicroWorkerInit, 'params' | 'strategyOptions' | 'seed'> {
  return { tag: 'rclab-micro', heapMB: o.heapMB ?? 16, timeMs: o.timeMs ?? 200, batch: o.batch ?? 1024 };
}

/** Builds (once per process) the worker script `microTiming` will use for this pair. */
export function prepareMicro(options: Pick<MicroOptions, 'strategy' | 'workload' | 'strategies' | 'workloads'>): Promise<string> {
  const strategyUrl = resolveModuleRef(options.strategy, options.strategies, 'strategy');
  const workloadUrl = resolveModuleRef(options.workload, options.workloads, 'workload');
  return microBundle(fileURLToPath(strategyUrl), fileURLToPath(workloadUrl));
}

/** Times one operation of `workload` under `strategy` on one thread (in a worker of its own). */
export async function microTiming(options: MicroOptions): Promise<MicroTiming> {
  const strategyUrl = resolveModuleRef(options.strategy, options.strategies, 'strategy');
  const workloadUrl = resolveModuleRef(options.workload, options.workloads, 'workload');
  const script = await microBundle(fileURLToPath(strategyUrl), fileURLToPath(workloadUrl));
  return runMicroWorker(script, {
    ...baseInit(options),
    params: options.params ?? {},
    strategyOptions: options.strategyOptions ?? {},
    seed: options.seed ?? 1,
  });
}

/** Times the bare `rc-private` loop (plain or `Atomics`) the same way, in a worker of its own. */
export async function bareTiming(kind: 'plain' | 'atomic', timeMs: number): Promise<MicroTiming> {
  const script = await microBundle();
  return runMicroWorker(script, { ...baseInit({ timeMs }), bare: kind, params: {}, strategyOptions: {}, seed: 1 });
}
