// Helpers for tests that drive strategy instances in-process, on one real heap: an instance
// per arena, created timed (counting=false) or counting, exactly as a runtime would.
import { createHeapBuffer, Heap, type Strategy, type StrategyFactory } from '@rclab/core';
import { atomicStrategy, biasedNoImmortalStrategy, biasedStrategy, gilNoForceStrategy, gilStrategy, lockedStrategy, unsafeStrategy } from '@rclab/strategies';

/** Every built-in factory by name (the catalog holds URLs; in-process tests need the objects). */
export const builtins: Readonly<Record<string, StrategyFactory>> = {
  unsafe: unsafeStrategy,
  gil: gilStrategy,
  'gil-noforce': gilNoForceStrategy,
  atomic: atomicStrategy,
  locked: lockedStrategy,
  biased: biasedStrategy,
  'biased-noimmortal': biasedNoImmortalStrategy,
};

/**
 * The hot-path counters of each built-in: counted by its counting class only, never by its
 * timed class. The first one counts this thread's operations on objects it allocated.
 */
export const hotCounters: Readonly<Record<string, readonly [string, ...string[]]>> = {
  unsafe: ['plainOps'],
  gil: ['plainOps'],
  'gil-noforce': ['plainOps'],
  atomic: ['atomicOps'],
  locked: ['lockedOps'],
  biased: ['fastOps', 'sharedOps'],
  'biased-noimmortal': ['fastOps', 'sharedOps'],
};

/** One heap for `threads` workers and a way to make instances on its arenas. */
export function heapFor(sf: StrategyFactory, threads = 1): { buffer: SharedArrayBuffer; instance: (arena: number, counting: boolean) => { heap: Heap; strategy: Strategy } } {
  const buffer = createHeapBuffer({ heapMB: 2, threads, headerWords: sf.headerWords, strategyWords: sf.sharedWords?.(threads) ?? 0 });
  sf.initShared?.(new Heap(buffer, 0), threads, {});
  return {
    buffer,
    instance(arena, counting) {
      const heap = new Heap(buffer, arena);
      const strategy = sf.create({ heap, threadIndex: arena, threads, options: { switchIntervalMs: 1 }, counting });
      heap.bind(strategy);
      return { heap, strategy };
    },
  };
}
