/**
 * The plumbing every interpreter scenario shares: setup builds the interpreter's shared objects
 * (`createRuntime`), each worker links the scenario's program and calls `work(n, …)` once per
 * step with `n` = the step's budget, and verify reads the heap through a `ResultView`.
 *
 * Per-thread figures travel in the workload's shared words, one cache line per thread:
 * [faults, result] — the interpreter's fault count and the sum of what `work` returned.
 */
import { defineWorkload, type ParamSpec, type Ref, type WorkloadCheck, type WorkloadFactory } from '@rclab/core';
import {
  bindRuntime,
  type CheckpointPlacement,
  type Code,
  createRuntime,
  Interpreter,
  ObjectSpace,
  objects,
  type Program,
  type RuntimeData,
  type ValueSpec,
} from '@rclab/interpreter';
import { CHECKPOINTS_PARAM, ParamReader } from './params.ts';

const { INSTANCE_DICT, T_DICT, T_INSTANCE, T_INT, T_LIST, T_QUEUE, T_TUPLE } = objects;

const STATS_STRIDE = 16;
const STAT_FAULTS = 0;
const STAT_RESULT = 1;

/** Parameters every interpreter scenario has. */
export interface InterpretedParams {
  readonly checkpoints: CheckpointPlacement;
}

/** Where a thread is, for the arguments of its next `work` call. */
export interface ThreadPosition {
  readonly threadIndex: number;
  readonly threads: number;
  /** Operations this thread has done so far. */
  readonly done: number;
}

/** What a scenario module provides. */
export interface InterpretedScenario<P extends InterpretedParams> {
  readonly name: string;
  readonly description: string;
  /** One line: what one operation (one iteration of `work`'s loop) does. */
  readonly op?: string;
  /** What the suite's experiments may use it for (`WorkloadFactory.roles`). */
  readonly roles?: readonly string[];
  /** Its own declared parameters (`checkpoints` is added for every scenario). */
  readonly declared?: readonly ParamSpec[];
  /** Reads the parameters (on the main thread; the result reaches every worker). */
  params(read: ParamReader): P;
  /** The programs; threads run the first, `work(n, …args)`, where one iteration is one operation; the others are functions' code (`{ function: index }` globals). */
  programs(p: P): readonly Program[];
  /** The module globals. */
  globals(p: P, threads: number): Readonly<Record<string, ValueSpec>>;
  /** True if the program never writes a global (reads then skip the dict's critical section). */
  readonly frozenGlobals?: boolean;
  /** Extra int arguments after `n`. */
  args?(p: P, position: ThreadPosition): readonly number[];
  /** Operations per thread after which the thread idles (0: no limit). */
  quota?(p: P): number;
  /** What a correct run ends with. */
  verify(view: ResultView, p: P, ops: readonly number[]): { readonly lostUpdates: number; readonly checks: readonly WorkloadCheck[] };
}

/** What setup hands every thread: the parameters and the interpreter's shared objects. */
export interface InterpretedData<P> {
  readonly params: P;
  readonly runtime: RuntimeData;
}

/**
 * Warm-up every interpreter workload needs in a timed run. Measured on the 2-core machine
 * (`unsafe`, `cpu-bound`): after 25 ms of warm-up one thread ran at a third of its steady speed
 * and two threads at an eighth (both workers' code waiting for V8's optimizing compiler, which
 * then has no free core); from 150 ms on, the figures were steady and two threads ran about
 * twice as fast as one.
 */
export const INTERPRETER_WARMUP_MS = 150;

