/**
 * The kit's controlled-schedule worker: one real thread of a controlled run (see `schedule.ts`
 * for the model, `controlled.ts` for the main-thread side). The kit bundles this file with the
 * strategy module into its own worker script, so the strategy's source is unchanged.
 *
 * Only the thread holding the token runs; the others wait on their own word of the control
 * block (`Atomics.wait`). At every scheduling point the running thread decides, from the
 * schedule and the shared state, whether to go on or to hand the token over. The decision is
 * a function of the schedule and of what the threads did so far, never of time: the same
 * program and schedule give the same interleaving under any load.
 *
 * The worker is put together from one file per part: `controlled-state.ts` (the run this thread
 * is in, its words of the control block, failing a run), `controlled-scheduler.ts` (the token and
 * the scheduling points), `controlled-time.ts` (virtual time: timed waits, stalls),
 * `controlled-atomics.ts` (the strategy's heap view and the modelled `Atomics`),
 * `controlled-strategy.ts` (the wrapped strategy) and `controlled-roles.ts` (what the main thread
 * and the workers run). This file takes the runs from the main thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { StrategyFactory } from '@rclab/core';
import { installKitAtomics, releaseHeapView } from './controlled-atomics.ts';
import type { RunMessage } from './controlled-messages.ts';
import { Abort, beginRun, fail, me, post } from './controlled-state.ts';
import { inMethod, setMethod } from './controlled-strategy.ts';
import { runRole } from './controlled-roles.ts';
import { FAIL_THROW } from './controlled-layout.ts';

function onRun(factory: StrategyFactory, m: RunMessage): void {
  beginRun(m);
  try {
    runRole(factory, m);
  } catch (error) {
    if (!(error instanceof Abort)) {
      const text = error instanceof Error ? error.message : String(error);
      try {
        fail(FAIL_THROW, me, `${me === 0 ? 'the main thread' : `thread ${me}`} failed${inMethod ? ` in strategy.${inMethod}()` : ''}: ${text}`);
      } catch {
        // fail() always throws Abort once it has recorded the failure.
      }
    }
  } finally {
    releaseHeapView();
    setMethod('');
    post({ type: 'idle', id: m.id });
  }
}

/** Entry of the kit's worker bundle: `strategyModule` is the user's or built-in strategy module. */
export function startControlledWorker(strategyModule: Record<string, unknown>): void {
  if (parentPort === null || (workerData as { tag?: string } | undefined)?.tag !== 'rclab-controlled') return;
  const factory = (strategyModule.default ?? strategyModule) as StrategyFactory;
  // From here on, every `Atomics` call in this worker goes through the kit: the strategy's
  // (modelled when it targets the strategy's heap view) and core's (passed straight through).
  installKitAtomics();
  parentPort.on('message', (m: RunMessage) => {
    onRun(factory, m);
  });
  post({ type: 'loaded' });
}
