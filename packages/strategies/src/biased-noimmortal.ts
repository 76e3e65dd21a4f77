/**
 * `biased-noimmortal` — `biased` without immortal objects: `immortalize` returns false, so
 * constants, small ints and other objects every thread uses are counted like any other object.
 *
 * This is free-threaded CPython before PEP 683 was used for them, and the cause of the scaling
 * bottlenecks CPython fixed by immortalizing code constants and interned strings (cpython
 * #118527): a shared constant is owned by the thread that created it, so every other thread's
 * increments and decrements hit its SHARED word atomically, from every core. It is queued to
 * its owner once: when a non-owner's decrement finds the shared count already at zero (SHARED
 * exactly 0: neither queued nor merged), that decrement sets QUEUED instead of subtracting
 * (`_Py_DecRefShared`); flags never go back down, so later decrements subtract, and the shared
 * count may go negative until the owner merges. Measure it next to `biased` on a workload that
 * uses constants to see what immortalization buys.
 *
 * Header, shared region and invariants: exactly those of `biased` (see `biased/layout.ts`); the fast
 * path still tests for `IMMORTAL_LOCAL` (never true here), so the two differ only in which
 * objects are counted.
 */
import { defineStrategy } from '@rclab/core';
import { createBiased } from './biased.ts';
import { BIASED_COUNTERS } from './biased/counters.ts';
import { BIASED_HEADER_WORDS, biasedSharedWords } from './biased/layout.ts';

export const biasedNoImmortalStrategy = defineStrategy({
  name: 'biased-noimmortal',
  family: 'biased',
  counters: BIASED_COUNTERS,
  description: 'biased reference counting without immortal objects: constants are counted (and contended)',
  headerWords: BIASED_HEADER_WORDS,
  threadSafe: true,
  sharedWords: biasedSharedWords,
  create: (context) => createBiased(context, { name: 'biased-noimmortal', immortal: false }),
});

export default biasedNoImmortalStrategy;
