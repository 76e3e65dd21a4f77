/**
 * Declared workload parameters: what a workload accepts, so a bad `--param` (or `run({ params })`)
 * is refused with one line before anything runs, and `rclab list` can show every parameter with
 * its default and range. One declaration is the single source of truth: the workload reads its
 * values through it (`paramValue`), the CLI validates against it, the docs print it.
 *
 * Values may arrive as strings (the command line) or as typed values (the API); both are read
 * the same way.
 */
import { UsageError } from '../errors.ts';

/**
 * Workload parameters from the command line or `run()` (e.g. `remoteFraction`, `checkpoints`).
 * Declared here, not in `types.ts`, so this module depends on nothing that depends on it.
 */
export type WorkloadParams = Readonly<Record<string, number | string | boolean>>;

/** The kinds of parameter a workload can declare. */
export const PARAM_KINDS = ['int', 'number', 'boolean', 'enum'] as const;
export type ParamKind = (typeof PARAM_KINDS)[number];

interface ParamBase {
  /** The key given as `--param name=value`. */
  readonly name: string;
  /** One line: what the parameter changes. */
  readonly description: string;
}

/** An integer in `min..max`. */
export interface IntParam extends ParamBase {
  readonly kind: 'int';
  readonly default: number;
  readonly min: number;
  readonly max: number;
}

/** A finite number in `min..max`. */
export interface NumberParam extends ParamBase {
  readonly kind: 'number';
  readonly default: number;
  readonly min: number;
  readonly max: number;
}

/** `true` or `false` (`1`/`0` on the command line too). */
export interface BooleanParam extends ParamBase {
  readonly kind: 'boolean';
  readonly default: boolean;
}

/** One of `values`, or with `multiple: true` a comma-separated non-empty subset of them. */
export interface EnumParam<T extends string = string> extends ParamBase {
  readonly kind: 'enum';
  readonly values: readonly T[];
  /** A subset given as `a,b,c` (read in `values` order). @defaultValue false */
  readonly multiple?: boolean;
  /** One value, or for `multiple` a comma-separated list of values. */
  readonly default: T | string;
}

/** One declared parameter. */
export type ParamSpec = IntParam | NumberParam | BooleanParam | EnumParam;

/** The value a declaration reads as. */
export type ParamValue<S extends ParamSpec> = S extends EnumParam<infer T> ? (S extends { readonly multiple: true } ? T[] : T) : S extends BooleanParam ? boolean : number;

/** What is allowed, in words (for messages and `rclab list`). */
export function paramAllowed(spec: ParamSpec): string {
  switch (spec.kind) {
    case 'int':
      return `an integer ${spec.min}..${spec.max}`;
    case 'number':
      return `a number ${spec.min}..${spec.max}`;
    case 'boolean':
      return 'true or false';
    case 'enum':
      return spec.multiple === true ? `a comma-separated list of ${spec.values.join(', ')}` : `one of ${spec.values.join(', ')}`;
  }
}

/** Reads `raw` under `spec`: the value, or what is wrong with it. */
export function parseParam<S extends ParamSpec>(spec: S, raw: number | string | boolean): { value: ParamValue<S> } | { problem: string } {
  const bad = { problem: `must be ${paramAllowed(spec)}, got ${JSON.stringify(raw)}` };
  switch (spec.kind) {
    case 'int':
    case 'number': {
      const n = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
      if (typeof n !== 'number' || !Number.isFinite(n) || n < spec.min || n > spec.max) return bad;
      if (spec.kind === 'int' && !Number.isInteger(n)) return bad;
      return { value: n as ParamValue<S> };
    }
    case 'boolean':
      if (raw === true || raw === 'true' || raw === 1 || raw === '1') return { value: true as ParamValue<S> };
      if (raw === false || raw === 'false' || raw === 0 || raw === '0') return { value: false as ParamValue<S> };
      return bad;
    case 'enum': {
      if (typeof raw !== 'string') return bad;
      const values: readonly string[] = spec.values;
      if (spec.multiple !== true) return values.includes(raw) ? { value: raw as ParamValue<S> } : bad;
      const wanted = raw
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '');
      if (wanted.length === 0 || wanted.some((w) => !values.includes(w))) return bad;
      return { value: values.filter((v) => wanted.includes(v)) as ParamValue<S> };
    }
  }
}

