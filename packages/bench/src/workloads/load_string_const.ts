/**
 * `load_string_const` — ftscalingbench's `if i == 'a string'`: every thread loads the same string constant on
 * every iteration. In CPython 3.13t code constants were ordinary shared objects whose counts
 * every thread contended on; 3.14 makes them immortal. Here code constants are immortal
 * wherever the strategy has immortal objects, and counted — contended — where it has not
 * (`biased-noimmortal`, and `unsafe`'s plain counts).
 */
import { assemble } from '@rclab/interpreter';
import { returnedOps } from './_support/ftscaling.ts';
import { defineInterpretedWorkload, type InterpretedParams } from './_support/interpreted.ts';

export const loadStringConstSource = `
Disassembly of work(n):
  # def work(n):
  RESUME 0
  #     accu = 0
  LOAD_CONST 0
  STORE_FAST accu
  #     for i in range(n):
  LOAD_GLOBAL range + NULL
  LOAD_FAST n
  CALL 1
  GET_ITER
loop:
  FOR_ITER done
  STORE_FAST i
  #         if i == 'a string':
  LOAD_FAST i
  LOAD_CONST 'a string'
  COMPARE_OP ==
  POP_JUMP_IF_FALSE other
  #             accu += 7
  LOAD_FAST accu
  LOAD_CONST 7
  BINARY_OP +=
  STORE_FAST accu
  JUMP_BACKWARD loop
  #         else:
  #             accu += 1
other:
  LOAD_FAST accu
  LOAD_CONST 1
  BINARY_OP +=
  STORE_FAST accu
  JUMP_BACKWARD loop
  #     return accu
done:
  LOAD_FAST accu
  RETURN_VALUE
`;

export const loadStringConstProgram = assemble(loadStringConstSource);

export default defineInterpretedWorkload<InterpretedParams>({
  name: 'load_string_const',
  description: "ftscalingbench: if i == 'a string', every thread loading the same str constant",
  op: 'one loop iteration: compare i with a str constant every thread loads',
  params: (read) => ({ checkpoints: read.checkpoints() }),
  programs: () => [loadStringConstProgram],
  globals: () => ({}),
  frozenGlobals: true,
  verify: returnedOps("accu (i == 'a string' never true): one per operation"),
});
