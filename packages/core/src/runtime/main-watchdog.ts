/**
 * A watchdog for the main thread's own waits. After a cell's workers are done, the main thread
 * takes the interpreter back (`endBlocking`) to audit the heap. A strategy whose `detach()` kept
 * its lock makes that call wait forever — synchronously, on the main thread, where no timer and
 * no Ctrl-C handler can run. So the main thread arms this watchdog (a persistent worker of its
 * own) around those calls: if it is not disarmed in time, the watchdog prints one line saying
 * what hung and ends the process, instead of letting `rclab bench` hang.
 */
import { Worker } from 'node:worker_threads';

/** Control word: the generation armed (0: disarmed). The deadline (wall-clock ms) is a float64 beside it. */
const ARMED = 0;
/** Longest message, in UTF-16 code units. */
const MESSAGE_CAP = 1024;

const SOURCE = `
const { workerData } = require('node:worker_threads');
const { writeSync } = require('node:fs');
const c = new Int32Array(workerData.control);
const deadline = new Float64Array(workerData.deadline);
const text = new Uint16Array(workerData.text);
for (;;) {
  const gen = Atomics.load(c, ${ARMED});
  if (gen === 0) { Atomics.wait(c, ${ARMED}, 0); continue; }
  // Wall-clock time: a worker's performance.now() need not share the main thread's origin.
  const left = deadline[0] - (performance.timeOrigin + performance.now());
  if (left > 0) { Atomics.wait(c, ${ARMED}, gen, left); continue; }
  if (Atomics.load(c, ${ARMED}) !== gen) continue;
  let s = ''; for (let i = 0; i < text.length && text[i] !== 0; i++) s += String.fromCharCode(text[i]);
  writeSync(2, 'rclab: ' + s + '\\n');
  process.kill(process.pid, 'SIGKILL');
}
`;

let worker: Worker | undefined;
let control: Int32Array | undefined;
let deadline: Float64Array | undefined;
let text: Uint16Array | undefined;
let generation = 0;

/**
 * Runs `body` (synchronous, on the main thread); if it has not returned after `ms`, prints
 * `message` on stderr and ends the process.
 */
export function guardMainThread<T>(ms: number, message: string, body: () => T): T {
  if (worker === undefined) {
    control = new Int32Array(new SharedArrayBuffer(4));
    deadline = new Float64Array(new SharedArrayBuffer(8));
    text = new Uint16Array(new SharedArrayBuffer(2 * MESSAGE_CAP));
    worker = new Worker(SOURCE, { eval: true, workerData: { control: control.buffer, deadline: deadline.buffer, text: text.buffer } });
    worker.unref();
    worker.on('error', () => undefined);
  }
  const c = control as Int32Array;
  const t = text as Uint16Array;
  t.fill(0);
  for (let i = 0; i < Math.min(message.length, MESSAGE_CAP - 1); i++) t[i] = message.charCodeAt(i);
  // Plain writes, published by the seq-cst store of the generation that the worker loads first.
  (deadline as Float64Array)[0] = performance.timeOrigin + performance.now() + ms;
  Atomics.store(c, ARMED, ++generation);
  Atomics.notify(c, ARMED);
  try {
    return body();
  } finally {
    Atomics.store(c, ARMED, 0);
    Atomics.notify(c, ARMED);
  }
}
