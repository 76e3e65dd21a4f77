/**
 * The interpreter's reference traffic, instruction by instruction, against CPython's
 * (`Python/bytecodes.c` and the C functions each instruction calls). The tracing strategy
 * records every incref (+x), decref (-x), free, critical section (lock/unlock x) and
 * checkpoint; with `checkpoints: 'every'` a checkpoint precedes each instruction, so the trace
 * splits into one segment per instruction executed.
 *
 * Objects are not immortal here (the tracer says no), so the traffic CPython 3.12+ skips for
 * immortal objects (None, small ints, interned names) is visible, as in CPython ≤ 3.11.
 */
import { IMMORTAL_REFCOUNT } from '@rclab/core';
import { auditHeap } from '@rclab/core/internal';
import { describe, expect, it } from 'vitest';
import { makeRig, perInstruction } from './rig.ts';

const GLOBALS = {
  counter: 1000,
  L: { list: [] },
  d: { dict: [] },
  obj: { object: { field: 2000 } },
  q: { queue: [] },
  t: { tuple: [7, 8] },
} as const;

/** Each line: an instruction, `=>`, the events CPython's instruction produces (in order). */
const STRAIGHT = `
Disassembly of f(a, b):
  RESUME 0                      =>
  NOP                           =>
  LOAD_FAST a                   => +int(3000)
  STORE_FAST x                  =>
  LOAD_FAST b                   => +2
  STORE_FAST x                  => -int(3000)
  # counter += 1: LOAD_GLOBAL borrows from the dict and increfs (under the dict's critical section)
  LOAD_GLOBAL counter           => lock globals, +int(1000), unlock globals
  LOAD_CONST 1                  => +1
  # BINARY_OP: the result is a new object; both operands are dropped (DECREF_INPUTS)
  BINARY_OP +=                  => -int(1000), -1
  # STORE_GLOBAL: PyDict_SetItem(globals, name, v) takes new refs to key and value, drops the
  # old value and the duplicate key; then the instruction drops v
  STORE_GLOBAL counter          => lock globals, +'counter', +int(1001), -int(1000), free int(1000), -'counter', unlock globals, -int(1001)
  # len(L): a miss in globals, then the (frozen) builtins
  LOAD_GLOBAL len + NULL        => lock globals, unlock globals, +len
  LOAD_GLOBAL L                 => lock globals, +L, unlock globals
  CALL 1                        => +0, -L, -len
  POP_TOP                       => -0
  # L.append(a): a method load pushes the descriptor and the list as self (no bound method)
  LOAD_GLOBAL L                 => lock globals, +L, unlock globals
  LOAD_ATTR append + NULL|self  => +list.append
  LOAD_FAST a                   => +int(3000)
  # list_append: _PyList_AppendTakeRef(self, Py_NewRef(x)) in the list's critical section;
  # then CALL drops self, the argument and the callable
  CALL 1                        => lock L, +int(3000), unlock L, +None, -L, -int(3000), -list.append
  POP_TOP                       => -None
  # d['k'] = a (a new key): STORE_SUBSCR = PyObject_SetItem, then DECREF_INPUTS (v, container, sub)
  LOAD_FAST a                   => +int(3000)
  LOAD_GLOBAL d                 => lock globals, +d, unlock globals
  LOAD_CONST 'k'                => +'k'
  STORE_SUBSCR                  => lock d, +'k', +int(3000), unlock d, -int(3000), -d, -'k'
  # y = d['k']
  LOAD_GLOBAL d                 => lock globals, +d, unlock globals
  LOAD_CONST 'k'                => +'k'
  BINARY_SUBSCR                 => lock d, +int(3000), unlock d, -d, -'k'
  STORE_FAST y                  =>
  # d['k'] = b (an existing key): insertdict drops the old value and the duplicate key
  LOAD_FAST b                   => +2
  LOAD_GLOBAL d                 => lock globals, +d, unlock globals
  LOAD_CONST 'k'                => +'k'
  STORE_SUBSCR                  => lock d, +'k', +2, -int(3000), -'k', unlock d, -2, -d, -'k'
  # z = obj.field: PyObject_GetAttr returns a new reference; the owner is dropped
  LOAD_GLOBAL obj               => lock globals, +obj, unlock globals
  LOAD_ATTR field               => lock obj.__dict__, +int(2000), unlock obj.__dict__, -obj
  STORE_FAST z                  =>
  # obj.field = b: PyObject_SetAttr holds the name for the call; the instance dict's
  # PyDict_SetItem does the rest; then STORE_ATTR drops v and the owner
  LOAD_FAST b                   => +2
  LOAD_GLOBAL obj               => lock globals, +obj, unlock globals
  STORE_ATTR field              => +'field', lock obj.__dict__, +'field', +2, -int(2000), -'field', unlock obj.__dict__, -'field', -2, -obj
  # t[0]: tuples are immutable, no critical section
  LOAD_GLOBAL t                 => lock globals, +t, unlock globals
  LOAD_CONST 0                  => +0
  BINARY_SUBSCR                 => +7, -t, -0
  POP_TOP                       => -7
  # q.put(b) / q.get(): the queue takes a new reference; get moves it back out
  LOAD_GLOBAL q                 => lock globals, +q, unlock globals
  LOAD_ATTR put + NULL|self     => +Queue.put
  LOAD_FAST b                   => +2
  CALL 1                        => +2, +None, -q, -2, -Queue.put
  POP_TOP                       => -None
  LOAD_GLOBAL q                 => lock globals, +q, unlock globals
  LOAD_ATTR get + NULL|self     => +Queue.get
  CALL 0                        => -q, -Queue.get
  POP_TOP                       => -2
  # BUILD_*: the new container steals the items
  LOAD_FAST b                   => +2
  LOAD_FAST b                   => +2
  BUILD_TUPLE 2                 =>
  BUILD_LIST 1                  =>
  LOAD_FAST b                   => +2
  LIST_APPEND 1                 =>
  # the list's item array is a heap object of its own (CPython: a malloc'd block)
  POP_TOP                       => -list, free list, -storage, free storage, -tuple, free tuple, -2, -2, -2
  # comparisons return a new reference to True or False; the jump drops it
  LOAD_FAST a                   => +int(3000)
  LOAD_FAST b                   => +2
  COMPARE_OP <                  => +False, -int(3000), -2
  POP_JUMP_IF_TRUE end          => -False
  LOAD_FAST b                   => +2
  COPY 1                        => +2
  SWAP 2                        =>
  BINARY_OP *                   => +4, -2, -2
  POP_TOP                       => -4
  # return a: the frame drops every local (_PyFrame_ClearLocals)
end:
  LOAD_FAST a                   => +int(3000)
  RETURN_VALUE                  => -int(3000), -2, -2, -int(3000), -int(2000), free int(2000)
`;

