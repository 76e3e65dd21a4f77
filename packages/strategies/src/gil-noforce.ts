/**
 * `gil-noforce` — the `gil` strategy without forced switching: a holder that drops the lock
 * because a waiter asked (the drop request) queues to take it back at once instead of waiting
 * until another thread has taken it.
 *
 * This is the behaviour `FORCE_SWITCHING` in `Python/ceval_gil.c` exists to prevent ("the
 * latency-adverse behaviour on multi-core machines where one thread would speculatively
 * release the GIL, but still run and end up being the first to re-acquire it"), and close to
 * the pre-3.2 GIL's "GIL battle" that David Beazley measured: the dropper is still running
 * when the woken waiter gets scheduled, so it usually wins the lock back, and the waiter has to
 * wait a whole interval again. Measure it next to `gil` to see what forced switching buys.
 *
 * Header and shared region: exactly those of `gil` (see `gil/layout.ts`).
 */
import { defineStrategy } from '@rclab/core';
import { createGil } from './gil.ts';
import { GIL_HEADER_WORDS, gilSharedWords } from './gil/layout.ts';
import { GIL_COUNTERS } from './gil/thread.ts';
import { GIL_TIMELINE_KINDS } from './gil/timeline.ts';

export const gilNoForceStrategy = defineStrategy({
  name: 'gil-noforce',
  family: 'gil',
  counters: GIL_COUNTERS,
  timelineKinds: GIL_TIMELINE_KINDS,
  description: 'the gil without forced switching: a thread asked to drop may win the lock straight back',
  headerWords: GIL_HEADER_WORDS,
  threadSafe: true,
  sharedWords: gilSharedWords,
  create: (context) => createGil(context, { name: 'gil-noforce', forceSwitching: false }),
});

export default gilNoForceStrategy;
