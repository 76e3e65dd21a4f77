/**
 * `create_pyobject` — ftscalingbench's `o = MyObject()` for `class MyObject: pass`: a fresh
 * instance per iteration. Every instance of a class defined in Python holds a reference to
 * its class (CPython increfs a heap type in `PyType_GenericAlloc` and drops it in
 * `subtype_dealloc`), so every thread counts the same class object up and down: the
 * contention CPython 3.13t showed here, and that 3.14 removed with per-thread reference counts
 * for heap types. rclab's instances keep that reference; no strategy here has per-thread
 * counts for types, so this is 3.13t's case.
 */
import { assemble } from '@rclab/interpreter';
import { defineInterpretedWorkload, type InterpretedParams } from './_support/interpreted.ts';

export const createPyobjectSource = `
Disassembly of work(n):
  # def work(n):
  RESUME 0
  #     for _ in range(n):
  LOAD_GLOBAL range + NULL
  LOAD_FAST n
  CALL 1
  GET_ITER
loop:
  FOR_ITER done
  STORE_FAST _
  #         o = MyObject()
  LOAD_GLOBAL MyObject + NULL
  CALL 0
  STORE_FAST o
  JUMP_BACKWARD loop
done:
  RETURN_CONST None
`;

export const createPyobjectProgram = assemble(createPyobjectSource);

export default defineInterpretedWorkload<InterpretedParams>({
  name: 'create_pyobject',
  description: 'ftscalingbench: o = MyObject(), a fresh instance (holding its class) per iteration',
  op: 'one loop iteration: create and drop an instance of a class (it holds its class)',
  params: (read) => ({ checkpoints: read.checkpoints() }),
  programs: () => [createPyobjectProgram],
  globals: () => ({ MyObject: { class: 'MyObject' } }),
  frozenGlobals: true,
  verify: () => ({ lostUpdates: 0, checks: [] }),
});
