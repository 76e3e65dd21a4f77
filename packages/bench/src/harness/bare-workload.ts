/**
 * `bare` — `rc-private`'s operations as a bare typed-array loop (see bare.ts): no strategy, no
 * object heap, no workload interface in the loop. The harness runs it beside `unsafe` and
 * `atomic` on `rc-private`, interleaved slice by slice, so the cost of rclab's abstractions is
 * a measured ratio, not a guess. With `atomic=true` the loop uses `Atomics.add`/`sub` on a
 * shared buffer, as `atomic` does.
 */
import { type BooleanParam, defineWorkload } from '@rclab/core';
import { ParamReader } from '../workloads/_support/params.ts';
import { bareRcLoop } from './bare.ts';
import { ROLE } from '../experiments/roles.ts';

const ATOMIC: BooleanParam = { name: 'atomic', kind: 'boolean', default: false, description: 'use Atomics.add/sub on a shared buffer, as the atomic strategy does' };

export default defineWorkload<{ readonly atomic: boolean }>({
  name: 'bare',
  description: "rc-private's increments and decrements as a bare typed-array loop (atomic=true: with Atomics), beside the strategies: the harness's own cost",
  roles: [ROLE.standalone, ROLE.harnessBare],
  op: "one of rc-private's operations without rclab in between: an increment and, once the ring of 8 is full, a decrement",
  params: [ATOMIC],
  setup({ params }) {
    return { atomic: new ParamReader('bare', params).get(ATOMIC) };
  },
  thread(_context, data) {
    const loop = bareRcLoop(64, 8, data.atomic);
    return {
      step: (budget) => loop.step(budget),
      finish() {
        // Keeps the loop's result alive, so the compiler cannot drop the loop as dead code.
        if (loop.sink() === -1) throw new Error('unreachable');
      },
    };
  },
});
