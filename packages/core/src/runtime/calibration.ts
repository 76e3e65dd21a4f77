/**
 * The calibration kernel: a fixed typed-array loop in a persistent worker of its own, timed
 * once per round of an interleaved comparison. Its work never changes, so its speed from round
 * to round is the machine's: on a shared VM the same code runs fast for seconds, then slow,
 * and a run's figures are only as steady as this kernel was while they were taken.
 *
 * The worker is plain JavaScript evaluated from a string (no bundle), and the kernel is the
 * one of `shared/research/noise`: an increment and a read per iteration over a 16 KiB table.
 */
import { Worker } from 'node:worker_threads';

/** Kernel iterations per measurement: ~0.2–0.4 ms on a 2020s core. */
export const CALIBRATION_ITERATIONS = 200_000;

/** Control words: [0] request generation, [1] acknowledged generation. Result: ns per iteration. */
const REQ = 0;
const ACK = 1;

const SOURCE = `
const { workerData } = require('node:worker_threads');
const c = new Int32Array(workerData.control);
const out = new Float64Array(workerData.result);
const a = new Int32Array(4096);
const n = workerData.iterations;
function kernel(n) { let s = 0; for (let i = 0; i < n; i++) { const j = (i * 7) & 4095; a[j] = a[j] + 1; s += a[j]; } return s; }
let sink = kernel(n * 20);
let gen = 0;
for (;;) {
  while (Atomics.load(c, ${REQ}) === gen) Atomics.wait(c, ${REQ}, gen, 1000);
  gen = Atomics.load(c, ${REQ});
  if (gen < 0) break;
  const t = performance.now();
  sink += kernel(n);
  out[0] = ((performance.now() - t) * 1e6) / n;
  out[1] = sink;
  Atomics.store(c, ${ACK}, gen);
  Atomics.notify(c, ${ACK});
}
`;

/** A persistent calibration worker. */
export class Calibrator {
  readonly #worker: Worker;
  readonly #control = new Int32Array(new SharedArrayBuffer(8));
  readonly #result = new Float64Array(new SharedArrayBuffer(16));
  #gen = 0;

  constructor(iterations: number = CALIBRATION_ITERATIONS) {
    this.#worker = new Worker(SOURCE, { eval: true, workerData: { control: this.#control.buffer, result: this.#result.buffer, iterations } });
    this.#worker.on('error', () => undefined);
  }

  /** Times the kernel once; ns per iteration (NaN if the worker does not answer within 2 s). */
  measure(): number {
    const gen = ++this.#gen;
    Atomics.store(this.#control, REQ, gen);
    Atomics.notify(this.#control, REQ);
    const until = performance.now() + 2000;
    while (Atomics.load(this.#control, ACK) !== gen) {
      if (performance.now() > until) return Number.NaN;
      Atomics.wait(this.#control, ACK, Atomics.load(this.#control, ACK), 50);
    }
    return this.#result[0] as number;
  }

  async close(): Promise<void> {
    Atomics.store(this.#control, REQ, -1);
    Atomics.notify(this.#control, REQ);
    await this.#worker.terminate();
  }
}
