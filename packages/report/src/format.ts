/**
 * Number formatting for the report's text and labels. Locale-independent (the same results give
 * the same HTML on every machine) and short: a reader compares magnitudes, not digits.
 */

/** `x` with `digits` significant digits, trailing zeros removed (`0.00312`, `12.3`, `1200`). */
export function sig(x: number, digits = 3): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return '0';
  const magnitude = Math.floor(Math.log10(Math.abs(x)));
  if (magnitude >= digits) return groupThousands(Math.round(x));
  if (magnitude < -4) return x.toExponential(digits - 1).replace(/\.?0+e/, 'e');
  const decimals = Math.max(0, digits - 1 - magnitude);
  return x
    .toFixed(decimals)
    .replace(/(\.\d*?)0+$/, '$1')
    .replace(/\.$/, '');
}

/** An integer with thin grouping commas: `1234567` → `1,234,567`. */
export function groupThousands(n: number): string {
  const sign = n < 0 ? '-' : '';
  const digits = String(Math.abs(Math.round(n)));
  return sign + digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

const SI: readonly (readonly [number, string])[] = [
  [1e12, 'T'],
  [1e9, 'G'],
  [1e6, 'M'],
  [1e3, 'k'],
];

/** A count with an SI suffix: `12_300_000` → `12.3M`, `950` → `950`. */
export function si(x: number, digits = 3): string {
  const abs = Math.abs(x);
  for (const [scale, suffix] of SI) if (abs >= scale) return sig(x / scale, digits) + suffix;
  return sig(x, digits);
}

/** Operations per second: `12.3M ops/s`. */
export function opsPerSec(x: number): string {
  return `${si(x)} ops/s`;
}

/** A ratio as a multiplier: `1.85×`. */
export function times(x: number): string {
  return `${sig(x, 3)}×`;
}

/** A fraction as a percentage: `0.123` → `12.3%`. */
export function percent(x: number, digits = 2): string {
  return `${sig(x * 100, digits)}%`;
}

/** A duration given in milliseconds, in the unit that reads best: `4.2 µs`, `0.35 ms`, `5.1 ms`, `1.2 s`. */
export function duration(ms: number): string {
  const abs = Math.abs(ms);
  if (abs === 0) return '0';
  if (abs < 1e-3) return `${sig(ms * 1e6)} ns`;
  if (abs < 0.1) return `${sig(ms * 1e3)} µs`;
  if (abs < 1000) return `${sig(ms)} ms`;
  return `${sig(ms / 1000)} s`;
}

/** How a throughput ratio reads in words: `12% slower`, `3% faster`, `same`. */
export function relativeWords(ratio: number): string {
  const delta = ratio - 1;
  if (Math.abs(delta) < 0.005) return 'same';
  return delta < 0 ? `${sig(-delta * 100, 2)}% slower` : `${sig(delta * 100, 2)}% faster`;
}

/** `n` with a noun, pluralised with `s`: `1 thread`, `2 threads`. */
export function plural(n: number, noun: string): string {
  return `${groupThousands(n)} ${noun}${n === 1 ? '' : 's'}`;
}

/** Parameters as `key=value` pairs, sorted by key: `checkpoints=every, remoteFraction=0.5`. */
export function paramsText(params: Readonly<Record<string, number | string | boolean>>, skip: readonly string[] = []): string {
  return Object.keys(params)
    .filter((k) => !skip.includes(k))
    .sort()
    .map((k) => `${k}=${String(params[k])}`)
    .join(', ');
}