/** Lists: subscripts, item assignment, iteration; forward jumps. Lines without `=>` do not run. */
const LISTS = `
Disassembly of g(a):
  RESUME 0                      =>
  # x = L[0]: list_subscript returns a new reference (here under the list's critical section)
  LOAD_GLOBAL L                 => lock globals, +L, unlock globals
  LOAD_CONST 0                  => +0
  BINARY_SUBSCR                 => lock L, +int(5000), unlock L, -L, -0
  STORE_FAST x                  =>
  # L[0] = a: list_ass_item takes a new reference and drops the old item
  LOAD_FAST a                   => +int(3000)
  LOAD_GLOBAL L                 => lock globals, +L, unlock globals
  LOAD_CONST 0                  => +0
  STORE_SUBSCR                  => lock L, +int(3000), -int(5000), unlock L, -int(3000), -L, -0
  # for y in L: the iterator holds the list; exhausted, it lets go of the list first
  LOAD_GLOBAL L                 => lock globals, +L, unlock globals
  GET_ITER                      => +L, -L
  FOR_ITER done                 => lock L, +int(3000), unlock L
  STORE_FAST y                  =>
  LOAD_CONST False              => +False
  POP_JUMP_IF_FALSE after       => -False
after:
  JUMP_FORWARD again            =>
again:
  FOR_ITER done                 => lock L, unlock L, -L, -iterator, free iterator
  POP_TOP
  POP_TOP
  JUMP_FORWARD done
done:
  RETURN_CONST None             => +None, -int(3000), -int(5000), free int(5000), -int(3000)
`;

