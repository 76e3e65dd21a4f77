/**
 * Finding and describing the Pythons the `cpython` group runs on. Each is run once on
 * `rclab_describe.py`, which prints one JSON line (and still runs on Python 2, so an old one
 * is named by its version rather than by a syntax error). Anything that is not a usable
 * Python — not found, not executable, not a Python, below 3.8 — is one line naming what was
 * tried; the caller records the group as skipped with that line.
 */
import { type ExecFileException, execFile } from 'node:child_process';
import type { SystemRecord } from '@rclab/core';
import { describeScript } from './driver-files.ts';

/** The oldest Python the programs run on. */
export const MIN_PYTHON: readonly [number, number] = [3, 8];
/** What `--python` defaults to. */
export const DEFAULT_PYTHON = 'python3';
/** How long a Python may take to describe itself. */
export const DESCRIBE_TIMEOUT_MS = 15_000;

/**
 * One interpreter, as described by `rclab_describe.py`: the fields of its results record
 * (`SystemRecord`, the one declaration of what each means) that the interpreter itself tells,
 * with `compiler`, `platform` and `machine` always present here ('' when it did not say), and a
 * label for tables. `gilEnabled` is null before 3.13; a free-threaded build can run with the GIL
 * re-enabled (`PYTHON_GIL=1`). `switchIntervalMs` is 5 by default.
 */
export interface PythonDescription
  extends
    Pick<SystemRecord, 'python' | 'executable' | 'version' | 'implementation' | 'build' | 'gilEnabled' | 'switchIntervalMs'>,
    Required<Pick<SystemRecord, 'compiler' | 'platform' | 'machine'>> {
  /** A short name for tables: `CPython 3.11.7` or `CPython 3.13.1t` (t: free-threaded); the record's `name` is made from it. */
  readonly label: string;
}

/** A Python that cannot be used; `message` is one line naming what was tried and why. */
export class PythonUnavailableError extends Error {
  override readonly name = 'PythonUnavailableError';
  readonly python: string;
  readonly reason: string;
  constructor(python: string, reason: string) {
    super(`tried '${python}': ${reason}`);
    this.python = python;
    this.reason = reason;
  }
}

interface RawDescription {
  readonly rclab?: unknown;
  readonly version?: unknown;
  readonly versionInfo?: unknown;
  readonly implementation?: unknown;
  readonly executable?: unknown;
  readonly pyGilDisabled?: unknown;
  readonly gilEnabled?: unknown;
  readonly switchIntervalMs?: unknown;
  readonly compiler?: unknown;
  readonly platform?: unknown;
  readonly machine?: unknown;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/**
 * Reads the describe script's output. Throws `PythonUnavailableError` when it is not a
 * description (the program is not a Python) or the Python is too old.
 */
export function parseDescription(python: string, stdout: string): PythonDescription {
  const line = stdout.split('\n').find((l) => l.startsWith('{'));
  let raw: RawDescription | null | undefined;
  try {
    raw = line === undefined ? undefined : (JSON.parse(line) as RawDescription | null);
  } catch {
    raw = undefined;
  }
  if (raw === undefined || raw === null || raw.rclab !== 'describe' || !Array.isArray(raw.versionInfo)) {
    throw new PythonUnavailableError(python, 'it is not a Python interpreter (it did not run rclab_describe.py)');
  }
  const [major, minor] = raw.versionInfo as number[];
  const version = str(raw.version);
  if (typeof major !== 'number' || typeof minor !== 'number' || major < MIN_PYTHON[0] || (major === MIN_PYTHON[0] && minor < MIN_PYTHON[1])) {
    throw new PythonUnavailableError(python, `it is Python ${version}, below the ${MIN_PYTHON.join('.')} the cpython group needs`);
  }
  const freeThreaded = raw.pyGilDisabled === true;
  const implementation = str(raw.implementation) || 'unknown';
  return {
    python,
    executable: str(raw.executable),
    version,
    implementation,
    build: freeThreaded ? 'free-threaded' : 'gil',
    gilEnabled: typeof raw.gilEnabled === 'boolean' ? raw.gilEnabled : null,
    switchIntervalMs: typeof raw.switchIntervalMs === 'number' ? raw.switchIntervalMs : Number.NaN,
    compiler: str(raw.compiler),
    platform: str(raw.platform),
    machine: str(raw.machine),
    label: `${implementation} ${version}${freeThreaded ? 't' : ''}`,
  };
}

/** Options for `describePython`. */
export interface DescribeOptions {
  /** Environment for the child (default: this process's), e.g. to search another PATH. */
  readonly env?: NodeJS.ProcessEnv;
  readonly timeoutMs?: number;
}

/** Runs `python` on the describe script. Rejects with `PythonUnavailableError` (one line). */
export function describePython(python: string, options: DescribeOptions = {}): Promise<PythonDescription> {
  const timeout = options.timeoutMs ?? DESCRIBE_TIMEOUT_MS;
  return new Promise((resolve, reject) => {
    execFile(python, ['-B', describeScript()], { env: options.env ?? process.env, timeout, maxBuffer: 1 << 20, encoding: 'utf8' }, (error, stdout) => {
      if (error === null) {
        try {
          resolve(parseDescription(python, stdout));
        } catch (e) {
          reject(e instanceof Error ? e : new Error(String(e)));
        }
        return;
      }
      reject(new PythonUnavailableError(python, whyNot(python, error)));
    });
  });
}

function whyNot(python: string, error: ExecFileException): string {
  if (error.code === 'ENOENT') return python.includes('/') ? 'no such file' : 'not found on PATH';
  if (error.code === 'EACCES') return 'it is not executable';
  if (error.killed === true || error.signal === 'SIGTERM') return 'it did not describe itself in time (killed)';
  if (typeof error.code === 'number') return `it is not a Python interpreter (running rclab_describe.py exited with code ${error.code})`;
  return `it could not be run (${(error.code ?? error.message).split('\n')[0]})`;
}

/** What `resolvePythons` found: the usable ones, and one line for each that was not. */
export interface PythonResolution {
  readonly pythons: readonly PythonDescription[];
  readonly skipped: readonly { readonly python: string; readonly reason: string }[];
}

/**
 * Describes each requested Python (`--python`, repeatable), or `python3` when none was asked
 * for. The group runs on `pythons`; if that is empty it is skipped, with `skipped`'s lines.
 */
export async function resolvePythons(requested: readonly string[] = [], options: DescribeOptions = {}): Promise<PythonResolution> {
  const names = requested.length === 0 ? [DEFAULT_PYTHON] : [...new Set(requested)];
  const settled = await Promise.allSettled(names.map((p) => describePython(p, options)));
  const pythons: PythonDescription[] = [];
  const skipped: { python: string; reason: string }[] = [];
  settled.forEach((s, k) => {
    const python = names[k] as string;
    if (s.status === 'fulfilled') pythons.push(s.value);
    else skipped.push({ python, reason: s.reason instanceof Error ? s.reason.message : String(s.reason) });
  });
  return { pythons, skipped };
}
