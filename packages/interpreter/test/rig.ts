// Test helper (not a test file): an interpreter on the main thread over a fresh heap with the
// tracing strategy, and readable labels for the objects it touches.
import { createHeapBuffer, Heap, type Ref } from '@rclab/core';
import { assemble } from '../src/assemble.ts';
import { BUILTIN_NAMES, METHODS } from '../src/builtins.ts';
import type { CheckpointPlacement, Code } from '../src/code.ts';
import { Interpreter } from '../src/interpreter.ts';
import * as o from '../src/objects.ts';
import type { Program } from '../src/program.ts';
import { createRuntime, type RuntimeData, type ValueSpec } from '../src/runtime.ts';
import { ObjectSpace } from '../src/space.ts';
import { TracingStrategy } from './fixtures/tracing-strategy.ts';

export interface Rig {
  readonly heap: Heap;
  readonly tracer: TracingStrategy;
  readonly runtime: RuntimeData;
  readonly interp: Interpreter;
  readonly codes: Code[];
  /** The label the tracer uses for `ref`. */
  label(ref: Ref): string;
}

/**
 * Builds the runtime for `programs` and `globals` on a fresh heap, with the tracing strategy.
 * Globals that are containers are labelled by their name (`L`, `d`, `obj.__dict__`); ints are
 * `int(v)` (`v` for cached small ints); names are `'name'`.
 */
export function makeRig(
  sources: readonly (string | Program)[],
  globals: Readonly<Record<string, ValueSpec>>,
  options: { checkpoints?: CheckpointPlacement; immortal?: boolean; frozenGlobals?: boolean; heapMB?: number } = {},
): Rig {
  const programs = sources.map((s) => (typeof s === 'string' ? assemble(s) : s));
  const buffer = createHeapBuffer({ heapMB: options.heapMB ?? 16, threads: 1, headerWords: 1 });
  const heap = new Heap(buffer, 0);
  const tracer = new TracingStrategy({ heap, threadIndex: 0, threads: 1, options: {}, counting: true });
  tracer.supportImmortal = options.immortal ?? false;
  heap.bind(tracer);
  const space = new ObjectSpace(heap, tracer);
  const runtime = createRuntime(space, { programs, globals, frozenGlobals: options.frozenGlobals ?? false });
  const interp = new Interpreter(heap, tracer, runtime, options.checkpoints ?? 'every');
  const codes = programs.map((p, k) => interp.link(p, k));

  const named = new Map<Ref, string>([
    [runtime.globals, 'globals'],
    [runtime.builtins, 'builtins'],
  ]);
  for (const name of Object.keys(globals)) {
    const v = interp.dictGetBorrowed(runtime.globals, interp.str(name));
    const t = interp.tagOf(v);
    if (t === o.T_LIST || t === o.T_DICT || t === o.T_QUEUE || t === o.T_INSTANCE || t === o.T_TUPLE) named.set(v, name);
    if (t === o.T_INSTANCE) named.set(heap.load(v, o.INSTANCE_DICT), `${name}.__dict__`);
  }
  BUILTIN_NAMES.forEach((n, id) => named.set(runtime.builtinFns[id] as Ref, n));
  METHODS.forEach((m, id) => named.set(runtime.methods[id] as Ref, `${m.type === o.T_LIST ? 'list' : 'Queue'}.${m.name}`));

  const label = (ref: Ref): string => {
    const n = named.get(ref);
    if (n !== undefined) return n;
    const t = interp.tagOf(ref);
    const v = heap.load(ref, 0);
    switch (t) {
      case o.T_INT:
        return v >= o.SMALL_INT_MIN && v <= o.SMALL_INT_MAX ? String(v) : `int(${v})`;
      case o.T_STR:
        return `'${runtime.names[v] as string}'`;
      case o.T_NONE:
        return 'None';
      case o.T_BOOL:
        return v ? 'True' : 'False';
      case o.T_RANGE:
        return `range(${v}, ${heap.load(ref, 1)})`;
      case 0:
        return `<freed ${ref}>`;
      default:
        return o.TYPE_NAMES[t] ?? `tag${t}`;
    }
  };
  tracer.label = label;
  return { heap, tracer, runtime, interp, codes, label };
}

/** Splits a trace recorded with `checkpoints: 'every'` into one list of events per instruction executed. */
export function perInstruction(events: readonly string[]): string[][] {
  const out: string[][] = [];
  for (const e of events) {
    if (e === 'checkpoint') out.push([]);
    else if (out.length === 0) throw new Error(`event ${e} before the first checkpoint`);
    else (out[out.length - 1] as string[]).push(e);
  }
  return out;
}