/** The value of `spec` in `params`, or its default; a bad value throws a one-line `UsageError`. */
export function paramValue<S extends ParamSpec>(workload: string, spec: S, params: WorkloadParams): ParamValue<S> {
  const raw = params[spec.name];
  const read = parseParam(spec, raw ?? spec.default);
  if ('problem' in read) {
    throw new UsageError(`workload '${workload}': parameter ${spec.name} ${read.problem}${raw === undefined ? ' (its declared default)' : ''}`);
  }
  return read.value;
}

/** Problems with a declaration itself (a user's module): empty when it is well formed. */
export function paramSpecProblem(spec: unknown): string | undefined {
  if (spec === null || typeof spec !== 'object') return 'a parameter is not an object';
  const s = spec as Record<string, unknown>;
  if (typeof s.name !== 'string' || !/^[A-Za-z_][\w.-]*$/.test(s.name)) return "a parameter's 'name' is not a KEY (letters, digits, _ . -)";
  const name = s.name;
  if (!(PARAM_KINDS as readonly unknown[]).includes(s.kind)) return `parameter ${name}: 'kind' must be one of ${PARAM_KINDS.join(', ')}`;
  if (typeof s.description !== 'string') return `parameter ${name}: missing 'description' (one line)`;
  if (s.kind === 'int' || s.kind === 'number') {
    if (typeof s.min !== 'number' || typeof s.max !== 'number' || !(s.min <= s.max)) return `parameter ${name}: needs numbers 'min' <= 'max'`;
  }
  if (s.kind === 'enum' && (!Array.isArray(s.values) || s.values.length === 0 || s.values.some((v) => typeof v !== 'string'))) {
    return `parameter ${name}: 'values' must be a non-empty list of strings`;
  }
  const read = parseParam(s as unknown as ParamSpec, s.default as number | string | boolean);
  if ('problem' in read) return `parameter ${name}: its default ${read.problem}`;
  return undefined;
}

/** Options of {@link paramsProblem}. */
export interface CheckParamsOptions {
  /**
   * Refuse keys the declaration does not know. Off for one run of a suite, which passes its own
   * keys (`checkpoints`) to every workload; the CLI checks unknown keys across the workloads it
   * runs. @defaultValue false
   */
  readonly rejectUnknown?: boolean;
}

/** What a workload declares about its parameters (a subset of `WorkloadFactory`). */
export interface DeclaresParams {
  readonly name: string;
  readonly params?: readonly ParamSpec[];
  checkParams?(params: WorkloadParams): string | undefined;
}

/**
 * The first problem with `params` for `workload`, as one line naming the parameter, the
 * workload and what is allowed; `undefined` when they are fine or the workload declares nothing.
 */
export function paramsProblem(workload: DeclaresParams, params: WorkloadParams, options: CheckParamsOptions = {}): string | undefined {
  const specs = workload.params;
  if (specs === undefined) return undefined;
  for (const [key, raw] of Object.entries(params)) {
    const spec = specs.find((s) => s.name === key);
    if (spec === undefined) {
      if (options.rejectUnknown !== true) continue;
      const known = specs.length > 0 ? `its parameters are ${specs.map((s) => s.name).join(', ')}` : 'it takes no parameters';
      return `unknown parameter '${key}' for workload '${workload.name}': ${known}`;
    }
    const read = parseParam(spec, raw);
    if ('problem' in read) return `parameter ${key} of workload '${workload.name}' ${read.problem}`;
  }
  const cross = workload.checkParams?.(params);
  return cross === undefined ? undefined : `workload '${workload.name}': ${cross}`;
}

/** Throws a `UsageError` with {@link paramsProblem}'s line when there is one. */
export function assertWorkloadParams(workload: DeclaresParams, params: WorkloadParams, options: CheckParamsOptions = {}): void {
  const problem = paramsProblem(workload, params, options);
  if (problem !== undefined) throw new UsageError(problem);
}

/** A declared parameter as `name=default (range)`, for `rclab list`. */
export function describeParam(spec: ParamSpec): string {
  const range = spec.kind === 'int' || spec.kind === 'number' ? ` (${spec.min}..${spec.max})` : spec.kind === 'enum' ? ` (${spec.values.join('|')})` : '';
  return `${spec.name}=${String(spec.default)}${range}`;
}
