/**
 * The strategy as the kit's worker calls it: every call is a scheduling point and a trace entry,
 * and a throw ends the run with a failure that names the thread and the method.
 */
import type { Strategy } from '@rclab/core';
import { C_CHECKS, FAIL_THROW, T_SPIN, TRACE_METHODS } from './controlled-layout.ts';
import { Abort, ctl, fail, me, put, RA, trace, tw } from './controlled-state.ts';
import { K_OP, point } from './controlled-scheduler.ts';

/** The strategy call in progress, named in a failure. */
export let inMethod = '';

/** Names the strategy call in progress (`create` while the factory makes the instance; '' between runs). */
export function setMethod(name: string): void {
  inMethod = name;
}

/** `inner` as the worker calls it: each call a scheduling point and a trace entry (`refcount`, the audit's read, neither). */
export function wrapStrategy(inner: Strategy): Strategy {
  const call = <T>(name: string, code: number, ref: number, f: () => T): T => {
    if (code >= 0) {
      point(K_OP);
      trace(code, ref);
      if (name === 'checkpoint') RA.add(ctl, C_CHECKS, 1);
    } else {
      put(tw(me, T_SPIN), 0); // the audit reads many counts in a row: that is not spinning
    }
    const outer = inMethod;
    inMethod = name;
    try {
      return f();
    } catch (error) {
      if (error instanceof Abort) throw error;
      const text = error instanceof Error ? error.message : String(error);
      fail(FAIL_THROW, me, `${me === 0 ? 'the main thread' : `thread ${me}`} threw in strategy.${name}(): ${text}`);
    } finally {
      inMethod = outer;
    }
  };
  const code = (name: (typeof TRACE_METHODS)[number]): number => TRACE_METHODS.indexOf(name);
  return {
    name: inner.name,
    initHeader: (ref) => call('initHeader', code('initHeader'), ref, () => inner.initHeader(ref)),
    incref: (ref) => call('incref', code('incref'), ref, () => inner.incref(ref)),
    decref: (ref) => call('decref', code('decref'), ref, () => inner.decref(ref)),
    refcount: (ref) => call('refcount', -1, ref, () => inner.refcount(ref)),
    immortalize: (ref) => call('immortalize', code('immortalize'), ref, () => inner.immortalize(ref)),
    attach: () => call('attach', code('attach'), 0, () => inner.attach()),
    detach: () => call('detach', code('detach'), 0, () => inner.detach()),
    checkpoint: () => call('checkpoint', code('checkpoint'), 0, () => inner.checkpoint()),
    beginBlocking: () => call('beginBlocking', code('beginBlocking'), 0, () => inner.beginBlocking()),
    endBlocking: () => call('endBlocking', code('endBlocking'), 0, () => inner.endBlocking()),
    lockObject: (ref) => call('lockObject', code('lockObject'), ref, () => inner.lockObject(ref)),
    unlockObject: (ref) => call('unlockObject', code('unlockObject'), ref, () => inner.unlockObject(ref)),
    report: () => inner.report(),
  };
}