/** A loop, with the events of each instruction in execution order. */
const LOOP = `
Disassembly of g(n):
  RESUME 0
  LOAD_GLOBAL range + NULL
  LOAD_FAST n
  CALL 1
  GET_ITER
loop:
  FOR_ITER done
  STORE_FAST i
  JUMP_BACKWARD loop
done:
  RETURN_CONST None
`;

function parseExpectations(text: string): { source: string; expected: string[][] } {
  const source: string[] = [];
  const expected: string[][] = [];
  for (const line of text.split('\n')) {
    const [code, events] = line.split('=>');
    source.push((code as string).trimEnd());
    if (events !== undefined) {
      const list = events.trim();
      expected.push(list === '' ? [] : list.split(',').map((e) => e.trim()));
    }
  }
  return { source: source.join('\n'), expected };
}

describe('reference traffic per instruction (matches CPython)', () => {
  it('every instruction of a straight-line program takes and drops exactly what CPython does', () => {
    const { source, expected } = parseExpectations(STRAIGHT);
    const rig = makeRig([source], GLOBALS);
    const { interp, tracer, codes } = rig;
    const a = interp.box(3000);
    const b = interp.box(2);
    tracer.recording = true;
    const result = interp.call(codes[0] as NonNullable<(typeof codes)[0]>, [a, b]);
    tracer.recording = false;
    const got = perInstruction(tracer.events);
    const program = codes[0]?.program;
    expect(got.length).toBe(expected.length);
    expected.forEach((want, k) => {
      const op = program?.code[2 * k];
      expect({ at: 2 * k, op, events: got[k] }).toEqual({ at: 2 * k, op, events: want });
    });
    expect(rig.label(result)).toBe('int(3000)');
    // The heap agrees: every count equals the references to the object (the result is ours).
    interp.release(result);
    const audit = auditHeap(rig.heap, tracer);
    expect(audit.auditMismatches).toBe(0);
    expect(audit.useAfterFree + audit.danglingRefs + audit.doubleFrees).toBe(0);
  });

  it('list subscripts, item assignment, list iteration and forward jumps', () => {
    const { source, expected } = parseExpectations(LISTS);
    const rig = makeRig([source], { L: { list: [5000] } });
    const a = rig.interp.box(3000);
    rig.tracer.recording = true;
    const result = rig.interp.call(rig.codes[0] as NonNullable<(typeof rig.codes)[0]>, [a]);
    rig.tracer.recording = false;
    expect(perInstruction(rig.tracer.events)).toEqual(expected);
    rig.interp.release(result);
    expect(auditHeap(rig.heap, rig.tracer).auditMismatches).toBe(0);
  });

  it('a for loop: range, iterator, one new int per iteration, the iterator freed at exhaustion', () => {
    const rig = makeRig([LOOP], {});
    const { interp, tracer, codes } = rig;
    const n = interp.box(300);
    tracer.recording = true;
    interp.call(codes[0] as NonNullable<(typeof codes)[0]>, [n]);
    tracer.recording = false;
    const got = perInstruction(tracer.events);
    const head = [
      [], // RESUME
      ['+range'], // LOAD_GLOBAL range + NULL (builtins: frozen, no lock; globals empty but not frozen)
      ['+int(300)'], // LOAD_FAST n
      ['-int(300)', '-range'], // CALL 1: a new range object
      ['-range(0, 300)', 'free range(0, 300)'], // GET_ITER: a new range_iterator, the range dropped
    ];
    expect(got.slice(0, 5).map((e) => e.filter((x) => !x.startsWith('lock') && !x.startsWith('unlock')))).toEqual(head);
    // First iteration: 0 is a cached small int; STORE_FAST into an unbound local drops nothing.
    expect(got.slice(5, 8)).toEqual([['+0'], [], []]);
    // Iteration 257: the first int beyond the cache is a new object; the old i (256) is dropped.
    const at = 5 + 3 * 257;
    expect(got.slice(at, at + 3)).toEqual([[], ['-256'], []]);
    // The iteration after that drops a boxed int, which dies.
    expect(got[at + 4]).toEqual(['-int(257)', 'free int(257)']);
    // Exhaustion: FOR_ITER drops the iterator, RETURN_CONST returns None and clears the frame.
    const tail = got.slice(-2);
    expect(tail).toEqual([
      ['-range_iterator', 'free range_iterator'],
      ['+None', '-int(300)', 'free int(300)', '-int(299)', 'free int(299)'],
    ]);
    expect(got.length).toBe(5 + 3 * 300 + 2);
  });

  it('immortal objects cost nothing: with immortalization the same loop only counts its range and iterator', () => {
    const rig = makeRig([LOOP], {}, { immortal: true });
    const { interp, tracer, codes } = rig;
    const n = interp.box(10);
    tracer.recording = true;
    interp.call(codes[0] as NonNullable<(typeof codes)[0]>, [n]);
    tracer.recording = false;
    const refOps = tracer.events.filter((e) => e.startsWith('+') || e.startsWith('-'));
    // range is a built-in, n and 0..9 are cached small ints, None is a singleton (all immortal):
    // only the range object and its iterator are counted.
    expect(refOps).toEqual(['-range(0, 10)', '-range_iterator']);
    expect(rig.tracer.refcount(rig.runtime.none)).toBe(IMMORTAL_REFCOUNT);
  });
});

