/**
 * `module_function` — ftscalingbench's `total += module.double(i)`: a Python function reached
 * through a module object's attribute (`LOAD_ATTR` with the method bit, which on a module
 * pushes the function and NULL), then called. Every thread touches the module object's and
 * the function's counts; the module's dict is frozen (no thread writes it), so the lookup
 * takes no lock.
 */
import { assemble } from '@rclab/interpreter';
import { defineInterpretedWorkload, type InterpretedParams } from './_support/interpreted.ts';

export const moduleFunctionSource = `
Disassembly of work(n):
  # def work(n):
  RESUME 0
  #     total = 0
  LOAD_CONST 0
  STORE_FAST total
  #     for i in range(n):
  LOAD_GLOBAL range + NULL
  LOAD_FAST n
  CALL 1
  GET_ITER
loop:
  FOR_ITER done
  STORE_FAST i
  #         total += module.double(i)
  LOAD_FAST total
  LOAD_GLOBAL module
  LOAD_ATTR double + NULL|self
  LOAD_FAST i
  CALL 1
  BINARY_OP +=
  STORE_FAST total
  JUMP_BACKWARD loop
  #     return total
done:
  LOAD_FAST total
  RETURN_VALUE
`;

export const doubleSource = `
Disassembly of double(x):
  # def double(x):
  RESUME 0
  #     return x + x
  LOAD_FAST x
  LOAD_FAST x
  BINARY_OP +
  RETURN_VALUE
`;

export const moduleFunctionProgram = assemble(moduleFunctionSource);
export const doubleProgram = assemble(doubleSource);

export default defineInterpretedWorkload<InterpretedParams>({
  name: 'module_function',
  description: 'ftscalingbench: total += module.double(i), a Python function called through a module attribute',
  op: 'one loop iteration: one call of a Python function looked up as a module attribute',
  params: (read) => ({ checkpoints: read.checkpoints() }),
  programs: () => [moduleFunctionProgram, doubleProgram],
  globals: () => ({ module: { object: { double: { function: 1 } }, frozen: true } }),
  frozenGlobals: true,
  verify: () => ({ lostUpdates: 0, checks: [] }),
});
