/**
 * The main-thread side of controlled schedules: a pool of real worker threads (the main role
 * and up to 8 workers) started once per check from the kit's own bundle (the strategy module
 * plus `controlled-worker.ts`), which then runs program after program, each under one schedule,
 * each on a fresh `SharedArrayBuffer` heap.
 *
 * The main thread never blocks: it posts the run, and waits for the workers' replies with a
 * wall-clock watchdog as a last resort (a strategy that loops without touching the heap cannot
 * be scheduled away; its workers are terminated and the pool restarted). Every other stall —
 * deadlock, a waiter nobody lets in, a spinning thread — is found by the scheduler itself, in
 * virtual time, and reported with the schedule that led there.
 */
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { createHeapBuffer, type ModuleLoader, type StrategyFactory, type StrategyOptions } from '@rclab/core';
import { moduleUrl } from '@rclab/core/internal';
import {
  C_CURRENT,
  C_PHASE,
  C_STATUS,
  C_STEP,
  C_SWITCHES,
  C_TRACE_LEN,
  CODE_SWITCH,
  CTL_WORDS,
  FAIL_DEADLOCK,
  FAIL_LIVELOCK,
  FAIL_STARVATION,
  FAIL_THROW,
  PHASE_SETUP,
  S_RUNNABLE,
  STATUS_FAILED,
  STATUS_RUNNING,
  SWITCH_REASONS,
  T_BASE,
  T_DEADLINE,
  T_GO,
  T_STATE,
  T_STRIDE,
  TRACE_BASE,
  TRACE_CAP,
  TRACE_METHODS,
  MAX_CONTROLLED_THREADS,
} from './controlled-layout.ts';
import type { ControlledResult, RunMessage, WorkerReply } from './controlled-messages.ts';
import type { Program } from './program.ts';
import type { Schedule } from './schedule.ts';

/** How a controlled run ended when it did not complete. */
export type StallKind = 'deadlock' | 'starvation' | 'throw' | 'livelock' | 'hung';

/** What one controlled run found. */
export interface ControlledOutcome {
  /** The heap checks, if the run completed. */
  readonly result?: ControlledResult;
  /** Why it did not complete. */
  readonly failure?: { readonly kind: StallKind; readonly thread: number; readonly message: string };
  /** Scheduling steps of the concurrent phase (what preemption points count). */
  readonly steps: number;
  /** Token hand-offs. */
  readonly switches: number;
  /** The interleaving: strategy calls in the order they ran, one line per stretch of one thread. */
  readonly trace: readonly string[];
}

const KINDS: Record<number, StallKind> = { [FAIL_DEADLOCK]: 'deadlock', [FAIL_STARVATION]: 'starvation', [FAIL_THROW]: 'throw', [FAIL_LIVELOCK]: 'livelock' };

const workerSource = fileURLToPath(moduleUrl(import.meta.url, './controlled-worker.ts', './conformance/controlled-worker.js'));

/** Longest a controlled run may take on the wall clock before its workers are terminated. */
export const DEFAULT_WALL_TIMEOUT_MS = 20_000;

/** Words of the workload region the controlled harness uses (the serial counter). */
const WORKLOAD_WORDS = 16;

function kitBundle(strategyUrl: string, loader: ModuleLoader): Promise<string> {
  const entry = [
    `import { startControlledWorker } from ${JSON.stringify(workerSource)};`,
    `import * as strategyModule from ${JSON.stringify(fileURLToPath(strategyUrl))};`,
    'startControlledWorker(strategyModule);',
  ].join('\n');
  return loader.entryBundle(entry, `the conformance kit's worker with strategy ${fileURLToPath(strategyUrl)}`);
}

interface Pending {
  readonly id: number;
  readonly expected: number;
  idle: number;
  result?: ControlledResult;
  failure?: { kind: StallKind; thread: number; message: string };
  names: Readonly<Record<number, string>>;
  done: () => void;
}

/** A pool of kit workers for one strategy. */
export class ControlledPool {
  readonly #bundle: string;
  readonly #factory: StrategyFactory;
  #workers: Worker[] = [];
  #pending: Pending | null = null;
  #nextId = 1;
  #closed = false;
  #crash: Error | null = null;

  private constructor(bundle: string, factory: StrategyFactory) {
    this.#bundle = bundle;
    this.#factory = factory;
  }

