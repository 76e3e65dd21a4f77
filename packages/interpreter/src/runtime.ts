import type { Ref } from '@rclab/core';
import { BUILTIN_NAMES, METHODS } from './builtins.ts';
import {
  FUNCTION_PROGRAM,
  INSTANCE_DICT,
  SMALL_INT_COUNT,
  SMALL_INT_MIN,
  STR_ID,
  T_BOOL,
  T_BUILTIN,
  T_CLASS,
  T_FUNCTION,
  T_INSTANCE,
  T_INT,
  T_LOCAL,
  T_METHOD,
  T_NONE,
  T_STR,
} from './objects.ts';
import type { Const, Program } from './program.ts';
import type { ObjectSpace } from './space.ts';

/**
 * A value to build on the heap at setup: an int, an interned string, a bool, `null` for None,
 * or a container of values. `frozen` dicts and objects are never written during the run, so
 * readers skip the critical section (see `ObjectSpace.freeze`).
 */
export type ValueSpec =
  | number
  | string
  | boolean
  | null
  | { readonly list: readonly ValueSpec[] }
  | { readonly tuple: readonly ValueSpec[] }
  | { readonly dict: readonly (readonly [ValueSpec, ValueSpec])[]; readonly frozen?: boolean }
  | { readonly queue: readonly ValueSpec[] }
  | { readonly object: Readonly<Record<string, ValueSpec>>; readonly frozen?: boolean }
  /** A Python function whose code is program number `function` of the runtime. */
  | { readonly function: number }
  /** A class with no methods (`class MyObject: pass`); calling it makes an instance. */
  | { readonly class: string }
  /** A `threading.local()` with room for `local` threads' dicts (the worker count + 1). */
  | { readonly local: number };

/** What the interpreter's shared objects are built from. */
export interface RuntimeSpec {
  /** Every program the workload runs (their constants and names are created here). */
  readonly programs: readonly Program[];
  /** The module's globals and their initial values. */
  readonly globals: Readonly<Record<string, ValueSpec>>;
  /** True if no thread writes the module globals during the run (reads then need no lock). */
  readonly frozenGlobals?: boolean;
}

/**
 * The interpreter's shared objects, as handles (plain data: it is the workload's setup data
 * and crosses to every worker). Everything here is held by a heap root.
 */
export interface RuntimeData {
  /** Interned names; a STR object's id indexes this. */
  readonly names: readonly string[];
  /** STR objects, by id. */
  readonly strs: readonly Ref[];
  /** Cached ints -5..256, by value + 5. */
  readonly smallInts: readonly Ref[];
  readonly none: Ref;
  readonly trueRef: Ref;
  readonly falseRef: Ref;
  /** The builtins dict (frozen). */
  readonly builtins: Ref;
  /** BUILTIN objects, by builtin id. */
  readonly builtinFns: readonly Ref[];
  /** METHOD objects (method descriptors), by method id. */
  readonly methods: readonly Ref[];
  /** The module globals dict. */
  readonly globals: Ref;
  /** Each program's constants, by program index then constant index. */
  readonly consts: readonly (readonly Ref[])[];
}

/**
 * Builds the interpreter's shared objects on the main thread, during a workload's setup:
 * interned names, the small-int cache, None/True/False, built-in functions and method
 * descriptors (all made immortal when the strategy supports it, as CPython 3.12+ and the
 * free-threaded build do), each program's constants, and the module globals.
 */
export function createRuntime(space: ObjectSpace, spec: RuntimeSpec): RuntimeData {
  const { heap, strategy } = space;
  const names = collectNames(spec);
  const immortal = (ref: Ref): Ref => {
    strategy.immortalize(ref);
    return ref;
  };
  const holdAll = (refs: readonly Ref[]): void => {
    heap.addRoot(space.tupleSteal(Int32Array.from(refs), 0, refs.length));
  };

  const strs = names.map((_, id) => {
    const s = heap.newObject(T_STR, 0, 1);
    heap.store(s, STR_ID, id);
    return immortal(s);
  });
  holdAll(strs);
  const smallInts: Ref[] = [];
  for (let k = 0; k < SMALL_INT_COUNT; k++) {
    const r = heap.newObject(T_INT, 0, 1);
    heap.store(r, 0, k + SMALL_INT_MIN);
    smallInts.push(immortal(r));
  }
  holdAll(smallInts);
  const none = immortal(heap.newObject(T_NONE, 0, 0));
  const trueRef = immortal(heap.newObject(T_BOOL, 0, 1));
  heap.store(trueRef, 0, 1);
  const falseRef = immortal(heap.newObject(T_BOOL, 0, 1));
  const builtinFns = BUILTIN_NAMES.map((_, id) => {
    const f = heap.newObject(T_BUILTIN, 0, 1);
    heap.store(f, 0, id);
    return immortal(f);
  });
  const methods = METHODS.map((_, id) => {
    const m = heap.newObject(T_METHOD, 0, 1);
    heap.store(m, 0, id);
    return immortal(m);
  });
  holdAll([none, trueRef, falseRef, ...builtinFns, ...methods]);
  bindRuntime(space, { none, trueRef, falseRef, smallInts });

  const str = (name: string): Ref => strs[names.indexOf(name)] as Ref;
  const builtins = space.newDict();
  BUILTIN_NAMES.forEach((name, id) => space.dictSetItem(builtins, str(name), builtinFns[id] as Ref));
  space.freeze(builtins);
  heap.addRoot(builtins);

  const build = (value: ValueSpec): Ref => buildValue(space, value, str);
  // Code constants are immortal where the strategy has immortal objects, recursively (a tuple
  // constant's items too): CPython 3.14 immortalizes numeric, string and tuple literals in
  // the free-threaded build, so `LOAD_CONST` is no shared count traffic. Without this every
  // thread running the same code would contend on its constants' counts.
  const immortalConst = (ref: Ref): Ref => {
    if (ref === 0) return ref;
    for (let k = 0; k < heap.nrefs(ref); k++) immortalConst(heap.load(ref, k));
    return immortal(ref);
  };
  const consts = spec.programs.map((program) => {
    const refs = program.consts.map((value) => immortalConst(build(constSpec(value))));
    holdAll(refs);
    return refs;
  });

  const globals = space.newDict();
  for (const [name, value] of Object.entries(spec.globals)) {
    const v = build(value);
    space.dictSetItem(globals, str(name), v);
    space.release(v);
  }
  if (spec.frozenGlobals === true) space.freeze(globals);
  heap.addRoot(globals);
  return { names, strs, smallInts, none, trueRef, falseRef, builtins, builtinFns, methods, globals, consts };
}

