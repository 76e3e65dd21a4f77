/**
 * Shared by the ports of CPython's `Tools/ftscalingbench/ftscalingbench.py` patterns: the
 * scaling checks CPython's developers run on the free-threaded build. Each pattern is one
 * rclab interpreter workload of the same name, one loop iteration an operation, and the same
 * Python in `packages/bench/python/rclab_scenarios.py` for the `cpython` group. Nothing is
 * written to shared data, so a correct run has no lost update; what they measure is how the
 * reference counts (and critical sections) of the objects every thread touches scale.
 */
import type { WorkloadCheck } from '@rclab/core';
import { type InterpretedParams, type ResultView, totalCheck } from './interpreted.ts';

/** Checks that `work(n)` returned `n` on each call (its result summed, 32-bit like the interpreter's ints). */
export function returnedOps(what: string): (view: ResultView, p: InterpretedParams, ops: readonly number[]) => { lostUpdates: number; checks: readonly WorkloadCheck[] } {
  return (view, _p, ops) => {
    const expected = ops.reduce((a, b) => (a + b) | 0, 0);
    const observed = view.results.reduce((a, b) => (a + b) | 0, 0);
    const { check } = totalCheck(what, expected, observed);
    // A wrong result is the interpreter's error (counted in faults), not a lost update.
    return { lostUpdates: 0, checks: [check] };
  };
}
