/**
 * Which CPUs this process's threads may run on, set from the outside with util-linux's
 * `taskset -a -p` (every thread of the process; threads created later inherit it).
 *
 * Why: on a 2-vCPU VM the two vCPUs run the same code at different speeds, and not by the same
 * factor for every kernel. A worker that lives for a whole comparison tends to stay on the vCPU
 * it started on, so one cell's slices can all come from the fast vCPU and its baseline's from
 * the slow one: every round then agrees on a wrong ratio — a tight interval around a biased
 * median that the next run contradicts (measured: `gil`/`unsafe` on `rc-private` 1.27, 0.98 and
 * 0.87 in three runs, each interval a few percent wide). Pinning the one-thread cells of a round
 * to one CPU, and rotating that CPU from round to round, times both sides of every paired ratio
 * on the same CPU and gives every cell the same share of each CPU (the same three runs: 0.91,
 * 0.93, 0.93). A cell with more threads runs on all CPUs; its ratio to a one-thread cell is then
 * taken over a full turn of the rotation (see the suite's aggregate.ts), not round by round.
 *
 * Linux only; elsewhere, or without `taskset`, nothing is pinned and the run says so.
 */
import { execFileSync } from 'node:child_process';

/** Pins every thread of this process to `cpus` (`"0"`, `"0-1"`); false when that is not possible. */
export function pinProcess(cpus: string): boolean {
  if (process.platform !== 'linux') return false;
  try {
    execFileSync('taskset', ['-a', '-p', '-c', cpus, String(process.pid)], { stdio: 'ignore', timeout: 5000 });
    return true;
  } catch {
    return false;
  }
}

/** The CPUs this process may run on now (`taskset -c -p`), or undefined when that cannot be read. */
export function allowedCpus(): number[] | undefined {
  if (process.platform !== 'linux') return undefined;
  try {
    const out = execFileSync('taskset', ['-c', '-p', String(process.pid)], { encoding: 'utf8', timeout: 5000 });
    const list = out.split(':').pop()?.trim() ?? '';
    const cpus: number[] = [];
    for (const part of list.split(',')) {
      const [a, b] = part.split('-').map(Number);
      if (a === undefined || !Number.isInteger(a)) return undefined;
      for (let c = a; c <= (b ?? a); c++) cpus.push(c);
    }
    return cpus.length > 0 ? cpus : undefined;
  } catch {
    return undefined;
  }
}

/** Rotates the one-thread cells of each round over the allowed CPUs; runs the others on all of them. */
export class CpuRotation {
  readonly #cpus: readonly number[];
  readonly #all: string;
  /** False when pinning is not possible (not Linux, no `taskset`, one CPU): then it does nothing. */
  enabled: boolean;

  /** How many CPUs one-thread cells rotate over (a full turn takes this many rounds). */
  get cpuCount(): number {
    return this.#cpus.length;
  }
  #current = '';

  constructor() {
    this.#cpus = allowedCpus() ?? [];
    this.#all = this.#cpus.join(',');
    this.enabled = this.#cpus.length >= 2;
  }

  /** Before a slice of a cell with `threads` threads in round `round`. */
  before(threads: number, round: number): void {
    if (!this.enabled) return;
    const want = threads === 1 ? String(this.#cpus[round % this.#cpus.length]) : this.#all;
    if (want === this.#current) return;
    if (pinProcess(want)) this.#current = want;
    else this.enabled = false;
  }

  /** Back to every allowed CPU (the end of a block, an error). */
  release(): void {
    if (this.#current !== '' && this.#current !== this.#all) pinProcess(this.#all);
    this.#current = '';
  }
}
