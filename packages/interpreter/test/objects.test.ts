/**
 * The heap objects behind the interpreter: lists and dicts that outgrow one heap page (the
 * two-level storage), the queue's ring and its blocking get, and what happens when a broken
 * strategy hands the interpreter a freed object (a counted fault, never a crash). After each
 * test every count matches the references (the audit) and releasing the roots frees everything.
 */
import { auditHeap, countMortalLive, layout } from '@rclab/core/internal';
import { describe, expect, it } from 'vitest';
import { CHUNK } from '../src/objects.ts';
import { makeRig, type Rig } from './rig.ts';

function clean(rig: Rig): void {
  const audit = auditHeap(rig.heap, rig.tracer);
  expect(audit.auditMismatches).toBe(0);
  expect(audit.danglingRefs + audit.badRefs + audit.doubleFrees + audit.useAfterFree).toBe(0);
  rig.heap.releaseRoots();
  expect(countMortalLive(rig.heap, rig.tracer)).toBe(0);
}

const SUM_LIST = `
Disassembly of f(xs):
  LOAD_CONST 0
  STORE_FAST total
  LOAD_FAST xs
  GET_ITER
loop:
  FOR_ITER done
  STORE_FAST x
  LOAD_FAST total
  LOAD_FAST x
  BINARY_OP +
  STORE_FAST total
  JUMP_BACKWARD loop
done:
  LOAD_FAST total
  RETURN_VALUE
`;

describe('heap objects', () => {
  it('a list grows past one chunk into a directory of chunks, in order, and iterates', () => {
    const rig = makeRig([SUM_LIST], { L: { list: [] } }, { checkpoints: 'backedges', immortal: true });
    const { interp, runtime } = rig;
    const list = interp.dictGetBorrowed(runtime.globals, interp.str('L'));
    const n = 3 * CHUNK + 17;
    for (let k = 0; k < n; k++) interp.listAppendSteal(list, interp.box(k));
    expect(interp.listLen(list)).toBe(n);
    expect(interp.intValue(interp.listGetBorrowed(list, 2 * CHUNK + 5))).toBe(2 * CHUNK + 5);
    rig.tracer.incref(list);
    const total = interp.call(rig.codes[0] as NonNullable<Rig['codes'][0]>, [list]);
    expect(interp.intValue(total)).toBe((n * (n - 1)) / 2);
    interp.release(total);
    expect(interp.faults).toBe(0);
    clean(rig);
  });

  it('a dict with thousands of int keys resizes through two-level tables and finds every key', () => {
    const rig = makeRig([], { d: { dict: [] } }, { immortal: true });
    const { interp, runtime } = rig;
    const d = interp.dictGetBorrowed(runtime.globals, interp.str('d'));
    const n = 5000;
    for (let k = 0; k < n; k++) {
      const key = interp.box(1_000_000 + k * 7);
      const value = interp.box(k);
      interp.dictSetItem(d, key, value);
      interp.release(key);
      interp.release(value);
    }
    expect(interp.dictLen(d)).toBe(n);
    for (let k = 0; k < n; k += 97) {
      const key = interp.box(1_000_000 + k * 7);
      expect(interp.intValue(interp.dictGetBorrowed(d, key))).toBe(k);
      interp.release(key);
    }
    // Replacing values keeps the size and drops the old values.
    const key = interp.box(1_000_000);
    const v = interp.box(-1);
    interp.dictSetItem(d, key, v);
    expect(interp.dictLen(d)).toBe(n);
    interp.release(key);
    interp.release(v);
    expect(interp.faults).toBe(0);
    clean(rig);
  });

  it('the queue is FIFO across ring wrap-around and growth', () => {
    const rig = makeRig([], { q: { queue: [] } }, { immortal: true });
    const { interp, runtime } = rig;
    const q = interp.dictGetBorrowed(runtime.globals, interp.str('q'));
    const got: number[] = [];
    let next = 0;
    for (let round = 0; round < 5; round++) {
      for (let k = 0; k < 700; k++) {
        const item = interp.box(next++);
        interp.queuePut(q, item);
        interp.release(item);
      }
      for (let k = 0; k < 500; k++) {
        const item = interp.queueGet(q, 0);
        got.push(interp.intValue(item));
        interp.release(item);
      }
    }
    expect(interp.queueLen(q)).toBe(5 * 200);
    expect(got).toEqual(Array.from({ length: 2500 }, (_, k) => k));
    clean(rig);
  });

  it('a get on an empty queue waits with the interpreter released, then returns None', () => {
    const rig = makeRig(
      [
        `
Disassembly of f():
  LOAD_GLOBAL q
  LOAD_ATTR get + NULL|self
  LOAD_CONST 20
  CALL 1
  RETURN_VALUE
`,
      ],
      { q: { queue: [] } },
      { checkpoints: 'backedges', immortal: true },
    );
    rig.tracer.recording = true;
    const t0 = performance.now();
    const r = rig.interp.call(rig.codes[0] as NonNullable<Rig['codes'][0]>, []);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(15);
    expect(r).toBe(rig.runtime.none);
    expect(rig.tracer.events).toContain('block');
    expect(rig.tracer.events.indexOf('unblock')).toBeGreaterThan(rig.tracer.events.indexOf('block'));
    clean(rig);
  });

  it('a freed container is a counted fault (and a use after free), not a crash', () => {
    const rig = makeRig([], {}, { immortal: true });
    const { interp, heap } = rig;
    const list = interp.newList();
    interp.listAppendSteal(list, interp.box(1000));
    interp.release(list); // freed: its slot is dead now
    const item = interp.box(2000);
    rig.tracer.incref(item);
    interp.listAppendSteal(list, item); // what a thread holding a stale reference would do
    expect(interp.faults).toBe(1);
    expect(interp.listLen(list)).toBe(0);
    expect(interp.dictLen(list)).toBe(0);
    expect(interp.faults).toBe(3);
    expect(Atomics.load(heap.i32, layout.CTRL_USE_AFTER_FREE)).toBeGreaterThan(0);
    interp.release(item);
  });
});
