// Counters per operation on rc-private come out exact when they are taken as the difference of
// two cumulative reports around a window (as the runtime does): one incref and one decref per
// operation, so `atomic` does exactly 2.00 atomic operations per operation, `biased` 2.00 owner
// operations and no shared one. In-process, one thread, a real heap, the real workload; the
// instances are counting ones (StrategyContext.counting), as a counting pass creates them.
import { createHeapBuffer, Heap, type StrategyFactory } from '@rclab/core';
import { atomicStrategy, biasedNoImmortalStrategy, biasedStrategy, gilStrategy, lockedStrategy, unsafeStrategy } from '@rclab/strategies';
import { describe, expect, it } from 'vitest';
import rcPrivate from '../src/workloads/rc-private.ts';

const cases: [StrategyFactory, Record<string, number>][] = [
  [unsafeStrategy, { plainOps: 2 }],
  [gilStrategy, { plainOps: 2 }],
  [atomicStrategy, { atomicOps: 2 }],
  [lockedStrategy, { lockedOps: 2 }],
  [biasedStrategy, { fastOps: 2, sharedOps: 0, queued: 0 }],
  [biasedNoImmortalStrategy, { fastOps: 2, sharedOps: 0, queued: 0 }],
];

describe.each(cases.map(([sf, perOp]) => [sf.name, sf, perOp] as const))('rc-private under %s, counted in a window', (_name, sf, perOp) => {
  it(`does exactly ${JSON.stringify(perOp)} per operation, however long the warm-up before the window`, () => {
    const params = {};
    const buffer = createHeapBuffer({
      heapMB: 4,
      threads: 1,
      headerWords: sf.headerWords,
      strategyWords: sf.sharedWords?.(1) ?? 0,
      workloadWords: rcPrivate.sharedWords?.(1, params) ?? 0,
    });
    const heap0 = new Heap(buffer, 0);
    sf.initShared?.(heap0, 1, {});
    const main = sf.create({ heap: heap0, threadIndex: 0, threads: 1, options: {}, counting: true });
    heap0.bind(main);
    main.attach();
    const data = rcPrivate.setup({ heap: heap0, strategy: main, threads: 1, params, seed: 1 });
    main.beginBlocking();
    const heap = new Heap(buffer, 1);
    const strategy = sf.create({ heap, threadIndex: 1, threads: 1, options: {}, counting: true });
    heap.bind(strategy);
    const body = rcPrivate.thread({ heap, strategy, threads: 1, threadIndex: 1, params, seed: 1 }, data);
    strategy.attach();
    for (const [warmup, window] of [
      [1000, 5000],
      [37, 10_000],
      [5000, 1],
    ]) {
      body.step(warmup as number);
      const before = strategy.report().counters;
      const done = body.step(window as number);
      const after = strategy.report().counters;
      expect(done).toBe(window);
      for (const [name, n] of Object.entries(perOp)) expect(((after[name] ?? NaN) - (before[name] ?? NaN)) / done, name).toBe(n);
    }
    body.finish();
    strategy.detach();
    main.endBlocking();
    main.detach();
  });
});
