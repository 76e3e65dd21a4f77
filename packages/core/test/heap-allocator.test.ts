import { run } from '@rclab/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

const fixture = (name: string): string => new URL(`./fixtures/${name}.ts`, import.meta.url).href;

// Payload sizes spanning several size classes, now and then one that needs a whole page.
const payload = fc.oneof({ weight: 8, arbitrary: fc.integer({ min: 1, max: 300 }) }, { weight: 1, arbitrary: fc.integer({ min: 1000, max: 9000 }) });

describe('allocator across real worker threads', () => {
  it('never hands a slot out twice, reuses every freed slot, and brings cross-thread frees home', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 3 }).chain((threads) => fc.array(fc.array(payload, { minLength: 1, maxLength: 120 }), { minLength: threads, maxLength: threads })),
        async (program) => {
          const result = await run({
            strategy: fixture('atomic-counts'),
            workload: fixture('alloc-program'),
            threads: program.length,
            opsPerThread: 3,
            heapMB: 64,
            params: { program: JSON.stringify(program) },
          });
          expect(result.correctness.checks.filter((c) => c.observed !== c.expected)).toEqual([]);
          expect(result.correctness).toMatchObject({ ok: true, leaks: 0, doubleFrees: 0, corruptions: 0 });
        },
      ),
      { numRuns: 12 },
    );
  });
});
