/**
 * The program generator: fast-check arbitraries for operation programs (see `program.ts`), the
 * random half of the kit's input. Indexes come from a fixed range, so a program must go through
 * `normalizeProgram` before it runs or is printed.
 */
import fc from 'fast-check';
import { type Op, type Program, REGISTERS } from './program.ts';

/** Largest index the generator produces for globals, containers and slots (taken modulo the real counts). */
const INDEX_RANGE = 4;

/** Operations-between-checkpoints values the generator picks from. */
export const CHECKPOINT_SPACINGS: readonly number[] = [1, 1, 2, 3, 5, 64, 4096];

const reg = fc.integer({ min: 0, max: REGISTERS - 1 });
const index = fc.integer({ min: 0, max: INDEX_RANGE - 1 });

const opArbitrary: fc.Arbitrary<Op> = fc.oneof(
  { arbitrary: fc.record({ op: fc.constant('drop' as const), r: reg }), weight: 2 },
  { arbitrary: fc.record({ op: fc.constant('global' as const), r: reg, g: index }), weight: 3 },
  { arbitrary: fc.record({ op: fc.constant('new' as const), r: reg, nrefs: fc.integer({ min: 0, max: 2 }) }), weight: 3 },
  { arbitrary: fc.record({ op: fc.constant('copy' as const), r: reg, s: reg }), weight: 2 },
  { arbitrary: fc.record({ op: fc.constant('put' as const), c: index, k: index, r: reg }), weight: 3 },
  { arbitrary: fc.record({ op: fc.constant('take' as const), r: reg, c: index, k: index }), weight: 2 },
  { arbitrary: fc.record({ op: fc.constant('steal' as const), r: reg, c: index, k: index }), weight: 2 },
  { arbitrary: fc.record({ op: fc.constant('link' as const), r: reg, k: index, s: reg }), weight: 2 },
  { arbitrary: fc.record({ op: fc.constant('field' as const), r: reg, s: reg, k: index }), weight: 1 },
  { arbitrary: fc.record({ op: fc.constant('count' as const), c: index }), weight: 1 },
  { arbitrary: fc.record({ op: fc.constant('block' as const) }), weight: 1 },
  { arbitrary: fc.record({ op: fc.constant('self' as const), c: index }), weight: 1 },
);

/**
 * Programs for up to `threads` worker threads (bodies of up to `maxOps` operations). Indexes
 * are generated in a fixed range: pass a program through `normalizeProgram` before running or
 * printing it. (Normalizing outside the arbitrary keeps given examples shrinkable.)
 */
export function programArbitrary(options: { readonly threads: number; readonly maxOps?: number }): fc.Arbitrary<Program> {
  const thread = fc.record({
    repeat: fc.integer({ min: 1, max: 3 }),
    body: fc.array(opArbitrary, { minLength: 1, maxLength: options.maxOps ?? 12 }),
  });
  return fc.record({
    globals: fc.integer({ min: 1, max: 3 }),
    immortals: fc.integer({ min: 0, max: 2 }),
    containers: fc.integer({ min: 1, max: 2 }),
    slots: fc.integer({ min: 1, max: 4 }),
    threads: fc.array(thread, { minLength: 1, maxLength: Math.max(1, options.threads) }),
    every: fc.constantFrom(...CHECKPOINT_SPACINGS),
  });
}
