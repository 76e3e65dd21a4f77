/** tinybench timing of a batch function, reported per operation. */
import type { MicroTiming } from '@rclab/core';
import { Bench } from 'tinybench';

/**
 * Times `step(batch)` with tinybench (warm-up first, then samples until `timeMs`); figures are
 * per operation: each sample is one batch's time divided by its size, so p50/p99 are
 * percentiles of batch means (a single few-nanosecond operation cannot be timed on its own).
 */
export async function timeBatches(step: (budget: number) => number, timeMs: number, batch: number): Promise<MicroTiming> {
  let ops = 0;
  let calls = 0;
  const bench = new Bench({ time: timeMs, warmupTime: Math.max(20, Math.min(100, timeMs / 2)), iterations: 16, throws: true });
  bench.add('batch', () => {
    ops += step(batch);
    calls++;
  });
  await bench.run();
  const result = bench.tasks[0]?.result;
  if (result === undefined || (result.state !== 'completed' && result.state !== 'aborted-with-statistics')) {
    throw new Error(`tinybench did not complete (${result?.state ?? 'no result'})`);
  }
  const lat = result.latency;
  // If some batches did fewer operations than asked (a consumer that found nothing), scale by
  // the real mean; percentiles then assume full batches.
  const perOp = calls > 0 && ops > 0 ? (calls * batch) / ops : 1;
  const ns = (ms: number): number => (ms * 1e6 * perOp) / batch;
  return { meanNs: ns(lat.mean), p50Ns: ns(lat.p50), p99Ns: ns(lat.p99), rme: lat.rme, samples: lat.samplesCount };
}
