/**
 * What one remote release costs in instructions alone, with no second core: one thread plays both
 * the owner and the releaser, through two strategy instances (thread indices 1 and 2) over one
 * heap. The owner allocates a batch of objects; either it drops them itself (R = 0) or the
 * "releaser" instance drops them (R = 1: under `biased` a queue push and, at the owner's next
 * checkpoint, a merge; under `atomic` an atomic decrement and a remote free). No cache line moves
 * between cores and nothing waits, so the difference between R = 1 and R = 0 is the software cost
 * of a remote release; `handoff` on two threads adds the cache-line transfers and the waits.
 *
 * Time is taken in 0.5 ms chunks and summarised by the 10th percentile, so chunks the OS
 * preempted (a busy 2-core machine) drop out. It also prints the first 40 ms in 5 ms groups (the
 * fastest chunk of each), to show how long the slow path takes to warm up in a fresh process (a
 * suite trial is a 40 ms window in fresh workers).
 *
 * Run: node --conditions=@rclab/source --import tsx packages/bench/bench/remote-release.bench.ts
 */
import { createHeapBuffer, Heap, type Strategy, type StrategyFactory } from '@rclab/core';
import { strategyCatalog } from '@rclab/strategies';

const BATCH = 256;
/** Short chunks, summarised by a low quantile: on a busy machine a chunk the OS preempted is an outlier above. */
const CHUNK_MS = 0.5;
const CHUNKS = 400;

async function measure(name: string, remote: boolean): Promise<number[]> {
  const factory = ((await import(strategyCatalog[name] as string)) as { default: StrategyFactory }).default;
  const buffer = createHeapBuffer({ heapMB: 64, threads: 2, headerWords: factory.headerWords, strategyWords: factory.sharedWords?.(2) ?? 0, workloadWords: 0 });
  const ownerHeap = new Heap(buffer, 1);
  const otherHeap = new Heap(buffer, 2);
  factory.initShared?.(ownerHeap, 2, {});
  const owner: Strategy = factory.create({ heap: ownerHeap, threadIndex: 1, threads: 2, options: {}, counting: false });
  const other: Strategy = factory.create({ heap: otherHeap, threadIndex: 2, threads: 2, options: {}, counting: false });
  ownerHeap.bind(owner);
  otherHeap.bind(other);
  const batch = new Int32Array(BATCH);
  const chunks: number[] = [];
  for (let c = 0; c < CHUNKS; c++) {
    const t0 = performance.now();
    let n = 0;
    while (performance.now() - t0 < CHUNK_MS) {
      for (let i = 0; i < BATCH; i++) batch[i] = ownerHeap.newObject(1, 0, 1);
      const dropper = remote ? other : owner;
      for (let i = 0; i < BATCH; i++) dropper.decref(batch[i] as number);
      owner.checkpoint();
      n += BATCH;
    }
    chunks.push(((performance.now() - t0) * 1e6) / n);
  }
  return chunks;
}

const p10 = (x: readonly number[]): number => {
  const s = [...x].sort((a, b) => a - b);
  return s[Math.floor(0.1 * (s.length - 1))] as number;
};
/** The fastest chunk of each 5 ms group of the first 40 ms. */
const warmup = (chunks: readonly number[]): number[] => Array.from({ length: 8 }, (_, g) => Math.min(...chunks.slice(g * 10, g * 10 + 10)));

const rows: Record<string, number[]> = {};
// Interleaved repeats, each in the same process (V8 shares compiled code between them after the first).
for (let rep = 0; rep < 3; rep++) {
  for (const name of ['atomic', 'biased']) {
    for (const remote of [false, true]) {
      const chunks = await measure(name, remote);
      const key = `${name} R=${remote ? 1 : 0}`;
      if (rep === 0)
        console.log(
          `${key} first 40 ms, ns/object, fastest chunk per 5 ms: ${warmup(chunks)
            .map((x) => x.toFixed(0))
            .join(' ')}`,
        );
      (rows[key] ??= []).push(p10(chunks.slice(CHUNKS / 2)));
    }
  }
}
for (const [key, v] of Object.entries(rows)) console.log(`${key} steady (p10 of the last 100 ms, per repeat): ${v.map((x) => x.toFixed(1)).join(' ')} ns/object`);
const d = (name: string): number[] => (rows[`${name} R=1`] as number[]).map((x, i) => x - (rows[`${name} R=0`] as number[])[i]!);
console.log(
  `remote release extra, atomic: ${d('atomic')
    .map((x) => x.toFixed(1))
    .join(' ')} ns; biased (queue + merge): ${d('biased')
    .map((x) => x.toFixed(1))
    .join(' ')} ns`,
);
