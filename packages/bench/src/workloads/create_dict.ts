/**
 * `create_dict` — ftscalingbench's `d = {"key": "value"}`: a fresh dict per iteration, built
 * by `BUILD_MAP` from two shared string constants and freed by the next iteration's store.
 * Allocation, the dict's own references to its key and value, and the free: thread-local
 * work except for the constants' counts.
 */
import { assemble } from '@rclab/interpreter';
import { defineInterpretedWorkload, type InterpretedParams } from './_support/interpreted.ts';

export const createDictSource = `
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
  #         d = {'key': 'value'}
  LOAD_CONST 'key'
  LOAD_CONST 'value'
  BUILD_MAP 1
  STORE_FAST d
  JUMP_BACKWARD loop
done:
  RETURN_CONST None
`;

export const createDictProgram = assemble(createDictSource);

export default defineInterpretedWorkload<InterpretedParams>({
  name: 'create_dict',
  description: "ftscalingbench: d = {'key': 'value'}, a fresh dict per iteration",
  op: 'one loop iteration: build and drop a one-entry dict',
  params: (read) => ({ checkpoints: read.checkpoints() }),
  programs: () => [createDictProgram],
  globals: () => ({}),
  frozenGlobals: true,
  verify: () => ({ lostUpdates: 0, checks: [] }),
});
