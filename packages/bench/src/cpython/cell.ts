/**
 * A cell on a real CPython: one `rclab_driver.py` process running one scenario on N threads,
 * started once and run in time-bounded slices, so rclab's engine can interleave it slice by
 * slice with its other cells. It is core's `SlicedCell`, the shape the suite's runner drives,
 * like core's own `LiveCell`.
 */
import type { SliceResult, SlicedCell, WarmupOptions, WarmupResult } from '@rclab/core/internal';
import { driverScript } from './driver-files.ts';
import { DriverProcess, PythonCellError } from './driver-process.ts';
import { PYTHON_SCENARIOS } from './scenarios.ts';

/** A slice on a real Python: also the process's CPU time over it. */
export interface PythonSliceResult extends SliceResult {
  /** `time.process_time()` over the slice, in ms: `cpuMs / elapsedMs` is the cores it kept busy. */
  readonly cpuMs: number;
}
export interface CellCheck {
  readonly name: string;
  readonly expected: number;
  readonly observed: number;
}
export interface CellMeasurement {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
}
/** What a Python cell's close reports: its correctness figures and measurements. */
export interface PythonOutcome {
  readonly lostUpdates: number;
  readonly checks: readonly CellCheck[];
  readonly measurements: readonly CellMeasurement[];
}

export interface OpenPythonCellOptions {
  /** The interpreter (a name on PATH or a path), as described by `describePython`. */
  readonly python: string;
  /** One of `PYTHON_SCENARIOS`. */
  readonly scenario: string;
  readonly threads: number;
  /** Scenario parameters (see `PYTHON_SCENARIOS`), plus `switchIntervalMs` for any scenario. */
  readonly params?: Readonly<Record<string, number | string | boolean>>;
  /** Aborting kills the process. */
  readonly signal?: AbortSignal;
  /** How long past a request's own length the driver may take to answer before it is killed. @defaultValue 30 000 */
  readonly stallTimeoutMs?: number;
}

export const DEFAULT_STALL_TIMEOUT_MS = 30_000;
/** Added to the stall limit for the start: starting Python and its threads is not a stall. */
export const STARTUP_GRACE_MS = 10_000;

/** Warm-up is steady when the last `STEADY_WINDOW` slices' rates are within `STEADY_SPREAD` of their median. */
export const STEADY_WINDOW = 3;
export const STEADY_SPREAD = 0.1;

/** Starts the driver and waits until its threads are up. Rejects with one line (`PythonCellError`). */
export async function openPythonCell(options: OpenPythonCellOptions): Promise<PythonCell> {
  const { python, scenario, threads } = options;
  if (!PYTHON_SCENARIOS.includes(scenario)) {
    throw new PythonCellError(`no CPython scenario '${scenario}' (known: ${PYTHON_SCENARIOS.join(', ')})`);
  }
  if (!Number.isInteger(threads) || threads < 1 || threads > 256) throw new PythonCellError(`threads must be an integer 1..256, got ${threads}`);
  if (options.signal?.aborted === true) throw new PythonCellError(`${scenario}: aborted before it started`);
  const label = `python cell ${scenario} × ${threads} on '${python}'`;
  const args = ['-B', driverScript(), '--scenario', scenario, '--threads', String(threads), '--params', JSON.stringify(options.params ?? {})];
  const proc = new DriverProcess(python, args, label);
  const cell = new PythonCell(proc, options.stallTimeoutMs ?? DEFAULT_STALL_TIMEOUT_MS, options.signal);
  try {
    const ready = await proc.request(undefined, 'start', cell.stallTimeoutMs + STARTUP_GRACE_MS);
    if (ready.ready !== true) throw new PythonCellError(`${label}: expected a ready line, got ${JSON.stringify(ready).slice(0, 200)}`);
    cell.switchIntervalMs = typeof ready.switchIntervalMs === 'number' ? ready.switchIntervalMs : Number.NaN;
  } catch (e) {
    void cell.kill();
    throw e;
  }
  return cell;
}

