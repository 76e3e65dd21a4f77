/**
 * `empty` — a workload that does nothing but count: each operation is one loop iteration and a
 * `checkpoint()` (a no-op under `unsafe`). Run under `unsafe`, it measures what the harness
 * costs per operation (the batch loop, the stop-flag checks, the progress words), which must be
 * negligible beside any real strategy operation.
 */
import { defineWorkload } from '@rclab/core';
import { ROLE } from '../experiments/roles.ts';

export default defineWorkload<null>({
  name: 'empty',
  description: "no work at all, one checkpoint per operation: the harness's own cost (run it under unsafe)",
  roles: [ROLE.standalone, ROLE.harnessEmpty],
  op: 'one loop iteration and one checkpoint()',
  params: [],
  setup() {
    return null;
  },
  thread({ strategy }) {
    return {
      step(budget) {
        for (let k = 0; k < budget; k++) strategy.checkpoint();
        return budget;
      },
      finish() {},
    };
  },
});
