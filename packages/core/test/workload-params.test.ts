/**
 * Declared workload parameters: values are read and refused by their declaration, a bad value
 * stops run() before setup, and a malformed declaration in a user's module is refused by name.
 */
import { type EnumParam, type IntParam, type NumberParam, paramValue, run, UsageError } from '@rclab/core';
import { assertWorkloadFactory, paramsProblem, paramSpecProblem, parseParam } from '@rclab/core/internal';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

const INT = { name: 'n', kind: 'int', default: 5, min: 0, max: 10, description: '' } as const satisfies IntParam;
const NUM = { name: 'r', kind: 'number', default: 0.5, min: 0, max: 1, description: '' } as const satisfies NumberParam;
const SET = { name: 'e', kind: 'enum', multiple: true, values: ['a', 'b', 'c'], default: 'a,b,c', description: '' } as const satisfies EnumParam;
const fixture = (name: string): string => new URL(`./fixtures/${name}.ts`, import.meta.url).href;

describe('parameter declarations', () => {
  it('an integer in range is read the same from a number and from its text; anything else is refused', () => {
    fc.assert(
      fc.property(fc.integer({ min: -50, max: 50 }), (n) => {
        const inRange = n >= INT.min && n <= INT.max;
        for (const raw of [n, String(n)]) {
          const read = parseParam(INT, raw);
          if (inRange) expect(read).toEqual({ value: n });
          else expect(read).toEqual({ problem: `must be an integer 0..10, got ${JSON.stringify(raw)}` });
        }
      }),
    );
    expect(parseParam(INT, '2.5')).toHaveProperty('problem');
    expect(parseParam(INT, '')).toHaveProperty('problem');
    expect(parseParam(NUM, '0.25')).toEqual({ value: 0.25 });
    expect(parseParam(NUM, 'NaN')).toHaveProperty('problem');
  });

  it('a subset is read in declaration order; an unknown member is refused', () => {
    expect(parseParam(SET, 'c, a')).toEqual({ value: ['a', 'c'] });
    expect(parseParam(SET, 'a,d')).toEqual({ problem: 'must be a comma-separated list of a, b, c, got "a,d"' });
    expect(paramValue('w', SET, {})).toEqual(['a', 'b', 'c']);
  });

  it('paramsProblem names the parameter, the workload and what is allowed; unknown keys only when asked', () => {
    const w = { name: 'w', params: [INT, NUM] };
    expect(paramsProblem(w, { n: '11' })).toBe(`parameter n of workload 'w' must be an integer 0..10, got "11"`);
    expect(paramsProblem(w, { cell: 'x', n: 3 })).toBeUndefined();
    expect(paramsProblem(w, { cell: 'x' }, { rejectUnknown: true })).toBe("unknown parameter 'cell' for workload 'w': its parameters are n, r");
    expect(paramsProblem({ name: 'free' }, { anything: 'goes' }, { rejectUnknown: true })).toBeUndefined();
    expect(() => paramValue('w', INT, { n: -1 })).toThrow(new UsageError(`workload 'w': parameter n must be an integer 0..10, got -1`));
  });

  it("a user's module with a malformed declaration is refused, naming the parameter", () => {
    const base = { name: 'mine', description: '', setup: () => null, thread: () => ({ step: () => 0, finish() {} }) };
    expect(() => assertWorkloadFactory({ ...base, params: [{ ...INT, min: 3, max: 2 }] }, 'mine.ts')).toThrow(
      /mine\.ts does not export a valid workload: parameter n: needs numbers 'min' <= 'max'/,
    );
    expect(() => assertWorkloadFactory({ ...base, params: [{ ...INT, default: 99 }] }, 'mine.ts')).toThrow(/parameter n: its default must be an integer 0\.\.10, got 99/);
    expect(() => assertWorkloadFactory({ ...base, op: 3 }, 'mine.ts')).toThrow(/'op' must be a string/);
    expect(paramSpecProblem({ ...SET, kind: 'list' })).toMatch(/'kind' must be one of int, number, boolean, enum/);
    expect(() => assertWorkloadFactory({ ...base, params: [INT, NUM, SET] }, 'mine.ts')).not.toThrow();
  });
});

describe('run() checks declared parameters before anything starts', () => {
  const options = { strategy: fixture('atomic-counts'), workload: fixture('declared-params'), threads: 1, opsPerThread: 10 };

  it('refuses a value out of range, and a violated constraint between parameters, with one line', async () => {
    await expect(run({ ...options, params: { low: '11' } })).rejects.toThrow(new UsageError(`parameter low of workload 'declared-params' must be an integer 0..10, got "11"`));
    await expect(run({ ...options, params: { low: 6 } })).rejects.toThrow(new UsageError("workload 'declared-params': parameter high must be at least low (6), got 5"));
  });

  it('runs with good values and ignores keys it does not declare (a suite passes its own)', async () => {
    const result = await run({ ...options, params: { low: '2', high: 3, checkpoints: 'every' } });
    expect(result.ops).toBe(10);
  });
});
