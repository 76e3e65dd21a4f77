/**
 * `brc-paper`'s verdict: the per-pass figures read back from the shared words and the timing
 * records after the run (main thread only), each the median over the recorded passes.
 */
import { type SetupContext, type WorkloadVerdict } from '@rclab/core';
import {
  CHECKPOINTS,
  INSIDE_DUMMY,
  MERGED,
  MERGES,
  PASSES,
  PEAK_LIVE,
  PEAK_PENDING,
  RECORDS,
  SLOT_WORDS,
  T_DUMMY,
  T_FIELDS,
  T_OWNER,
  T_RELEASER,
  T_WALL,
  sharedView,
} from './layout.ts';
import { type Data } from './params.ts';

/** The run's measurements (see the workload's header for what each one is). */
export function passVerdict({ heap, threads }: SetupContext, data: Data): WorkloadVerdict {
  const { i32, base, times } = sharedView(heap);
  const passes = Atomics.load(i32, base + PASSES);
  const field = (f: number): number => passMedian(times, passes, f);
  const slotBytes = Atomics.load(i32, base + SLOT_WORDS) * 4;
  const peakLive = Atomics.load(i32, base + PEAK_LIVE);
  const checkpoints = Atomics.load(i32, base + CHECKPOINTS);
  const ownerBusyTotal = sumField(times, passes, T_OWNER);
  const per = (v: number): number => (passes > 0 ? v / passes : 0);
  return {
    lostUpdates: 0,
    checks: [{ name: 'passes completed', expected: passes, observed: passes }],
    measurements: [
      { name: 'passes', value: passes, unit: 'count' },
      { name: 'objects', value: data.objects, unit: 'objects' },
      { name: 'releasedPerPass', value: threads === 2 ? data.released : 0, unit: 'objects' },
      { name: 'wallMs', value: field(T_WALL), unit: 'ms' },
      { name: 'ownerBusyMs', value: field(T_OWNER), unit: 'ms' },
      { name: 'releaserBusyMs', value: field(T_RELEASER), unit: 'ms' },
      { name: 'dummyMs', value: field(T_DUMMY), unit: 'ms' },
      { name: 'releaserInsideDummy', value: per(Atomics.load(i32, base + INSIDE_DUMMY)), unit: 'ratio' },
      { name: 'peakQueueLength', value: Atomics.load(i32, base + PEAK_PENDING), unit: 'objects' },
      { name: 'mergesPerPass', value: per(Atomics.load(i32, base + MERGES)), unit: 'count' },
      { name: 'mergedPerPass', value: per(Atomics.load(i32, base + MERGED)), unit: 'objects' },
      { name: 'peakLiveObjects', value: peakLive, unit: 'objects' },
      { name: 'peakHeapBytes', value: peakLive * slotBytes, unit: 'bytes' },
      { name: 'objectBytes', value: slotBytes, unit: 'bytes' },
      { name: 'mergeEvery', value: data.mergeEvery, unit: 'units' },
      { name: 'checkpointUs', value: checkpoints > 0 ? (ownerBusyTotal * 1000) / checkpoints : 0, unit: 'us' },
    ],
  };
}

/** Median of one field over the recorded passes, leaving out the first when there are several. */
function passMedian(times: Float64Array, passes: number, f: number): number {
  const kept = Math.min(passes, RECORDS);
  const values: number[] = [];
  for (let p = passes - kept; p < passes; p++) {
    if (p === 0 && passes > 1) continue;
    values.push(times[(p % RECORDS) * T_FIELDS + f] as number);
  }
  if (values.length === 0) return 0;
  values.sort((a, b) => a - b);
  const mid = values.length >> 1;
  return values.length % 2 === 1 ? (values[mid] as number) : ((values[mid - 1] as number) + (values[mid] as number)) / 2;
}

function sumField(times: Float64Array, passes: number, f: number): number {
  let s = 0;
  for (let p = Math.max(0, passes - RECORDS); p < passes; p++) s += times[(p % RECORDS) * T_FIELDS + f] as number;
  return s;
}
