import { UsageError, type WorkloadParams } from '@rclab/core';
import { CHECKPOINT_PLACEMENTS, type CheckpointPlacement, DEFAULT_CHECKPOINTS } from '../../interpreter/interpreter.ts';

/**
 * Reads a workload's parameters (from `run({ params })` or the CLI's `--param k=v`, so values
 * may arrive as strings) with defaults and ranges. Unknown keys are ignored: the suite adds
 * its own (`cell`, `switchIntervalMs`, …). A bad value is a one-line `UsageError`.
 */
export class ParamReader {
  readonly #workload: string;
  readonly #params: WorkloadParams;

  constructor(workload: string, params: WorkloadParams) {
    this.#workload = workload;
    this.#params = params;
  }

  #bad(name: string, want: string, got: unknown): never {
    throw new UsageError(`workload '${this.#workload}': parameter ${name} must be ${want}, got ${JSON.stringify(got)}`);
  }

  /** An integer in `min..max`. */
  int(name: string, fallback: number, min: number, max: number): number {
    const raw = this.#params[name];
    if (raw === undefined) return fallback;
    const n = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > max) this.#bad(name, `an integer ${min}..${max}`, raw);
    return n;
  }

  /** A number in `min..max`. */
  number(name: string, fallback: number, min: number, max: number): number {
    const raw = this.#params[name];
    if (raw === undefined) return fallback;
    const n = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
    if (typeof n !== 'number' || !Number.isFinite(n) || n < min || n > max) this.#bad(name, `a number ${min}..${max}`, raw);
    return n;
  }

  /** A boolean (`true`/`false`, `1`/`0`). */
  bool(name: string, fallback: boolean): boolean {
    const raw = this.#params[name];
    if (raw === undefined) return fallback;
    if (raw === true || raw === 'true' || raw === 1 || raw === '1') return true;
    if (raw === false || raw === 'false' || raw === 0 || raw === '0') return false;
    return this.#bad(name, 'true or false', raw);
  }

  /** One of `choices`. */
  choice<T extends string>(name: string, choices: readonly T[], fallback: T): T {
    const raw = this.#params[name];
    if (raw === undefined) return fallback;
    if (typeof raw === 'string' && (choices as readonly string[]).includes(raw)) return raw as T;
    return this.#bad(name, `one of ${choices.join(', ')}`, raw);
  }

  /** A comma-separated subset of `choices` (all of them by default), in `choices` order. */
  subset<T extends string>(name: string, choices: readonly T[]): T[] {
    const raw = this.#params[name];
    if (raw === undefined) return [...choices];
    const wanted = typeof raw === 'string' ? raw.split(',').map((s) => s.trim()).filter((s) => s !== '') : [];
    if (wanted.length === 0 || wanted.some((w) => !(choices as readonly string[]).includes(w))) {
      this.#bad(name, `a comma-separated list of ${choices.join(', ')}`, raw);
    }
    return choices.filter((c) => wanted.includes(c));
  }

  /** The interpreter's checkpoint placement (`checkpoints`, default `backedges`). */
  checkpoints(): CheckpointPlacement {
    return this.choice('checkpoints', CHECKPOINT_PLACEMENTS, DEFAULT_CHECKPOINTS);
  }
}
