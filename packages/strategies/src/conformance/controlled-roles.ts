/**
 * The two roles of a controlled run. Thread 0 plays the main thread of core's `run()`: setup,
 * `beginBlocking` while the workers run, then `endBlocking`, the audit, releasing the roots, the
 * leak count and `detach`, under the scheduler too, so a wait on the main thread is watched like
 * any other. Threads 1.. are the workers: each runs its body, then detaches; the last one to
 * finish wakes the main thread for teardown.
 */
import { Heap, type Ref, type Strategy, type StrategyFactory } from '@rclab/core';
import { auditHeap, countMortalLive, layout } from '@rclab/core/internal';
import {
  C_LIVE,
  C_PHASE,
  C_STATUS,
  FAIL_THROW,
  PHASE_CONCURRENT,
  PHASE_TEARDOWN,
  S_FINISHED,
  S_JOINING,
  S_RUNNABLE,
  STATUS_DONE,
  STATUS_RUNNING,
  T_STATE,
  T_WOKEN,
} from './controlled-layout.ts';
import { wrapHeapView } from './controlled-atomics.ts';
import type { ControlledResult, RunMessage } from './controlled-messages.ts';
import { K_ACCESS, K_BLOCK, point, waitForToken } from './controlled-scheduler.ts';
import { Abort, ctl, fail, me, nthreads, post, put, RA, tw } from './controlled-state.ts';
import { setMethod, wrapStrategy } from './controlled-strategy.ts';
import { expectedCounts, makeInterpreter, setupShared } from './interpreter.ts';
import type { Op } from './program.ts';

/** Workload words in the heap: word 0 is the serial counter for new objects. */
const SERIAL = 0;

/** Runs this thread's role in run `m` (`me`: 0 the main thread, else a worker) to its end or its failure. */
export function runRole(factory: StrategyFactory, m: RunMessage): void {
  const program = m.program;
  const realHeap = new Heap(m.heap, me);
  const proxy = wrapHeapView(realHeap.i32);
  // The strategy's view of the heap: the same arena, its `i32` the scheduling proxy.
  const strategyHeap = new Heap(m.heap, me);
  Object.defineProperty(strategyHeap, 'i32', { value: proxy });
  const createInstance = (): Strategy => {
    setMethod('create');
    try {
      return factory.create({ heap: strategyHeap, threadIndex: me, threads: nthreads, options: m.strategyOptions, counting: true });
    } catch (error) {
      if (error instanceof Abort) throw error;
      fail(FAIL_THROW, me, `${me === 0 ? 'the main thread' : `thread ${me}`} threw in create(): ${error instanceof Error ? error.message : String(error)}`);
    }
  };

  if (me === 0) {
    waitForToken();
    factory.initShared?.(realHeap, nthreads, m.strategyOptions);
    const strategy = wrapStrategy(createInstance());
    realHeap.bind(strategy);
    strategyHeap.bind(strategy);
    strategy.attach();
    const made = setupShared(realHeap, strategy, program);
    for (const obj of [...made.shared, ...made.containers]) realHeap.addRoot(obj);
    const names: Record<number, string> = {};
    made.shared.forEach((r, k) => (names[r] = `g${k}`));
    made.containers.forEach((r, k) => (names[r] = `c${k}`));
    post({ type: 'names', id: m.id, names });
    strategy.beginBlocking();
    // The workers run; the main thread waits for all of them (a `join`).
    put(C_LIVE, nthreads);
    for (let u = 1; u <= nthreads; u++) put(tw(u, T_STATE), S_RUNNABLE);
    put(tw(0, T_STATE), S_JOINING);
    put(C_PHASE, PHASE_CONCURRENT);
    point(K_BLOCK);
    // Every worker has finished (the last one made us runnable and entered teardown).
    strategy.endBlocking();
    strategy.checkpoint();
    const expected = expectedCounts(program, m.rounds);
    const checks = made.containers.map((c, k) => ({ name: `c${k}.counter`, expected: expected[k] ?? 0, observed: realHeap.load(c, program.slots) }));
    const immortal = new Set<Ref>(made.immortal);
    const audit = auditHeap(realHeap, strategy, immortal);
    realHeap.releaseRoots();
    strategy.checkpoint();
    const leaks = countMortalLive(realHeap, strategy, immortal);
    strategy.detach();
    const i32 = realHeap.i32;
    const result: ControlledResult = {
      lostUpdates: checks.reduce((a, x) => a + Math.abs(x.expected - x.observed), 0),
      checks,
      leaks,
      doubleFrees: RA.load(i32, layout.CTRL_DOUBLE_FREES),
      useAfterFree: RA.load(i32, layout.CTRL_USE_AFTER_FREE) + audit.danglingRefs + audit.badRefs,
      auditMismatches: audit.auditMismatches,
      corruptions: RA.load(i32, layout.CTRL_CORRUPTIONS),
      mismatches: audit.mismatches.slice(0, 5),
      names,
    };
    if (RA.compareExchange(ctl, C_STATUS, STATUS_RUNNING, STATUS_DONE) === STATUS_RUNNING) post({ type: 'result', id: m.id, result });
    return;
  }

  // A worker.
  waitForToken();
  const strategy = wrapStrategy(createInstance());
  realHeap.bind(strategy);
  strategyHeap.bind(strategy);
  const shared: Ref[] = [];
  const containers: Ref[] = [];
  for (let k = 0; k < program.globals + program.immortals; k++) shared.push(realHeap.root(k));
  for (let k = 0; k < program.containers; k++) containers.push(realHeap.root(program.globals + program.immortals + k));
  strategy.attach();
  const interpreter = makeInterpreter(realHeap, strategy, program, shared, containers, realHeap.workloadBase + SERIAL, () => point(K_ACCESS));
  const body: readonly Op[] = program.threads[me - 1]?.body ?? [];
  const passes = (program.threads[me - 1]?.repeat ?? 0) * m.rounds;
  const every = program.every ?? 1;
  let since = 0;
  for (let pass = 0; pass < passes; pass++) {
    for (const op of body) {
      interpreter.exec(op);
      if (++since >= every) {
        since = 0;
        strategy.checkpoint();
      }
    }
  }
  interpreter.finish();
  strategy.checkpoint();
  strategy.detach();
  put(tw(me, T_STATE), S_FINISHED);
  if (RA.sub(ctl, C_LIVE, 1) === 1) {
    put(C_PHASE, PHASE_TEARDOWN);
    put(tw(0, T_STATE), S_RUNNABLE);
    put(tw(0, T_WOKEN), 1);
  }
  point(K_BLOCK);
}
