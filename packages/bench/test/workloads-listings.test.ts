/**
 * The workloads' programs through the interpreter's assembler and `dis`: the counter program
 * prints like CPython's `dis`, and every scenario program's listing assembles back to the same
 * program. (The assembler's own tests are in @rclab/interpreter.)
 */
import { assemble, dis, validateProgram } from '@rclab/interpreter';
import { describe, expect, it } from 'vitest';
import { scenarioPrograms } from '../src/workloads/_support/listings.ts';
import { atomicityProgram, EXPRESSIONS } from '../src/workloads/atomicity.ts';
import { counterProgram } from '../src/workloads/counter.ts';

describe('dis listing of the workload programs', () => {
  it('prints the counter program like CPython dis (names padded to 20, arguments in 5, labels, source lines)', () => {
    expect(dis(counterProgram)).toBe(
      [
        'Disassembly of work(n):',
        '  # def work(n):',
        '  #     global counter',
        '          0 RESUME                   0',
        '',
        '  #     for _ in range(n):',
        '          2 LOAD_GLOBAL              1 (range + NULL)',
        '          4 LOAD_FAST                0 (n)',
        '          6 CALL                     1',
        '          8 GET_ITER',
        '   L1:   10 FOR_ITER                 6 (to L2)',
        '         12 STORE_FAST               1 (_)',
        '',
        '  #         counter += 1',
        '         14 LOAD_GLOBAL              2 (counter)',
        '         16 LOAD_CONST               0 (1)',
        '         18 BINARY_OP               13 (+=)',
        '         20 STORE_GLOBAL             1 (counter)',
        '         22 JUMP_BACKWARD            7 (to L1)',
        '   L2:   24 RETURN_CONST             1 (None)',
        '',
      ].join('\n'),
    );
  });

  it('every scenario program round-trips: assemble(dis(p)) is p, and prints the same listing', () => {
    const all = [...Object.values(scenarioPrograms()).flat(), ...EXPRESSIONS.map((e) => atomicityProgram([e]))];
    for (const p of all) {
      const listing = dis(p);
      const again = assemble(listing);
      expect(again).toEqual(p);
      expect(dis(again)).toBe(listing);
      expect(validateProgram(p)).toBeGreaterThan(0);
    }
  });
});
