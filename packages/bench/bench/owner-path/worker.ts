/**
 * One persistent worker of the owner-path microbenchmark: builds one kernel, warms it up,
 * sizes a slice to ~`sliceMs`, then runs one slice each time the main thread says go, and
 * records how long it took. The two workers never run at once: the main thread hands the CPU
 * from one to the other (/work/shared/research/noise/interleave-two-workers.mjs).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { type KernelName, makeKernel } from './kernels.ts';

/** Control word values (one word per worker). */
export const IDLE = 0;
export const GO = 1;
export const STOP = 2;

export interface SliceWorkerInit {
  readonly tag: 'owner-path-slice';
  readonly kernel: KernelName;
  /** Control words, one per worker. */
  readonly control: SharedArrayBuffer;
  readonly slot: number;
  /** Float64 slice times in ms: round r of worker `slot` at r * 2 + slot. */
  readonly times: SharedArrayBuffer;
  readonly warmupMs: number;
  readonly sliceMs: number;
}

const init = workerData as SliceWorkerInit | undefined;
if (init?.tag === 'owner-path-slice' && parentPort !== null) {
  const kernel = makeKernel(init.kernel);
  const c = new Int32Array(init.control);
  const times = new Float64Array(init.times);
  const rounds = times.length / 2;
  // Warm up until the JIT has settled, then size the slice from the speed it reached.
  let n = 1000;
  const t0 = performance.now();
  while (performance.now() - t0 < init.warmupMs) kernel.run(n);
  for (;;) {
    const t = performance.now();
    kernel.run(n);
    const ms = performance.now() - t;
    if (ms >= init.sliceMs / 4) {
      n = Math.max(1000, Math.round((n * init.sliceMs) / ms));
      break;
    }
    n *= 2;
  }
  parentPort.postMessage({ ops: n });
  for (let r = 0; ; r++) {
    while (Atomics.load(c, init.slot) === IDLE) Atomics.wait(c, init.slot, IDLE);
    if (Atomics.load(c, init.slot) === STOP || r >= rounds) break;
    const t = performance.now();
    kernel.run(n);
    times[r * 2 + init.slot] = performance.now() - t;
    Atomics.store(c, init.slot, IDLE);
    Atomics.notify(c, init.slot);
  }
  parentPort.postMessage({ sink: kernel.sink() });
}
