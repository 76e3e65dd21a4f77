/**
 * `native` — heavy native work (the article's §7: a C extension that releases the GIL around
 * pure computation runs in parallel even under the GIL). Each operation is one call of
 * `hash_release(rounds)`, which steps out of the interpreter (`Py_BEGIN_ALLOW_THREADS`),
 * hashes a thread-local 1 KiB buffer `rounds` times and steps back in.
 *
 * With `hold: true` the call is `hash_hold(rounds)` instead: the same computation holding the
 * interpreter, like an extension that never releases the GIL — serial under a GIL.
 *
 * Parameters: `rounds` (default 64, about 16k multiply-xor steps), `hold` (default false).
 */
import { assemble } from '@rclab/interpreter';
import type { BooleanParam, IntParam } from '@rclab/core';
import { defineInterpretedWorkload, type InterpretedParams } from './_support/interpreted.ts';

const ROUNDS = { name: 'rounds', kind: 'int', default: 64, min: 0, max: 1_000_000, description: 'hash rounds over a 1 KiB buffer per native call' } as const satisfies IntParam;
const HOLD = {
  name: 'hold',
  kind: 'boolean',
  default: false,
  description: 'keep the interpreter during the call (an extension that never releases the GIL)',
} as const satisfies BooleanParam;

const source = (fn: 'hash_release' | 'hash_hold'): string => `
Disassembly of work(n, rounds):
  # def work(n, rounds):
  RESUME 0
  #     for _ in range(n):
  LOAD_GLOBAL range + NULL
  LOAD_FAST n
  CALL 1
  GET_ITER
loop:
  FOR_ITER done
  STORE_FAST _
  #         h = ${fn}(rounds)${fn === 'hash_release' ? '     # releases the interpreter while it hashes' : '        # holds the interpreter throughout'}
  LOAD_GLOBAL ${fn} + NULL
  LOAD_FAST rounds
  CALL 1
  STORE_FAST h
  JUMP_BACKWARD loop
done:
  RETURN_CONST None
`;

export const nativeReleaseProgram = assemble(source('hash_release'));
export const nativeHoldProgram = assemble(source('hash_hold'));

interface Params extends InterpretedParams {
  readonly rounds: number;
  readonly hold: boolean;
}

export default defineInterpretedWorkload<Params>({
  name: 'native',
  description: 'native calls that release the interpreter around pure computation (§7: parallel even under a GIL); hold=true keeps it',
  op: 'one native call hashing a 1 KiB buffer rounds times (interpreter released unless hold=true)',
  declared: [ROUNDS, HOLD],
  params: (read) => ({ checkpoints: read.checkpoints(), rounds: read.get(ROUNDS), hold: read.get(HOLD) }),
  programs: (p) => [p.hold ? nativeHoldProgram : nativeReleaseProgram],
  globals: () => ({}),
  frozenGlobals: true,
  args: (p) => [p.rounds],
  verify: () => ({ lostUpdates: 0, checks: [] }),
});