export class PythonCell implements SlicedCell {
  readonly #proc: DriverProcess;
  readonly stallTimeoutMs: number;
  readonly #signal: AbortSignal | undefined;
  readonly #onAbort = (): void => {
    void this.kill();
  };
  /** `sys.getswitchinterval()` in the driver, after any `switchIntervalMs` parameter. */
  switchIntervalMs = Number.NaN;

  constructor(proc: DriverProcess, stallTimeoutMs: number, signal: AbortSignal | undefined) {
    this.#proc = proc;
    this.stallTimeoutMs = stallTimeoutMs;
    this.#signal = signal;
    signal?.addEventListener('abort', this.#onAbort, { once: true });
  }

  async warmup(o: WarmupOptions): Promise<WarmupResult> {
    const rates: number[] = [];
    let ms = 0;
    for (;;) {
      const r = await this.#run('warmup', o.sliceMs);
      ms += r.elapsedMs;
      rates.push(r.elapsedMs > 0 ? r.ops / r.elapsedMs : 0);
      const steady = isSteady(rates);
      if ((ms >= o.minMs && steady) || ms >= o.maxMs) return { ms, slices: rates.length, steady };
    }
  }

  slice(ms: number): Promise<PythonSliceResult> {
    return this.#run('slice', ms);
  }

  async close(): Promise<PythonOutcome> {
    try {
      const r = await this.#proc.request('close', 'close', this.stallTimeoutMs);
      const outcome = readOutcome(r);
      await this.#proc.exited();
      return outcome;
    } finally {
      this.#signal?.removeEventListener('abort', this.#onAbort);
      this.#proc.kill();
    }
  }

  /** Ends the process at once (Ctrl-C, errors); a request in flight fails. */
  kill(): Promise<void> {
    this.#proc.kill();
    return Promise.resolve();
  }

  async #run(command: 'warmup' | 'slice', ms: number): Promise<PythonSliceResult> {
    if (!(ms > 0 && ms <= 600_000)) throw new PythonCellError(`${command} length must be 0 < ms <= 600000, got ${ms}`);
    const r = await this.#proc.request(`${command} ${ms}`, `${command} ${ms}`, ms + this.stallTimeoutMs);
    if (typeof r.ops !== 'number' || typeof r.elapsedMs !== 'number') throw new PythonCellError(`'${command} ${ms}' got a malformed answer: ${JSON.stringify(r).slice(0, 200)}`);
    const perThread = Array.isArray(r.opsPerThread) && r.opsPerThread.every((x) => typeof x === 'number') ? r.opsPerThread : [r.ops];
    return { ops: r.ops, elapsedMs: r.elapsedMs, opsPerThread: perThread, cpuMs: typeof r.cpuMs === 'number' ? r.cpuMs : Number.NaN };
  }
}

/** True once the last `STEADY_WINDOW` rates lie within `STEADY_SPREAD` of their median. */
export function isSteady(rates: readonly number[]): boolean {
  if (rates.length < STEADY_WINDOW) return false;
  const last = rates.slice(-STEADY_WINDOW);
  const median = [...last].sort((a, b) => a - b)[Math.floor(STEADY_WINDOW / 2)] as number;
  if (median === 0) return last.every((r) => r === 0);
  return last.every((r) => Math.abs(r - median) <= STEADY_SPREAD * median);
}

function readOutcome(r: Record<string, unknown>): PythonOutcome {
  const { lostUpdates, checks, measurements } = r;
  if (typeof lostUpdates !== 'number' || !Array.isArray(checks) || !Array.isArray(measurements)) {
    throw new PythonCellError(`'close' got a malformed answer: ${JSON.stringify(r).slice(0, 200)}`);
  }
  return { lostUpdates, checks: checks as CellCheck[], measurements: measurements as CellMeasurement[] };
}
