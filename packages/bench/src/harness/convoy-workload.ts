/**
 * `convoy` — the GIL's convoy effect, measured: one CPU-bound thread beside I/O-bound threads.
 *
 * Thread 1 (when `cpuThreads` is 1, the default) runs a pure-computation loop with a checkpoint
 * after every operation, like a Python thread in a tight loop. Every other thread does "I/O":
 * it releases the interpreter (`beginBlocking`, CPython's `Py_BEGIN_ALLOW_THREADS`), sleeps
 * `ioMs` in `Atomics.wait` (standing for `recv`), takes the interpreter back (`endBlocking`),
 * and does a little work. The figure is the time from the I/O completing to the thread running
 * again: under a GIL it waits for the CPU-bound holder to notice a drop request, about one
 * switch interval (5 ms by default) per I/O — the convoy. Without a global lock it is ~0.
 *
 * With `cpuThreads: 0` every thread does I/O: the baseline latency of the same waits.
 *
 * The workload reports its figures as measurements (not pass/fail checks): `ioLatencyP50Ms`,
 * `ioLatencyP99Ms`, `ioLatencyMaxMs`, `ioLatencyMeanMs` in ms, and `ioWaits`, how many I/O
 * completions were measured (the last `SAMPLE_CAP` per thread).
 *
 * Shared words: [0] a word that stays 0 (the sleep target), then per thread
 * [count, samples × SAMPLE_CAP] with samples in units of 0.1 µs.
 */
import { defineWorkload, type IntParam, type NumberParam, paramValue, type Ref } from '@rclab/core';
import { ROLE } from '../experiments/roles.ts';

/** Samples kept per I/O thread (the last ones, a ring). */
const SAMPLE_CAP = 8192;
const PER_THREAD = 1 + SAMPLE_CAP;
/** Sample unit: 0.1 µs, in ms. */
const UNIT_MS = 1e-4;

const IO_MS = { name: 'ioMs', kind: 'number', default: 1, min: 0.001, max: 10_000, description: 'length of each I/O wait (ms)' } as const satisfies NumberParam;
const CPU_THREADS = {
  name: 'cpuThreads',
  kind: 'int',
  default: 1,
  min: 0,
  max: 250,
  description: 'CPU-bound threads (the first ones); 0 measures the I/O waits alone',
} as const satisfies IntParam;
const SPIN = { name: 'spin', kind: 'int', default: 64, min: 1, max: 1_000_000, description: 'arithmetic steps per CPU-bound operation' } as const satisfies IntParam;

interface Data {
  readonly ioMs: number;
  readonly cpuThreads: number;
  readonly spin: number;
}

function threadBase(workloadBase: number, thread: number): number {
  return workloadBase + 1 + (thread - 1) * PER_THREAD;
}

export default defineWorkload<Data>({
  name: 'convoy',
  description: 'one CPU-bound thread beside I/O-bound ones; measures how long an I/O thread waits to run again (the GIL convoy)',
  roles: [ROLE.standalone, ROLE.convoy],
  op: 'CPU thread: spin arithmetic steps and one incref/decref; I/O thread: one ioMs wait with the interpreter released',
  params: [IO_MS, CPU_THREADS, SPIN],
  sharedWords(threads) {
    return 1 + threads * PER_THREAD;
  },
  setup({ params }) {
    return { ioMs: paramValue('convoy', IO_MS, params), cpuThreads: paramValue('convoy', CPU_THREADS, params), spin: paramValue('convoy', SPIN, params) };
  },
  thread({ heap, strategy, threadIndex }, data) {
    const i32 = heap.i32;
    const obj: Ref = heap.newObject(1, 0, 1);
    if (threadIndex <= data.cpuThreads) {
      // CPU-bound: arithmetic plus a little refcount traffic, a checkpoint per operation.
      let acc = threadIndex;
      return {
        step(budget) {
          for (let k = 0; k < budget; k++) {
            for (let j = 0; j < data.spin; j++) acc = (Math.imul(acc, 1103515245) + 12345) | 0;
            strategy.incref(obj);
            strategy.decref(obj);
            strategy.checkpoint();
          }
          i32[heap.payloadBase + obj] = acc;
          return budget;
        },
        finish() {
          strategy.decref(obj);
        },
      };
    }
    // I/O-bound: release the interpreter, wait, take it back, measure the wait to run again.
    const sleepWord = heap.workloadBase;
    const samples = new Float64Array(SAMPLE_CAP);
    let count = 0;
    return {
      step(budget) {
        for (let k = 0; k < budget; k++) {
          strategy.beginBlocking();
          Atomics.wait(i32, sleepWord, 0, data.ioMs);
          const woke = performance.now();
          strategy.endBlocking();
          samples[count % SAMPLE_CAP] = performance.now() - woke;
          count++;
          strategy.incref(obj);
          strategy.decref(obj);
          strategy.checkpoint();
        }
        return budget;
      },
      finish() {
        strategy.decref(obj);
        const base = threadBase(heap.workloadBase, threadIndex);
        const kept = Math.min(count, SAMPLE_CAP);
        for (let k = 0; k < kept; k++) i32[base + 1 + k] = Math.min(0x7fffffff, Math.round((samples[k] as number) / UNIT_MS));
        Atomics.store(i32, base, kept);
      },
    };
  },
  verify({ heap, threads }) {
    const all: number[] = [];
    for (let t = 1; t <= threads; t++) {
      const base = threadBase(heap.workloadBase, t);
      const kept = Atomics.load(heap.i32, base);
      for (let k = 0; k < kept; k++) all.push((heap.i32[base + 1 + k] as number) * UNIT_MS);
    }
    all.sort((a, b) => a - b);
    const at = (q: number): number => (all.length === 0 ? 0 : (all[Math.min(all.length - 1, Math.floor(q * all.length))] as number));
    const mean = all.length === 0 ? 0 : all.reduce((a, b) => a + b, 0) / all.length;
    return {
      lostUpdates: 0,
      measurements: [
        { name: 'ioLatencyP50Ms', value: at(0.5), unit: 'ms' },
        { name: 'ioLatencyP99Ms', value: at(0.99), unit: 'ms' },
        { name: 'ioLatencyMaxMs', value: all.length === 0 ? 0 : (all[all.length - 1] as number), unit: 'ms' },
        { name: 'ioLatencyMeanMs', value: mean, unit: 'ms' },
        { name: 'ioWaits', value: all.length, unit: 'count' },
      ],
    };
  },
});
