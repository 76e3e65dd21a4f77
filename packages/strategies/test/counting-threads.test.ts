// Counting instances on two real worker threads over one SharedArrayBuffer: each thread counts
// exactly its own operations, and biased counting tells owner from non-owner operations.
import { Worker } from 'node:worker_threads';
import { createHeapBuffer, Heap, ModuleLoader } from '@rclab/core';
import { afterAll, describe, expect, it } from 'vitest';
import { builtins, hotCounters } from './_support/instances.ts';
import { PUB, WORDS, type CountingWorkerInit } from './fixtures/counting-worker.ts';

const N = 5000;
const loader = new ModuleLoader();
const script = loader.moduleBundle(new URL('./fixtures/counting-worker.ts', import.meta.url).href);
afterAll(() => loader.dispose());

/** Runs the fixture on two workers under built-in `name`; returns each worker's message. */
async function twoThreads(name: string): Promise<{ counters: Record<string, number>; ownFreed: boolean }[]> {
  const sf = builtins[name];
  if (sf === undefined) throw new Error(name);
  const buffer = createHeapBuffer({ heapMB: 4, threads: 2, headerWords: sf.headerWords, strategyWords: sf.sharedWords?.(2) ?? 0, workloadWords: WORDS });
  const heap = new Heap(buffer, 0);
  sf.initShared?.(heap, 2, {});
  const main = sf.create({ heap, threadIndex: 0, threads: 2, options: { switchIntervalMs: 1 }, counting: true });
  heap.bind(main);
  main.attach();
  const shared = heap.newObject(1, 0, 1);
  Atomics.store(heap.i32, heap.workloadBase + PUB, shared);
  main.beginBlocking(); // as the runtime's main thread does during a run
  const file = await script;
  const results = await Promise.all(
    ([1, 2] as const).map(
      (threadIndex) =>
        new Promise<{ counters: Record<string, number>; ownFreed: boolean }>((resolve, reject) => {
          const w = new Worker(file, { workerData: { tag: 'counting-worker', name, buffer, threadIndex, n: N } satisfies CountingWorkerInit });
          w.once('message', (m: { counters: Record<string, number>; ownFreed: boolean }) => {
            resolve(m);
            void w.terminate();
          });
          w.once('error', reject);
          w.once('exit', (code) => reject(new Error(`counting worker ${threadIndex} exited (code ${code}) without a report`)));
        }),
    ),
  );
  main.endBlocking();
  main.checkpoint();
  main.decref(shared);
  main.checkpoint();
  expect(heap.isLive(shared)).toBe(false);
  main.detach();
  return results;
}

describe.each(Object.keys(builtins).filter((name) => name !== 'unsafe'))('%s on two worker threads', (name) => {
  const [primary, second] = hotCounters[name] ?? ['?'];

  it('each thread counts exactly its own operations', async () => {
    const results = await twoThreads(name);
    for (const r of results) {
      expect(r.ownFreed).toBe(true);
      if (second === 'sharedOps') {
        // Only the pair on its own object is an owner operation; the main thread's object and
        // the other worker's are counted atomically in SHARED. Nothing is queued: every
        // non-owner decrement follows its own increment.
        expect(r.counters).toMatchObject({ [primary]: 2 * N + 1, sharedOps: 4 * N, queued: 0 });
      } else {
        // Three pairs per round and the final drop: one count update each.
        expect(r.counters[primary]).toBe(6 * N + 1);
      }
    }
  });
});
