/**
 * `pyfunction` — ftscalingbench's `accu = next_number(i)`: a call to a module-level Python
 * function per iteration. The call pushes a frame (the argument becomes its first local), runs
 * `next_number`'s code and returns. Every thread loads the same function object from the
 * module globals: its count is shared (CPython 3.14 gives functions deferred reference
 * counting to avoid exactly that; rclab has none, see docs/cpython.md).
 */
import { assemble } from '@rclab/interpreter';
import { returnedOps } from './_support/ftscaling.ts';
import { defineInterpretedWorkload, type InterpretedParams } from './_support/interpreted.ts';

export const pyfunctionSource = `
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
  #         accu = next_number(i)
  LOAD_GLOBAL next_number + NULL
  LOAD_FAST i
  CALL 1
  STORE_FAST accu
  JUMP_BACKWARD loop
  #     return accu
done:
  LOAD_FAST accu
  RETURN_VALUE
`;

export const nextNumberSource = `
Disassembly of next_number(i):
  # def next_number(i):
  RESUME 0
  #     return i + 1
  LOAD_FAST i
  LOAD_CONST 1
  BINARY_OP +
  RETURN_VALUE
`;

export const pyfunctionProgram = assemble(pyfunctionSource);
export const nextNumberProgram = assemble(nextNumberSource);

export default defineInterpretedWorkload<InterpretedParams>({
  name: 'pyfunction',
  description: 'ftscalingbench: accu = next_number(i), a Python function call (a frame) per iteration',
  op: 'one loop iteration: one call of a module-level Python function (a frame pushed and popped)',
  params: (read) => ({ checkpoints: read.checkpoints() }),
  programs: () => [pyfunctionProgram, nextNumberProgram],
  globals: () => ({ next_number: { function: 1 } }),
  frozenGlobals: true,
  verify: returnedOps('accu = next_number(n - 1): n per call, so one per operation'),
});