describe('checkpoint placement', () => {
  const count = (checkpoints: 'every' | 'backedges'): number => {
    const rig = makeRig([LOOP], {}, { checkpoints });
    const code = rig.codes[0] as NonNullable<(typeof rig.codes)[0]>;
    const n = rig.interp.box(3);
    rig.tracer.recording = true;
    rig.interp.call(code, [n]);
    return rig.tracer.events.filter((e) => e === 'checkpoint').length;
  };

  it('every: before each instruction executed', () => {
    // RESUME, LOAD_GLOBAL, LOAD_FAST, CALL, GET_ITER, 3 × (FOR_ITER, STORE_FAST, JUMP_BACKWARD), FOR_ITER, RETURN_CONST
    expect(count('every')).toBe(5 + 9 + 2);
  });

  it('backedges: at RESUME, after each CALL and at each JUMP_BACKWARD only (CPython 3.10+)', () => {
    expect(count('backedges')).toBe(1 + 1 + 3);
  });

  it('blocking and native calls release the interpreter around the wait or the computation', () => {
    const rig = makeRig(
      [
        `
Disassembly of h():
  LOAD_GLOBAL sleep + NULL
  LOAD_CONST 0
  CALL 1
  POP_TOP
  LOAD_GLOBAL hash_release + NULL
  LOAD_CONST 1
  CALL 1
  POP_TOP
  LOAD_GLOBAL hash_hold + NULL
  LOAD_CONST 1
  CALL 1
  RETURN_VALUE
`,
      ],
      {},
      { checkpoints: 'backedges', immortal: true },
    );
    rig.tracer.recording = true;
    const r = rig.interp.call(rig.codes[0] as NonNullable<(typeof rig.codes)[0]>, []);
    const events = rig.tracer.events.filter((e) => !e.startsWith('lock') && !e.startsWith('unlock'));
    expect(events.filter((e) => e === 'block' || e === 'unblock' || e === 'checkpoint')).toEqual([
      'block', // sleep: Py_BEGIN_ALLOW_THREADS
      'unblock',
      'checkpoint', // after the CALL
      'block', // hash_release
      'unblock',
      'checkpoint',
      'checkpoint', // hash_hold: no release
    ]);
    expect(rig.interp.intValue(r)).toBeGreaterThanOrEqual(0);
  });
});

/** Frames, functions, classes, dict displays and thread-locals (the ftscalingbench workloads' instructions). */
const CALLER = `
Disassembly of f(a):
  RESUME 0
  LOAD_GLOBAL g + NULL
  LOAD_FAST a
  CALL 1
  STORE_FAST r
  LOAD_CONST 'key'
  LOAD_CONST 'value'
  BUILD_MAP 1
  STORE_FAST d
  LOAD_GLOBAL MyObject + NULL
  CALL 0
  STORE_FAST o
  LOAD_CONST 10
  LOAD_GLOBAL tl
  STORE_ATTR x
  LOAD_GLOBAL tl
  LOAD_ATTR x
  POP_TOP
  RETURN_CONST None
`;
const CALLEE = `
Disassembly of g(x):
  RESUME 0
  LOAD_FAST x
  LOAD_CONST 1
  BINARY_OP +
  RETURN_VALUE
`;