  /** Builds the kit's bundle for `strategyUrl` (through the run's `loader`) and starts `threads + 1` workers. */
  static async open(strategyUrl: string, factory: StrategyFactory, threads: number, loader: ModuleLoader): Promise<ControlledPool> {
    if (threads + 1 > MAX_CONTROLLED_THREADS) throw new RangeError(`controlled schedules run at most ${MAX_CONTROLLED_THREADS - 1} threads, got ${threads}`);
    const pool = new ControlledPool(await kitBundle(strategyUrl, loader), factory);
    await pool.#start(threads + 1);
    return pool;
  }

  async #start(n: number): Promise<void> {
    const loaded: Promise<void>[] = [];
    for (let k = 0; k < n; k++) {
      const worker = new Worker(this.#bundle, { workerData: { tag: 'rclab-controlled' } });
      worker.unref();
      loaded.push(
        new Promise<void>((resolve, reject) => {
          const onMessage = (m: WorkerReply): void => {
            if (m.type === 'loaded') {
              worker.off('error', reject);
              resolve();
            }
          };
          worker.on('message', onMessage);
          worker.once('error', reject);
        }),
      );
      worker.on('message', (m: WorkerReply) => this.#onReply(m));
      worker.on('error', (error) => {
        this.#crash = error;
        this.#pending?.done();
      });
      this.#workers.push(worker);
    }
    await Promise.all(loaded);
  }

  #onReply(m: WorkerReply): void {
    const p = this.#pending;
    if (p === null || m.type === 'loaded' || m.id !== p.id) return;
    if (m.type === 'names') p.names = m.names;
    else if (m.type === 'result') p.result = m.result;
    else if (m.type === 'failure') p.failure ??= { kind: KINDS[m.kind] ?? 'throw', thread: m.thread, message: m.message };
    else if (++p.idle === p.expected) p.done(); // m.type is 'idle'
  }

  /** Runs `program` once under `schedule`. */
  async run(
    program: Program,
    schedule: Schedule,
    options: { rounds: number; strategyOptions: StrategyOptions; wallTimeoutMs?: number; signal?: AbortSignal },
  ): Promise<ControlledOutcome> {
    if (this.#closed) throw new Error('the controlled pool is closed');
    const threads = program.threads.length;
    if (threads + 1 > this.#workers.length) throw new RangeError(`program has ${threads} threads; the pool was opened for ${this.#workers.length - 1}`);
    const heap = createHeapBuffer({
      heapMB: 2,
      threads,
      headerWords: this.#factory.headerWords,
      strategyWords: this.#factory.sharedWords?.(threads) ?? 0,
      workloadWords: WORKLOAD_WORDS,
      rootCapacity: 64,
    });
    const ctlBuffer = new SharedArrayBuffer(CTL_WORDS * 4);
    const ctl = new Int32Array(ctlBuffer);
    ctl[C_PHASE] = PHASE_SETUP;
    for (let u = 0; u <= threads; u++) ctl[T_BASE + u * T_STRIDE + T_DEADLINE] = -1;
    ctl[T_BASE + T_STATE] = S_RUNNABLE;
    ctl[T_BASE + T_GO] = 1;
    const id = this.#nextId++;
    let timedOut = false;
    const finished = new Promise<void>((resolve) => {
      this.#pending = { id, expected: threads + 1, idle: 0, names: {}, done: resolve };
    });
    for (let role = 0; role <= threads; role++) {
      const message: RunMessage = { type: 'run', id, role, heap, ctl: ctlBuffer, program, schedule, rounds: options.rounds, strategyOptions: options.strategyOptions };
      (this.#workers[role] as Worker).postMessage(message);
    }
    const stop = (): void => {
      // Ask every thread to unwind at its next scheduling point.
      Atomics.compareExchange(ctl, C_STATUS, STATUS_RUNNING, STATUS_FAILED);
      for (let u = 0; u <= threads; u++) {
        Atomics.store(ctl, T_BASE + u * T_STRIDE + T_GO, 1);
        Atomics.notify(ctl, T_BASE + u * T_STRIDE + T_GO);
      }
    };
    const onAbort = (): void => stop();
    options.signal?.addEventListener('abort', onAbort);
    let timer: NodeJS.Timeout | undefined;
    const watchdog = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), options.wallTimeoutMs ?? DEFAULT_WALL_TIMEOUT_MS);
    });
    const first = await Promise.race([finished.then(() => 'done' as const), watchdog]);
    if (first === 'timeout') {
      timedOut = true;
      stop();
      const grace = await Promise.race([finished.then(() => 'done' as const), new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 1000))]);
      if (grace === 'timeout') await this.#restart();
    }
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
    const p = this.#pending as Pending;
    this.#pending = null;
    if (this.#crash !== null) {
      const crash = this.#crash;
      this.#crash = null;
      await this.#restart();
      return { failure: { kind: 'throw', thread: 0, message: `a kit worker crashed: ${crash.message}` }, steps: 0, switches: 0, trace: [] };
    }
    const outcome = {
      steps: Atomics.load(ctl, C_STEP),
      switches: Atomics.load(ctl, C_SWITCHES),
      trace: decodeTrace(ctl, p.names),
    };
    if (p.failure !== undefined) return { ...outcome, failure: p.failure };
    if (timedOut || p.result === undefined) {
      const reason = options.signal?.aborted
        ? 'the check was stopped'
        : `a thread ran for ${((options.wallTimeoutMs ?? DEFAULT_WALL_TIMEOUT_MS) / 1000).toFixed(0)} s without reaching a scheduling point (a loop that touches no shared memory?)`;
      return { ...outcome, failure: { kind: 'hung', thread: Atomics.load(ctl, C_CURRENT), message: reason } };
    }
    return { ...outcome, result: p.result };
  }

  async #restart(): Promise<void> {
    const n = this.#workers.length;
    await Promise.all(this.#workers.map((w) => w.terminate()));
    this.#workers = [];
    await this.#start(n);
  }

  /** Terminates every worker. */
  async close(): Promise<void> {
    this.#closed = true;
    await Promise.all(this.#workers.map((w) => w.terminate()));
    this.#workers = [];
  }
}

