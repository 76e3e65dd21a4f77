/**
 * `cpu-bound` — a pure-Python arithmetic loop (the article's §5 and §7: under the GIL, N
 * threads take at least as long as one). Each operation is one loop iteration: three
 * arithmetic instructions on ints the thread owns (boxed, so each result is a fresh object).
 * Nothing is shared but the code's constants, the small ints and the builtins, so without a
 * global lock it should scale with cores; under a GIL it cannot.
 */
import { assemble } from '@rclab/interpreter';
import { defineInterpretedWorkload, type InterpretedParams } from './_support/interpreted.ts';
import { ROLE } from '../experiments/roles.ts';

export const cpuBoundSource = `
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
  #         total = (total * 31 + i) % 1000003
  LOAD_FAST total
  LOAD_CONST 31
  BINARY_OP *
  LOAD_FAST i
  BINARY_OP +
  LOAD_CONST 1000003
  BINARY_OP %
  STORE_FAST total
  JUMP_BACKWARD loop
  #     return total
done:
  LOAD_FAST total
  RETURN_VALUE
`;

export const cpuBoundProgram = assemble(cpuBoundSource);

export default defineInterpretedWorkload<InterpretedParams>({
  name: 'cpu-bound',
  description: 'pure-Python arithmetic loop on thread-owned ints (§5/§7: under a GIL, N threads are no faster than one)',
  roles: [ROLE.cpuBound],
  op: 'one iteration of total = (total * 31 + i) % 1000003: three arithmetic instructions on fresh ints',
  params: (read) => ({ checkpoints: read.checkpoints() }),
  programs: () => [cpuBoundProgram],
  globals: () => ({}),
  frozenGlobals: true,
  verify: () => ({ lostUpdates: 0, checks: [] }),
});
