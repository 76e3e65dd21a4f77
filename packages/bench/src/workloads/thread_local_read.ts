/**
 * `thread_local_read` — ftscalingbench's five reads of `tmp.x` per iteration from a
 * `threading.local()`: each thread sees its own `x` (its own dict, made by its first
 * `tmp.x = 10`), but every thread loads the same local object, so its count is shared. The
 * per-thread dicts are not frozen, so each read takes the dict's critical section (a
 * thread-private lock, uncontended).
 */
import { assemble } from '@rclab/interpreter';
import { defineInterpretedWorkload, type InterpretedParams } from './_support/interpreted.ts';

export const threadLocalReadSource = `
Disassembly of work(n):
  # def work(n):
  RESUME 0
  #     tmp = thread_local
  LOAD_GLOBAL thread_local
  STORE_FAST tmp
  #     tmp.x = 10
  LOAD_CONST 10
  LOAD_FAST tmp
  STORE_ATTR x
  #     for _ in range(n):
  LOAD_GLOBAL range + NULL
  LOAD_FAST n
  CALL 1
  GET_ITER
loop:
  FOR_ITER done
  STORE_FAST _
  #         _ = tmp.x   (five times)
  LOAD_FAST tmp
  LOAD_ATTR x
  STORE_FAST _
  LOAD_FAST tmp
  LOAD_ATTR x
  STORE_FAST _
  LOAD_FAST tmp
  LOAD_ATTR x
  STORE_FAST _
  LOAD_FAST tmp
  LOAD_ATTR x
  STORE_FAST _
  LOAD_FAST tmp
  LOAD_ATTR x
  STORE_FAST _
  JUMP_BACKWARD loop
done:
  RETURN_CONST None
`;

export const threadLocalReadProgram = assemble(threadLocalReadSource);

export default defineInterpretedWorkload<InterpretedParams>({
  name: 'thread_local_read',
  description: 'ftscalingbench: five reads of tmp.x per iteration on a threading.local(), one dict per thread',
  op: 'one loop iteration: five reads of an attribute of a threading.local()',
  params: (read) => ({ checkpoints: read.checkpoints() }),
  programs: () => [threadLocalReadProgram],
  globals: (_p, threads) => ({ thread_local: { local: threads + 1 } }),
  frozenGlobals: true,
  verify: () => ({ lostUpdates: 0, checks: [] }),
});