/** The trace as lines: `t1 attach · incref g0`, then `→ t2 (preempted): …`. */
function decodeTrace(ctl: Int32Array, names: Readonly<Record<number, string>>): string[] {
  const total = Atomics.load(ctl, C_TRACE_LEN);
  const first = Math.max(0, total - TRACE_CAP);
  const lines: string[] = [];
  let current = -1;
  let calls: string[] = [];
  let reason = '';
  const flush = (): void => {
    if (current >= 0 && calls.length > 0) lines.push(`${lines.length === 0 && first === 0 ? '' : '→ '}t${current}${reason ? ` (${reason})` : ''}: ${calls.join(' · ')}`);
    calls = [];
    reason = '';
  };
  for (let n = first; n < total; n++) {
    const k = n % TRACE_CAP;
    const head = Atomics.load(ctl, TRACE_BASE + 2 * k);
    const arg = Atomics.load(ctl, TRACE_BASE + 2 * k + 1);
    const thread = head >>> 16;
    const code = head & 0xffff;
    if (code === CODE_SWITCH) {
      const to = arg & 0xffff;
      const why = SWITCH_REASONS[arg >>> 16] ?? 'switch';
      if (to !== current || calls.length > 0) {
        flush();
        current = to;
        reason = `${why} t${thread}`
          .replace(/^preempted t(\d+)$/, 'preempts t$1')
          .replace(/^woke t(\d+)$/, 'woken by t$1')
          .replace(/^blocked t(\d+)$/, 't$1 blocked')
          .replace(/^finished t(\d+)$/, 't$1 finished')
          .replace(/^spinning t(\d+)$/, 't$1 spins')
          .replace(/^timed out t(\d+)$/, 'timed out');
      }
      continue;
    }
    if (thread !== current) {
      flush();
      current = thread;
    }
    const method = TRACE_METHODS[code] ?? `#${code}`;
    const takesRef = method !== 'attach' && method !== 'detach' && method !== 'checkpoint' && method !== 'beginBlocking' && method !== 'endBlocking';
    calls.push(takesRef ? `${method} ${names[arg] ?? `o${arg}`}` : method);
  }
  flush();
  return lines.map((l) =>
    l
      .replace(/^t0\b/, 'main')
      .replace(/→ t0\b/, '→ main')
      .replace(/\bt0 (blocked|finished|spins)/, 'main $1')
      .replace(/by t0\b/, 'by main')
      .replace(/preempts t0\b/, 'preempts main'),
  );
}
