/**
 * A small, strict command-line parser: every mistake is one `UsageError` line that says what
 * was wrong and what is allowed. `--name value` and `--name=value` both work; a flag takes no
 * value.
 */
import { UsageError } from '@rclab/core';
import { nearest } from '@rclab/core/internal';

/** One option of a command. */
export interface OptionSpec {
  readonly name: string;
  /** `flag`: present or not; `value`: takes one value. */
  readonly kind: 'flag' | 'value';
  /** Placeholder shown in help, e.g. `DIR`. */
  readonly value?: string;
  /** A value option that may be given more than once (all values are kept). */
  readonly repeatable?: boolean;
  readonly help: string;
}

/** Parsed arguments. */
export interface ParsedArgs {
  /** The value of each value option (the last one, for a repeatable option). */
  readonly values: ReadonlyMap<string, string>;
  /** Every value of each repeatable option, in order. */
  readonly repeated: ReadonlyMap<string, readonly string[]>;
  readonly flags: ReadonlySet<string>;
  readonly positionals: readonly string[];
  /** Options given, in order (for messages and the suite's custom detection). */
  readonly given: readonly string[];
}

/** Parses `argv` against `specs` for `rclab <command>`. */
export function parseArgs(argv: readonly string[], specs: readonly OptionSpec[], command: string): ParsedArgs {
  const byName = new Map(specs.map((s) => [s.name, s]));
  const values = new Map<string, string>();
  const repeated = new Map<string, string[]>();
  const flags = new Set<string>();
  const positionals: string[] = [];
  const given: string[] = [];
  const allowed = (): string => (specs.length > 0 ? specs.map((s) => `--${s.name}`).join(', ') : 'none');
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    if (arg === '-h') {
      flags.add('help');
      given.push('help');
      continue;
    }
    if (!arg.startsWith('--')) throw new UsageError(unknownOption(arg, specs, command, allowed));
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    const spec = byName.get(name);
    if (spec === undefined) throw new UsageError(unknownOption(`--${name}`, specs, command, allowed));
    given.push(name);
    if (spec.kind === 'flag') {
      if (eq >= 0) throw new UsageError(`option --${name} of rclab ${command} takes no value (got '${arg.slice(eq + 1)}')`);
      flags.add(name);
      continue;
    }
    let value: string | undefined;
    if (eq >= 0) value = arg.slice(eq + 1);
    else {
      const next = argv[i + 1];
      if (next === undefined || (next.startsWith('--') && next.length > 2)) {
        throw new UsageError(`option --${name} of rclab ${command} needs a value (${spec.value ?? 'VALUE'})`);
      }
      value = next;
      i++;
    }
    if (spec.repeatable === true) repeated.set(name, [...(repeated.get(name) ?? []), value]);
    else if (values.has(name)) throw new UsageError(`option --${name} of rclab ${command} is given twice: give it once`);
    values.set(name, value);
  }
  return { values, repeated, flags, positionals, given };
}

/** The one line for an option the command does not have: the nearest one if it looks like a typo of it. */
function unknownOption(typed: string, specs: readonly OptionSpec[], command: string, allowed: () => string): string {
  const near = nearest(
    typed.replace(/^-+/, ''),
    specs.map((s) => s.name),
  );
  if (near !== undefined) return `unknown option '${typed}' for rclab ${command}: did you mean --${near}? (rclab help ${command} lists every option)`;
  return `unknown option '${typed}' for rclab ${command}: options are ${allowed()}`;
}

/** A comma-separated list; empty items are an error. */
export function parseList(raw: string, option: string, what: string): string[] {
  const items = raw.split(',').map((s) => s.trim());
  if (items.length === 0 || items.some((s) => s.length === 0)) {
    throw new UsageError(`--${option} must be a comma-separated list of ${what}, got '${raw}'`);
  }
  return items;
}

/** An integer in [min, max]. */
export function parseInteger(raw: string, option: string, min: number, max: number): number {
  const n = /^[+-]?\d+$/.test(raw.trim()) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw new UsageError(`--${option} must be an integer from ${min} to ${max}, got '${raw}'`);
  }
  return n;
}

/** A number in [min, max] (exclusive of min when `exclusiveMin`). */
export function parseNumber(raw: string, option: string, min: number, max: number, exclusiveMin = false): number {
  const n = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(raw.trim()) ? Number(raw) : Number.NaN;
  if (!Number.isFinite(n) || n > max || (exclusiveMin ? n <= min : n < min)) {
    throw new UsageError(`--${option} must be a number ${exclusiveMin ? 'greater than' : 'from'} ${min}${exclusiveMin ? ' and at most' : ' to'} ${max}, got '${raw}'`);
  }
  return n;
}

/** A duration: `250`, `250ms`, `1.5s` → milliseconds, within [minMs, maxMs]. */
export function parseDuration(raw: string, option: string, minMs: number, maxMs: number): number {
  const m = /^(\d+\.?\d*|\.\d+)(ms|s)?$/.exec(raw.trim());
  const ms = m === null ? Number.NaN : Number(m[1]) * (m[2] === 's' ? 1000 : 1);
  if (!Number.isFinite(ms) || ms < minMs || ms > maxMs) {
    throw new UsageError(`--${option} must be a duration from ${minMs} ms to ${maxMs / 1000} s (e.g. 200, 200ms or 1.5s), got '${raw}'`);
  }
  return ms;
}

/** Thread counts: a comma-separated list of integers 1..250, e.g. `1,2,4`. */
export function parseThreads(raw: string, option = 'threads'): number[] {
  const items = raw.split(',').map((s) => s.trim());
  const out: number[] = [];
  for (const s of items) {
    const n = /^\d+$/.test(s) ? Number(s) : Number.NaN;
    if (!Number.isInteger(n) || n < 1 || n > 250) {
      throw new UsageError(`--${option} must be a comma-separated list of thread counts from 1 to 250 (e.g. 1,2,4), got '${raw}'`);
    }
    out.push(n);
  }
  return [...new Set(out)].sort((a, b) => a - b);
}

/** One of a fixed set of words. */
export function parseChoice<T extends string>(raw: string, option: string, choices: readonly T[]): T {
  if ((choices as readonly string[]).includes(raw)) return raw as T;
  const near = nearest(raw, choices);
  throw new UsageError(`--${option} must be one of ${choices.join(', ')}, got '${raw}'${near !== undefined ? ` (did you mean ${near}?)` : ''}`);
}

/** Help text for a command's options. */
export function optionsHelp(specs: readonly OptionSpec[]): string {
  const left = specs.map((s) => `  --${s.name}${s.kind === 'value' ? ` ${s.value ?? 'VALUE'}` : ''}${s.repeatable === true ? ' …' : ''}`);
  const width = Math.max(...left.map((l) => l.length)) + 2;
  return specs.map((s, i) => `${(left[i] as string).padEnd(width)}${s.help}`).join('\n');
}

/** `KEY=VALUE` pairs (from a repeatable option) as an object; values stay strings. */
export function parsePairs(raw: readonly string[], option: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of raw) {
    const m = /^([A-Za-z_][\w.-]*)=(.*)$/.exec(item);
    if (m === null) throw new UsageError(`--${option} must be KEY=VALUE (e.g. --${option} objects=16), got '${item}'`);
    out[m[1] as string] = m[2] as string;
  }
  return out;
}
