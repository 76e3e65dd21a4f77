import { type EnumParam, paramValue, type ParamSpec, type ParamValue, type WorkloadParams } from '@rclab/core';
import { CHECKPOINT_PLACEMENTS, type CheckpointPlacement, DEFAULT_CHECKPOINTS } from '@rclab/interpreter';

/**
 * The interpreter's checkpoint placement, a parameter of every interpreter scenario: where a
 * GIL may switch threads.
 */
export const CHECKPOINTS_PARAM = {
  name: 'checkpoints',
  kind: 'enum',
  values: CHECKPOINT_PLACEMENTS,
  default: DEFAULT_CHECKPOINTS,
  description: 'where a GIL may switch threads: at every instruction (the article) or at back-edges and calls (CPython 3.10+)',
} as const satisfies EnumParam<CheckpointPlacement>;

/**
 * Reads a workload's parameters (from `run({ params })` or the CLI's `--param k=v`, so values
 * may arrive as strings) with defaults and ranges. Unknown keys are ignored: the suite adds
 * its own (`checkpoints` for every workload, …). A bad value is a one-line `UsageError`.
 *
 * Built-in workloads read through their declarations (`get(spec)`), the same declarations
 * their factory lists in `params`, so what `rclab list` shows, what the CLI validates and what
 * the workload reads cannot drift apart. The `int`/`number`/… helpers remain for users'
 * workloads that do not declare their parameters.
 */
export class ParamReader {
  readonly #workload: string;
  readonly #params: WorkloadParams;

  constructor(workload: string, params: WorkloadParams) {
    this.#workload = workload;
    this.#params = params;
  }

  /** The value of a declared parameter, or its default. */
  get<S extends ParamSpec>(spec: S): ParamValue<S> {
    return paramValue(this.#workload, spec, this.#params);
  }

  /** An integer in `min..max`. */
  int(name: string, fallback: number, min: number, max: number): number {
    return this.get({ name, kind: 'int', default: fallback, min, max, description: '' });
  }

  /** A number in `min..max`. */
  number(name: string, fallback: number, min: number, max: number): number {
    return this.get({ name, kind: 'number', default: fallback, min, max, description: '' });
  }

  /** A boolean (`true`/`false`, `1`/`0`). */
  bool(name: string, fallback: boolean): boolean {
    return this.get({ name, kind: 'boolean', default: fallback, description: '' });
  }

  /** One of `choices`. */
  choice<T extends string>(name: string, choices: readonly T[], fallback: T): T {
    return this.get<EnumParam<T>>({ name, kind: 'enum', values: choices, default: fallback, description: '' });
  }

  /** A comma-separated subset of `choices` (all of them by default), in `choices` order. */
  subset<T extends string>(name: string, choices: readonly T[]): T[] {
    return this.get<EnumParam<T> & { readonly multiple: true }>({ name, kind: 'enum', multiple: true, values: choices, default: choices.join(','), description: '' });
  }

  /** The interpreter's checkpoint placement (`checkpoints`, default `backedges`). */
  checkpoints(): CheckpointPlacement {
    return this.get(CHECKPOINTS_PARAM);
  }
}
