/**
 * One running `rclab_driver.py`: a child process spoken to in lines. One request at a time:
 * write a command, wait for one JSON line back, bounded by a stall timeout; a driver that
 * does not answer in time is killed and the request fails with a line that says what it was
 * waiting for. The driver's own `{"error": …}` lines, and its exit, fail the request too.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';

/** Thrown for anything that went wrong with a driver: one line. */
export class PythonCellError extends Error {
  override readonly name = 'PythonCellError';
}

/** Kept of the driver's stderr, for error messages (its last lines). */
const STDERR_KEEP = 4096;

interface Pending {
  readonly what: string;
  readonly resolve: (value: Record<string, unknown>) => void;
  readonly reject: (error: Error) => void;
  readonly timer: NodeJS.Timeout;
}

export class DriverProcess {
  readonly #child: ChildProcessWithoutNullStreams;
  readonly #label: string;
  #buffer = '';
  #stderr = '';
  #pending: Pending | undefined;
  #queued: Record<string, unknown>[] = [];
  #ended: string | undefined;

  constructor(python: string, args: readonly string[], label: string) {
    this.#label = label;
    this.#child = spawn(python, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    this.#child.stdout.setEncoding('utf8');
    this.#child.stderr.setEncoding('utf8');
    this.#child.stdout.on('data', (chunk: string) => this.#onData(chunk));
    this.#child.stderr.on('data', (chunk: string) => {
      this.#stderr = (this.#stderr + chunk).slice(-STDERR_KEEP);
    });
    this.#child.stdin.on('error', () => {
      // EPIPE after the driver died: the exit handler reports it.
    });
    this.#child.on('error', (e) => this.#end(`could not be started (${e.message})`));
    // 'close', not 'exit': by then every line the driver printed has been read.
    this.#child.on('close', (code, signal) => {
      const last = this.#stderr.trim().split('\n').pop() ?? '';
      this.#end(`exited (${signal ?? `code ${code}`})${last === '' ? '' : `: ${last}`}`);
    });
  }

  /** The process id (for diagnostics). */
  get pid(): number | undefined {
    return this.#child.pid;
  }

  /** Waits for the next JSON line, `timeoutMs` at most; sends `command` first if given. */
  request(command: string | undefined, what: string, timeoutMs: number): Promise<Record<string, unknown>> {
    if (this.#pending !== undefined) return Promise.reject(new PythonCellError(`${this.#label}: '${what}' sent while '${this.#pending.what}' is unanswered`));
    const early = this.#queued.shift();
    if (early !== undefined) return this.#settle(early, what);
    if (this.#ended !== undefined) return Promise.reject(new PythonCellError(`${this.#label}: the driver ${this.#ended}`));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending = undefined;
        this.kill();
        reject(new PythonCellError(`${this.#label}: no answer to '${what}' within ${timeoutMs} ms; the driver was killed`));
      }, timeoutMs);
      this.#pending = {
        what,
        resolve: (v) => {
          this.#settle(v, what).then(resolve, reject);
        },
        reject,
        timer,
      };
      if (command !== undefined) this.#child.stdin.write(`${command}\n`);
    });
  }

  /** Ends the process at once. */
  kill(): void {
    if (this.#child.exitCode === null && this.#child.signalCode === null) this.#child.kill('SIGKILL');
  }

  /** Resolves when the process has exited. */
  exited(): Promise<void> {
    if (this.#ended !== undefined) return Promise.resolve();
    return new Promise((resolve) => this.#child.once('close', () => resolve()));
  }

  #settle(v: Record<string, unknown>, what: string): Promise<Record<string, unknown>> {
    if (typeof v.error === 'string') return Promise.reject(new PythonCellError(`${this.#label}: ${v.error} (answering '${what}')`));
    return Promise.resolve(v);
  }

  #onData(chunk: string): void {
    this.#buffer += chunk;
    for (let nl = this.#buffer.indexOf('\n'); nl >= 0; nl = this.#buffer.indexOf('\n')) {
      const line = this.#buffer.slice(0, nl).trim();
      this.#buffer = this.#buffer.slice(nl + 1);
      if (line === '') continue;
      let value: Record<string, unknown>;
      try {
        const parsed: unknown = JSON.parse(line);
        value = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : { error: `not a JSON object: ${line.slice(0, 200)}` };
      } catch {
        value = { error: `printed a line that is not JSON: ${line.slice(0, 200)}` };
      }
      const p = this.#pending;
      if (p === undefined) {
        this.#queued.push(value);
        continue;
      }
      clearTimeout(p.timer);
      this.#pending = undefined;
      p.resolve(value);
    }
  }

  #end(why: string): void {
    if (this.#ended !== undefined) return;
    this.#ended = why;
    const p = this.#pending;
    if (p === undefined) return;
    clearTimeout(p.timer);
    this.#pending = undefined;
    p.reject(new PythonCellError(`${this.#label}: the driver ${why} (waiting for '${p.what}')`));
  }
}
