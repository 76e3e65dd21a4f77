/**
 * `counter` — the article's §6: `counter += 1` on a module global from N threads, against the
 * exact expected total (one increment per operation). Reports lost updates.
 *
 * `counter += 1` is three instructions on the shared variable (`LOAD_GLOBAL`, `BINARY_OP`,
 * `STORE_GLOBAL`); another thread's increment that lands between the load and the store is
 * overwritten. With `checkpoints: 'every'` a GIL can switch threads inside that window; with
 * `backedges` (CPython 3.10+) it cannot — the loop has no call and no back-edge inside the
 * window — so under the GIL nothing is lost. Without a GIL (atomic, biased, locked) threads run
 * truly in parallel and lose updates either way; the counts of the objects stay exact.
 */
import { assemble } from '@rclab/interpreter';
import { defineInterpretedWorkload, type InterpretedParams, totalCheck } from './_support/interpreted.ts';

/** The program, in assembler form (`dis(counterProgram)` prints its listing). */
export const counterSource = `
Disassembly of work(n):
  # def work(n):
  #     global counter
  RESUME 0
  #     for _ in range(n):
  LOAD_GLOBAL range + NULL
  LOAD_FAST n
  CALL 1
  GET_ITER
loop:
  FOR_ITER done
  STORE_FAST _
  #         counter += 1
  LOAD_GLOBAL counter
  LOAD_CONST 1
  BINARY_OP +=
  STORE_GLOBAL counter
  JUMP_BACKWARD loop
done:
  RETURN_CONST None
`;

export const counterProgram = assemble(counterSource);

export default defineInterpretedWorkload<InterpretedParams>({
  name: 'counter',
  description: "the article's §6: counter += 1 on a global from N threads; reports lost updates against the exact total",
  op: 'one counter += 1 on the shared module global',
  params: (read) => ({ checkpoints: read.checkpoints() }),
  programs: () => [counterProgram],
  globals: () => ({ counter: 0 }),
  verify(view, _p, ops) {
    const expected = ops.reduce((a, b) => a + b, 0);
    const { check, lost } = totalCheck('counter += 1: value of counter', expected, view.int(view.global('counter')));
    return { lostUpdates: lost, checks: [check] };
  },
});