/** Builds the workload module's default export from a scenario. */
export function defineInterpretedWorkload<P extends InterpretedParams>(scenario: InterpretedScenario<P>): WorkloadFactory<InterpretedData<P>> {
  return defineWorkload<InterpretedData<P>>({
    name: scenario.name,
    description: scenario.description,
    op: scenario.op,
    roles: scenario.roles,
    params: [CHECKPOINTS_PARAM, ...(scenario.declared ?? [])],
    warmupMs: INTERPRETER_WARMUP_MS,
    sharedWords(threads) {
      return (threads + 1) * STATS_STRIDE;
    },
    setup({ heap, strategy, threads, params }) {
      const p = scenario.params(new ParamReader(scenario.name, params));
      const space = new ObjectSpace(heap, strategy);
      const runtime = createRuntime(space, {
        programs: scenario.programs(p),
        globals: scenario.globals(p, threads),
        frozenGlobals: scenario.frozenGlobals ?? false,
      });
      return { params: p, runtime };
    },
    thread({ heap, strategy, threadIndex, threads }, data) {
      const p = data.params;
      const interp = new Interpreter(heap, strategy, data.runtime, p.checkpoints);
      // Every program is linked: the first is work(); the others are the code of function objects.
      const codes = scenario.programs(p).map((program, index) => interp.link(program, index));
      const code = codes[0] as Code;
      const i32 = heap.i32;
      const stats = heap.workloadBase + threadIndex * STATS_STRIDE;
      const quota = scenario.quota?.(p) ?? 0;
      const idleCell = new Int32Array(new SharedArrayBuffer(4));
      let done = 0;
      return {
        step(budget) {
          let n = budget;
          if (quota > 0) {
            n = Math.min(budget, quota - done);
            if (n <= 0) {
              // Quota reached: stay out of the way (and out of the interpreter) until the stop.
              strategy.beginBlocking();
              Atomics.wait(idleCell, 0, 0, 1);
              strategy.endBlocking();
              return 0;
            }
          }
          const extra = scenario.args?.(p, { threadIndex, threads, done }) ?? [];
          const args: Ref[] = [interp.box(n)];
          for (const a of extra) args.push(interp.box(a));
          const result = interp.call(code, args);
          if (interp.tagOf(result) === T_INT) Atomics.add(i32, stats + STAT_RESULT, interp.intValue(result));
          interp.release(result);
          Atomics.store(i32, stats + STAT_FAULTS, interp.faults);
          done += n;
          return n;
        },
        finish() {
          Atomics.store(i32, stats + STAT_FAULTS, interp.faults);
        },
      };
    },
    verify({ heap, strategy, threads }, data, ops) {
      const space = new ObjectSpace(heap, strategy);
      bindRuntime(space, data.runtime);
      const faults: number[] = [];
      const results: number[] = [];
      for (let t = 1; t <= threads; t++) {
        const stats = heap.workloadBase + t * STATS_STRIDE;
        faults.push(Atomics.load(heap.i32, stats + STAT_FAULTS));
        results.push(Atomics.load(heap.i32, stats + STAT_RESULT));
      }
      const view = new ResultView(space, data.runtime, results);
      const verdict = scenario.verify(view, data.params, ops);
      const totalFaults = faults.reduce((a, b) => a + b, 0) + space.faults;
      return {
        lostUpdates: verdict.lostUpdates,
        checks: [...verdict.checks, { name: 'interpreter faults (freed or wrong objects, Python errors)', expected: 0, observed: totalFaults }],
      };
    },
  });
}

/**
 * Read-only access to the heap after a run, for `verify`: globals, int values, lengths. Any
 * value that is not what it should be (a freed object under a broken strategy) reads as
 * `undefined` rather than throwing.
 */
export class ResultView {
  readonly space: ObjectSpace;
  readonly runtime: RuntimeData;
  /** What each thread's `work` calls returned, summed (index 0 = thread 1). */
  readonly results: readonly number[];

  constructor(space: ObjectSpace, runtime: RuntimeData, results: readonly number[]) {
    this.space = space;
    this.runtime = runtime;
    this.results = results;
  }

  /** The interned name object for `name`. */
  str(name: string): Ref {
    const k = this.runtime.names.indexOf(name);
    return k < 0 ? 0 : (this.runtime.strs[k] as Ref);
  }

  /** A global's value (borrowed), 0 if missing. */
  global(name: string): Ref {
    return this.space.dictGetBorrowed(this.runtime.globals, this.str(name));
  }

  /** An int's value, or `undefined` if `ref` is not a live int. */
  int(ref: Ref): number | undefined {
    return this.space.tagOf(ref) === T_INT ? this.space.intValue(ref) : undefined;
  }

  /** Length of a list, dict, tuple or queue; `undefined` for anything else. */
  len(ref: Ref): number | undefined {
    const s = this.space;
    switch (s.tagOf(ref)) {
      case T_LIST:
        return s.listLen(ref);
      case T_DICT:
        return s.dictLen(ref);
      case T_TUPLE:
        return s.nrefs(ref);
      case T_QUEUE:
        return s.queueLen(ref);
      default:
        return undefined;
    }
  }

  /** Attribute `name` of an object (borrowed), 0 if `obj` is not an object or has no such attribute. */
  attr(obj: Ref, name: string): Ref {
    const s = this.space;
    if (s.tagOf(obj) !== T_INSTANCE) return 0;
    return this.item(s.i32[obj + s.pb + INSTANCE_DICT] as number, name);
  }

  /** `dict[key]` (borrowed) for a name or an int key; 0 if absent. */
  item(dict: Ref, key: string | number): Ref {
    const s = this.space;
    if (s.tagOf(dict) !== T_DICT) return 0;
    if (typeof key === 'string') return s.dictGetBorrowed(dict, this.str(key));
    const k = s.box(key);
    const v = s.dictGetBorrowed(dict, k);
    s.release(k);
    return v;
  }
}

/** A check of an exact expected total, and how far the run was from it. */
export function totalCheck(name: string, expected: number, observed: number | undefined): { check: WorkloadCheck; lost: number } {
  const obs = observed ?? -1;
  return { check: { name, expected, observed: obs }, lost: observed === undefined ? expected : Math.abs(expected - obs) };
}
