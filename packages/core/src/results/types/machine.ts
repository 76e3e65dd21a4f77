// The machine the run ran on, how steady it was, and the real systems measured beside the model.
// Part of the results contract: `../types.ts` declares the whole file and re-exports this, and `pnpm schema` starts there.
import type { Count, NonNegative, PositiveInt } from './values.ts';

/** The machine and the software that produced the results. */
export interface ResultsEnv {
  readonly node: string;
  readonly v8: string;
  readonly cpuModel: string;
  /** `os.availableParallelism()`: the cores a run can use. */
  readonly cores: PositiveInt;
  readonly platform: string;
  readonly arch: string;
  readonly osRelease: string;
  readonly totalMemoryMB: NonNegative;
  /** ISO 8601 time the run started. */
  readonly date: string;
  readonly rclabVersion: string;
  /** The command line, as typed (arguments after `rclab`). */
  readonly commandLine: readonly string[];
  /** @asType integer */
  readonly seed: number;
}

/** How steady the machine was while the cells ran: a fixed kernel timed once per round. */
export interface Steadiness {
  /** Rounds timed. */
  readonly rounds: Count;
  /** Median kernel time, ns per iteration. */
  readonly medianNs: number;
  /** (p90 − p10) / median of the kernel times. */
  readonly spread: NonNegative;
  /** True when the kernel times fall in two groups at least 10% apart (the VM changed speed). */
  readonly switched: boolean;
  /** True when the spread is under 10% and the machine did not switch speeds. */
  readonly steady: boolean;
  /** What to do about it when not steady (one line). */
  readonly advice?: string;
}

/**
 * A system measured beside the model: a real interpreter the `cpython` group ran its scenarios
 * on. Its cells carry `name` as their `strategy`, so every chart and table can show it as a
 * column of its own.
 */
export interface SystemRecord {
  /** The name its cells carry in `strategy` (e.g. `CPython 3.11.7`, `CPython 3.13.1t`). */
  readonly name: string;
  /** What kind of system: `python` (a real interpreter run by `rclab_driver.py`). */
  readonly kind: 'python';
  /** What was asked for (`python3`, `/usr/bin/python3.13t`). */
  readonly python: string;
  /** `sys.executable`. */
  readonly executable: string;
  /** `platform.python_version()`, e.g. `3.11.7`. */
  readonly version: string;
  /** `platform.python_implementation()`: `CPython`, `PyPy`, … */
  readonly implementation: string;
  /** `free-threaded` when `sysconfig.get_config_var('Py_GIL_DISABLED')` is set, else `gil`. */
  readonly build: 'gil' | 'free-threaded';
  /** `sys._is_gil_enabled()` where it exists (3.13+), else null. */
  readonly gilEnabled: boolean | null;
  /** `sys.getswitchinterval()` in ms, as the interpreter starts. */
  readonly switchIntervalMs: number;
  /** The model strategy its cells are compared with (`gil` for a GIL build, `biased` for a free-threaded one). */
  readonly model: string;
  readonly compiler?: string;
  readonly platform?: string;
  readonly machine?: string;
}
