/**
 * `io-bound` — threads that spend most of their time in a blocking call (the article's §4
 * and §7: threads overlap and the total time drops, even under the GIL). Each operation is one
 * `sleep(blockMs)` — the interpreter is released around it (`Py_BEGIN_ALLOW_THREADS`) and the
 * thread blocks in `Atomics.wait` — followed by a little Python work on the result.
 *
 * Parameters: `blockMs` (default 1), the length of each blocking call.
 */
import { assemble } from '@rclab/interpreter';
import type { IntParam } from '@rclab/core';
import { defineInterpretedWorkload, type InterpretedParams } from './_support/interpreted.ts';

const BLOCK_MS = { name: 'blockMs', kind: 'int', default: 1, min: 0, max: 10_000, description: 'length of each blocking call (ms)' } as const satisfies IntParam;

export const ioBoundSource = `
Disassembly of work(n, ms):
  # def work(n, ms):
  RESUME 0
  #     handled = 0
  LOAD_CONST 0
  STORE_FAST handled
  #     for _ in range(n):
  LOAD_GLOBAL range + NULL
  LOAD_FAST n
  CALL 1
  GET_ITER
loop:
  FOR_ITER done
  STORE_FAST _
  #         sleep(ms)                # stands for recv(): releases the interpreter
  LOAD_GLOBAL sleep + NULL
  LOAD_FAST ms
  CALL 1
  POP_TOP
  #         handled += 1
  LOAD_FAST handled
  LOAD_CONST 1
  BINARY_OP +=
  STORE_FAST handled
  JUMP_BACKWARD loop
  #     return handled
done:
  LOAD_FAST handled
  RETURN_VALUE
`;

export const ioBoundProgram = assemble(ioBoundSource);

interface Params extends InterpretedParams {
  readonly blockMs: number;
}

export default defineInterpretedWorkload<Params>({
  name: 'io-bound',
  description: 'threads mostly blocked in a call that releases the interpreter (§4/§7: they overlap, even under a GIL)',
  op: 'one sleep(blockMs) with the interpreter released, then handled += 1',
  declared: [BLOCK_MS],
  params: (read) => ({ checkpoints: read.checkpoints(), blockMs: read.get(BLOCK_MS) }),
  programs: () => [ioBoundProgram],
  globals: () => ({}),
  frozenGlobals: true,
  args: (p) => [p.blockMs],
  verify(view, _p, ops) {
    // work() returns how many calls it handled: every operation must have come back.
    const expected = ops.reduce((a, b) => a + b, 0);
    const observed = view.results.reduce((a, b) => a + b, 0);
    return { lostUpdates: Math.abs(expected - observed), checks: [{ name: 'blocking calls completed', expected, observed }] };
  },
});
