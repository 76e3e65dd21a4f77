/**
 * `brc-paper` — the BRC paper's sensitivity experiment (Choi, Shull and Torrellas, PACT 2018,
 * §7.5, Figure 10), as faithfully as rclab's heap allows: a fixed amount of work, timed.
 *
 * Thread 1, the owner, runs one *pass*:
 * 1. allocates N objects (`objects`); on each it performs `k` refcount pairs (incref, decref:
 *    the owner's own traffic, Table 6's 3–36 operations per object) and then publishes its one
 *    reference in a shared array (the paper's main thread "holding one reference to each");
 * 2. runs a fixed dummy computation D (`dummy` units per object, so D = dummy·N units; one unit
 *    is `ROUNDS_PER_UNIT` (`brc-paper/owner.ts`) xorshift rounds on a local, no memory traffic);
 * 3. drops the references the releaser does not take;
 * 4. waits until the releaser has finished, then merges what is left queued; the pass ends.
 * Throughout, it calls `checkpoint()` once every `mergeEvery` work units (an object in steps 1
 * and 3, a dummy unit in step 2): that is the merge interval, where biased counting's owner
 * merges its queue (CPython's eval breaker), and where a GIL may change hands.
 *
 * Thread 2, the releaser, drops the published references of R·N objects (`remoteFraction`;
 * the first round(R·N), or with `subset=random` a seeded random subset of that size), each as
 * soon as it is published, and allocates nothing. Under biased counting each of those drops is
 * a non-owner decrement that finds the shared count at 0, so it queues the object to the owner
 * (exactly round(R·N) queued per pass; none at R = 0); under atomic counting it frees the object
 * itself, onto the owner's remote-free list.
 *
 * One operation is one complete pass, on either thread: the experiment is a fixed amount of
 * work, not a throughput, and its figure is the pass's wall time (measurements below). `step`
 * does at most `SLICE` units of a pass and returns 0 until the pass is complete, so a
 * step stays short; a thread that waits on the other returns from `step` (after a short spin, it
 * blocks with the interpreter released for at most `WAIT_MS` ms), so a paused partner
 * can never deadlock it. With one thread there is no releaser and the owner drops everything.
 *
 * Measurements (per pass; the median over the passes after the first when there are several,
 * since the first also warms the JIT):
 * - `wallMs` — the pass's execution time: from the owner's first step of the pass (for the first
 *   pass, the start barrier) until both threads are done and the last merge has run;
 * - `ownerBusyMs`, `releaserBusyMs` — time each spent working (waiting excluded);
 * - `dummyMs` — the owner's time in step 2; `releaserInsideDummy` — the fraction of passes in
 *   which the releaser had finished before step 2 ended (the paper's setting when 1);
 * - `peakQueueLength` — objects whose last reference was dropped but that are not yet freed
 *   (under biased counting: queued, awaiting the owner's merge; 0 where a drop frees at once),
 *   sampled just before each owner checkpoint, maximum over the run;
 * - `mergesPerPass`, `mergedPerPass` — owner checkpoints that freed queued objects, and how many;
 * - `peakLiveObjects`, `peakHeapBytes` — objects allocated and not yet freed, sampled at the
 *   checkpoints (Figure 10's memory curve), and that times the slot size;
 * - `objectBytes` — the heap slot one object takes under this strategy (its header plus one
 *   payload word, rounded up to the size class: 32 bytes for both `atomic` and `biased`);
 * - `mergeEvery` — the checkpoint cadence in work units; `checkpointUs` — its mean time.
 *
 * The parts, in `brc-paper/`: `params.ts` (the declarations and the seeded subset), `layout.ts`
 * (the shared words, the timing records and `SLICE`/`WAIT_MS`), `owner.ts` and `releaser.ts`
 * (the two threads), `records.ts` (the verdict). This file is the module workers load by URL.
 */
import { defineWorkload, UsageError } from '@rclab/core';
import { ParamReader } from './_support/params.ts';
import { ROLE } from '../experiments/roles.ts';
import { SLOTS } from './brc-paper/layout.ts';
import { ownerThread } from './brc-paper/owner.ts';
import { type Data, OBJECTS, PARAMS, readData } from './brc-paper/params.ts';
import { passVerdict } from './brc-paper/records.ts';
import { releaserThread } from './brc-paper/releaser.ts';

export default defineWorkload<Data>({
  name: 'brc-paper',
  description: "the BRC paper's §7.5 experiment: an owner allocates N objects, a releaser drops R·N of them; a fixed amount of work, timed",
  roles: [ROLE.standalone, ROLE.brcPaper],
  op: 'one complete pass on either thread: the owner allocates, touches and publishes N objects, does the dummy work and drops the rest; the releaser drops its R·N',
  params: PARAMS,
  sharedWords(_threads, params) {
    return SLOTS + new ParamReader('brc-paper', params).get(OBJECTS);
  },
  setup({ params, seed, threads }) {
    if (threads > 2) {
      throw new UsageError(`workload 'brc-paper' runs on 1 or 2 threads (the owner and the releaser), got ${threads}`);
    }
    return readData(params, seed);
  },
  thread(context, data) {
    return context.threadIndex === 1 ? ownerThread(context, data) : releaserThread(context, data);
  },
  verify: passVerdict,
});
