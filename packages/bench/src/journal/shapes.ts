/**
 * Tiny shape checkers for JSON read back from disk: each returns `undefined` when the value
 * fits, or one phrase naming where it does not and what was found (`trial.ops must be a
 * number, got "x"`). Small on purpose: the journal's record table (`records.ts`) is built from
 * them, so a record's shape is written once, readably, next to the others.
 */

/** A checker: the problem at `at`, or `undefined`. */
export type Shape = (value: unknown, at: string) => string | undefined;

function show(value: unknown): string {
  const text = value === undefined ? 'nothing' : JSON.stringify(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

/** A value for which `ok` holds, described as `what`. */
export function is(ok: (value: unknown) => boolean, what: string): Shape {
  return (value, at) => (ok(value) ? undefined : `${at} must be ${what}, got ${show(value)}`);
}

export const num: Shape = is((v) => typeof v === 'number' && Number.isFinite(v), 'a number');
export const nonNegative: Shape = is((v) => typeof v === 'number' && Number.isFinite(v) && v >= 0, 'a number ≥ 0');
export const int: Shape = is((v) => Number.isSafeInteger(v), 'an integer');
export const count: Shape = is((v) => Number.isSafeInteger(v) && (v as number) >= 0, 'an integer ≥ 0');
export const str: Shape = is((v) => typeof v === 'string', 'a string');
export const bool: Shape = is((v) => typeof v === 'boolean', 'true or false');
/** A number, string or boolean (a parameter value). */
export const scalar: Shape = is((v) => typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v)), 'a number, string or boolean');

/** One of `values`. */
export function oneOf(values: readonly unknown[]): Shape {
  return is((v) => values.includes(v), `one of ${values.map((v) => JSON.stringify(v)).join(', ')}`);
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** A list whose every item fits `item`. */
export function listOf(item: Shape): Shape {
  return (value, at) => {
    if (!Array.isArray(value)) return `${at} must be a list, got ${show(value)}`;
    for (let i = 0; i < value.length; i++) {
      const p = item(value[i], `${at}[${i}]`);
      if (p !== undefined) return p;
    }
    return undefined;
  };
}

/** An object whose every value fits `item` (counters, parameters). */
export function recordOf(item: Shape): Shape {
  return (value, at) => {
    if (!isObject(value)) return `${at} must be an object, got ${show(value)}`;
    for (const [k, v] of Object.entries(value)) {
      const p = item(v, `${at}.${k}`);
      if (p !== undefined) return p;
    }
    return undefined;
  };
}

/** An object with these `required` fields and, when present, these `optional` ones (others are allowed). */
export function object(required: Readonly<Record<string, Shape>>, optional: Readonly<Record<string, Shape>> = {}): Shape {
  return (value, at) => {
    if (!isObject(value)) return `${at} must be an object, got ${show(value)}`;
    const path = (k: string): string => (at === '' ? k : `${at}.${k}`);
    for (const [k, shape] of Object.entries(required)) {
      if (!(k in value)) return `${path(k)} is missing`;
      const p = shape(value[k], path(k));
      if (p !== undefined) return p;
    }
    for (const [k, shape] of Object.entries(optional)) {
      if (value[k] === undefined) continue;
      const p = shape(value[k], path(k));
      if (p !== undefined) return p;
    }
    return undefined;
  };
}
