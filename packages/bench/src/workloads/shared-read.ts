/**
 * `shared-read` — every thread reads the same globals and the same attribute (`x = obj.field`,
 * the article's §2 `x = some_global`): the refcount-contention case. Each operation takes and
 * drops references to three shared objects (`obj`, its field's value, and `config`); nothing
 * is written, so the module globals and `obj.__dict__` are frozen and reads take no lock.
 * Under atomic counts those count words bounce between cores; immortal objects would not
 * (here they are ordinary objects owned by the main thread, so biased counting takes its
 * non-owner path on every one).
 */
import { assemble } from '@rclab/interpreter';
import { defineInterpretedWorkload, type InterpretedParams, totalCheck } from './_support/interpreted.ts';

export const sharedReadSource = `
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
  #         x = obj.field
  LOAD_GLOBAL obj
  LOAD_ATTR field
  STORE_FAST x
  #         y = config
  LOAD_GLOBAL config
  STORE_FAST y
  JUMP_BACKWARD loop
done:
  RETURN_CONST None
`;

export const sharedReadProgram = assemble(sharedReadSource);

const FIELD = 100_000;
const CONFIG = 200_000;

export default defineInterpretedWorkload<InterpretedParams>({
  name: 'shared-read',
  description: 'all threads read the same globals and attribute (x = obj.field): refcount contention on shared objects',
  op: 'one x = obj.field and one y = config: references to three shared objects taken and dropped',
  params: (read) => ({ checkpoints: read.checkpoints() }),
  programs: () => [sharedReadProgram],
  globals: () => ({ obj: { object: { field: FIELD }, frozen: true }, config: CONFIG }),
  frozenGlobals: true,
  verify(view) {
    const field = totalCheck('obj.field unchanged', FIELD, view.int(view.attr(view.global('obj'), 'field')));
    const config = totalCheck('config unchanged', CONFIG, view.int(view.global('config')));
    return { lostUpdates: field.lost + config.lost, checks: [field.check, config.check] };
  },
});