describe('reference traffic of calls to Python functions, classes, dict displays and thread-locals', () => {
  it('a frame takes the arguments over, its return drops its locals, then the call drops the function', () => {
    const rig = makeRig([CALLER, CALLEE], { g: { function: 1 }, MyObject: { class: 'MyObject' }, tl: { local: 2 } });
    const a = rig.interp.box(3000);
    rig.tracer.recording = true;
    const result = rig.interp.call(rig.codes[0] as NonNullable<(typeof rig.codes)[0]>, [a]);
    rig.tracer.recording = false;
    expect(perInstruction(rig.tracer.events)).toEqual([
      [], // f: RESUME
      ['lock globals', '+function', 'unlock globals'], // LOAD_GLOBAL g + NULL
      ['+int(3000)'], // LOAD_FAST a
      [], // CALL 1: the argument moves into g's frame as its local x
      [], // g: RESUME
      ['+int(3000)'], // LOAD_FAST x
      ['+1'], // LOAD_CONST 1
      ['-int(3000)', '-1'], // BINARY_OP +: int(3001) is new
      ['-int(3000)', '-function'], // RETURN_VALUE drops g's locals; back in f, CALL drops g (f_funcobj)
      [], // STORE_FAST r
      ["+'key'"],
      ["+'value'"],
      ["+'key'", "+'value'", "-'key'", "-'value'"], // BUILD_MAP 1: the dict takes its own references, the stack's are dropped
      [], // STORE_FAST d
      ['lock globals', '+type', 'unlock globals'], // LOAD_GLOBAL MyObject + NULL
      ['+type', '-type'], // CALL 0: the instance holds its class; then the callable is dropped
      [], // STORE_FAST o
      ['+10'],
      ['lock globals', '+_thread._local', 'unlock globals'],
      // STORE_ATTR on a local: this thread's dict, made on this first store
      ["+'x'", 'lock dict', "+'x'", '+10', 'unlock dict', "-'x'", '-10', '-_thread._local'],
      ['lock globals', '+_thread._local', 'unlock globals'],
      ['lock dict', '+10', 'unlock dict', '-_thread._local'], // LOAD_ATTR x: found in this thread's dict
      ['-10'],
      // RETURN_CONST: f's locals a, r, d, o; the instance's dealloc drops its class
      [
        '+None',
        '-int(3000)',
        'free int(3000)',
        '-int(3001)',
        'free int(3001)',
        '-dict',
        'free dict',
        '-storage',
        'free storage',
        "-'key'",
        "-'value'",
        '-object',
        'free object',
        '-type',
      ],
    ]);
    rig.interp.release(result);
    const audit = auditHeap(rig.heap, rig.tracer);
    expect(audit.auditMismatches + audit.useAfterFree + audit.danglingRefs + audit.doubleFrees).toBe(0);
    expect(rig.interp.faults).toBe(0);
  });

  it('recursion gets a frame per call; too deep is a RecursionError fault with the arguments dropped', () => {
    // def r(k): return r(k - 1) if k else 0 — written with a jump.
    const R = `
Disassembly of r(k):
  RESUME 0
  LOAD_FAST k
  POP_JUMP_IF_FALSE base
  LOAD_GLOBAL r + NULL
  LOAD_FAST k
  LOAD_CONST 1
  BINARY_OP -
  CALL 1
  RETURN_VALUE
base:
  RETURN_CONST 0
`;
    const rig = makeRig([R], { r: { function: 0 } }, { checkpoints: 'backedges' });
    const code = rig.codes[0] as NonNullable<(typeof rig.codes)[0]>;
    const ok = rig.interp.call(code, [rig.interp.box(50)]);
    expect(rig.label(ok)).toBe('0');
    expect(rig.interp.faults).toBe(0);
    rig.interp.release(ok);
    const deep = rig.interp.call(code, [rig.interp.box(5000)]);
    expect(rig.interp.faults).toBe(1);
    rig.interp.release(deep);
    const audit = auditHeap(rig.heap, rig.tracer);
    expect(audit.auditMismatches + audit.useAfterFree + audit.danglingRefs + audit.doubleFrees).toBe(0);
  });
});