/** A code constant as a value to build (a tuple constant is an array). */
function constSpec(value: Const): ValueSpec {
  return Array.isArray(value) ? { tuple: value.map(constSpec) } : (value as Exclude<Const, readonly Const[]>);
}

/** Gives an object space the runtime's singletons, so it can box ints and return None. */
export function bindRuntime(space: ObjectSpace, rt: Pick<RuntimeData, 'none' | 'trueRef' | 'falseRef' | 'smallInts'>): void {
  space.none = rt.none;
  space.trueRef = rt.trueRef;
  space.falseRef = rt.falseRef;
  space.smallInts = Int32Array.from(rt.smallInts);
}

/** A new reference to a value built from its description. */
export function buildValue(space: ObjectSpace, value: ValueSpec, str: (name: string) => Ref): Ref {
  const { heap, strategy } = space;
  if (value === null) return space.newNone();
  if (typeof value === 'boolean') return space.newBool(value);
  if (typeof value === 'number') {
    if (!Number.isInteger(value) || value < -(2 ** 31) || value >= 2 ** 31) throw new RangeError(`ints are 32-bit: ${value}`);
    return space.box(value);
  }
  if (typeof value === 'string') {
    const s = str(value);
    strategy.incref(s);
    return s;
  }
  const build = (v: ValueSpec): Ref => buildValue(space, v, str);
  if ('list' in value) {
    const list = space.newList();
    for (const item of value.list) space.listAppendSteal(list, build(item));
    return list;
  }
  if ('tuple' in value) return space.tupleSteal(Int32Array.from(value.tuple.map(build)), 0, value.tuple.length);
  if ('queue' in value) {
    const q = space.newQueue();
    for (const item of value.queue) {
      const r = build(item);
      space.queuePut(q, r);
      space.release(r);
    }
    return q;
  }
  if ('dict' in value) {
    const d = space.newDict();
    for (const [k, v] of value.dict) {
      const kr = build(k);
      const vr = build(v);
      space.dictSetItem(d, kr, vr);
      space.release(kr);
      space.release(vr);
    }
    if (value.frozen === true) space.freeze(d);
    return d;
  }
  if ('function' in value) {
    const f = heap.newObject(T_FUNCTION, 0, 1);
    heap.store(f, FUNCTION_PROGRAM, value.function);
    return f;
  }
  if ('class' in value) return heap.newObject(T_CLASS, 0, 0);
  if ('local' in value) return heap.newObject(T_LOCAL, value.local, value.local);
  const obj = heap.newObject(T_INSTANCE, 1, 1);
  const d = space.newDict();
  heap.store(obj, INSTANCE_DICT, d);
  for (const [name, v] of Object.entries(value.object)) {
    const vr = build(v);
    space.dictSetItem(d, str(name), vr);
    space.release(vr);
  }
  if (value.frozen === true) space.freeze(d);
  return obj;
}

/** Every name the runtime interns: built-ins, methods, the programs' names and strings, globals. */
function collectNames(spec: RuntimeSpec): string[] {
  const names = new Set<string>([...BUILTIN_NAMES, ...METHODS.map((m) => m.name)]);
  for (const p of spec.programs) {
    for (const n of p.names) names.add(n);
    const walkConst = (c: Const): void => {
      if (typeof c === 'string') names.add(c);
      else if (Array.isArray(c)) c.forEach(walkConst);
    };
    p.consts.forEach(walkConst);
  }
  const walk = (v: ValueSpec): void => {
    if (typeof v === 'string') names.add(v);
    else if (v === null || typeof v !== 'object') return;
    else if ('list' in v) v.list.forEach(walk);
    else if ('tuple' in v) v.tuple.forEach(walk);
    else if ('queue' in v) v.queue.forEach(walk);
    else if ('dict' in v)
      v.dict.forEach(([k, x]) => {
        walk(k);
        walk(x);
      });
    else if ('function' in v || 'class' in v || 'local' in v) return;
    else
      for (const [k, x] of Object.entries(v.object)) {
        names.add(k);
        walk(x);
      }
  };
  for (const [k, v] of Object.entries(spec.globals)) {
    names.add(k);
    walk(v);
  }
  return [...names];
}
