import type { Heap, Ref, Strategy } from '@rclab/core';
import { B_HASH_HOLD, B_HASH_RELEASE, B_LEN, B_RANGE, B_SLEEP, DEFAULT_GET_TIMEOUT_MS, HASH_BUFFER_WORDS, M_APPEND, M_GET, M_PUT, M_QSIZE } from './builtins.ts';
import { INSTANCE_CLASS, RANGE_START, RANGE_STEP, RANGE_STOP, T_BUILTIN, T_CLASS, T_INSTANCE, T_LIST, T_METHOD, T_RANGE } from './objects.ts';
import { ObjectProtocol } from './protocol.ts';

/**
 * The built-in functions and the methods of the built-in types (CPython: `Python/bltinmodule.c`,
 * `Objects/listobject.c`'s `list.append`, `Modules/_queuemodule.c`, `time.sleep`): what a `CALL`
 * of something that is not a Python function runs. See `builtins.ts` for the table.
 */
export class BuiltinCalls extends ObjectProtocol {
  /** A word nobody notifies: `sleep(ms)` is an `Atomics.wait` on it with a timeout. */
  protected readonly sleepCell = new Int32Array(new SharedArrayBuffer(4));
  /** This thread's 1 KiB of native work for the `hash_*` builtins. */
  protected readonly hashBuffer = new Int32Array(HASH_BUFFER_WORDS);

  constructor(heap: Heap, strategy: Strategy) {
    super(heap, strategy);
    for (let k = 0; k < HASH_BUFFER_WORDS; k++) this.hashBuffer[k] = Math.imul(k + heap.arena, 0x9e3779b1);
  }

  /**
   * Calls a built-in function or method descriptor with the `argc` arguments at `argBase` of
   * `stack` (borrowed: the eval loop drops them afterwards, as CPython's C-call path does);
   * returns a new reference.
   */
  callBuiltin(callable: Ref, self: Ref, stack: Int32Array, argBase: number, argc: number): Ref {
    const s = this.strategy;
    const t = this.tagOf(callable);
    if (t === T_METHOD) {
      if (self === 0 || argc > 1) {
        this.fault(callable);
        return this.newNone();
      }
      const arg0 = argc > 0 ? (stack[argBase] as number) : 0;
      switch (this.i32[callable + this.pb] as number) {
        case M_APPEND:
          if (!this.isA(self, T_LIST) || argc !== 1) break;
          // list_append is a @critical_section method: _PyList_AppendTakeRef(self, Py_NewRef(x)).
          s.lockObject(self);
          s.incref(arg0);
          this.listAppendSteal(self, arg0);
          s.unlockObject(self);
          return this.newNone();
        case M_PUT:
          if (argc !== 1) break;
          this.queuePut(self, arg0);
          return this.newNone();
        case M_GET: {
          const item = this.queueGet(self, argc > 0 ? this.intValue(arg0) : DEFAULT_GET_TIMEOUT_MS);
          return item !== 0 ? item : this.newNone();
        }
        case M_QSIZE:
          return this.box(this.queueLen(self));
        default:
          break;
      }
      this.fault(self);
      return this.newNone();
    }
    if (t === T_CLASS && self === 0 && argc === 0) {
      // object.__new__ for a heap type: the instance holds a reference to its class.
      const obj = this.heap.newObject(T_INSTANCE, 2, 2);
      s.incref(callable);
      this.i32[obj + this.pb + INSTANCE_CLASS] = callable;
      return obj;
    }
    if (t === T_BUILTIN && self === 0) {
      const a0 = argc > 0 ? (stack[argBase] as number) : 0;
      switch (this.i32[callable + this.pb] as number) {
        case B_RANGE:
          return this.range(stack, argBase, argc);
        case B_LEN:
          if (argc === 1) return this.box(this.len(a0));
          break;
        case B_SLEEP: {
          if (argc !== 1) break;
          const ms = this.intValue(a0);
          // Py_BEGIN_ALLOW_THREADS around the blocking call; no object is touched in between.
          s.beginBlocking();
          Atomics.wait(this.sleepCell, 0, 0, ms);
          s.endBlocking();
          return this.newNone();
        }
        case B_HASH_RELEASE: {
          if (argc !== 1) break;
          const rounds = this.intValue(a0);
          s.beginBlocking();
          const h = this.hash(rounds);
          s.endBlocking();
          return this.box(h);
        }
        case B_HASH_HOLD:
          if (argc !== 1) break;
          return this.box(this.hash(this.intValue(a0)));
        default:
          break;
      }
    }
    this.fault(callable); // TypeError
    return this.newNone();
  }

  /** `range(stop)`, `range(start, stop[, step])` from the `argc` arguments at `argBase` (borrowed). */
  protected range(stack: Int32Array, argBase: number, argc: number): Ref {
    const a = argc > 0 ? this.intValue(stack[argBase] as number) : 0;
    const b = argc > 1 ? this.intValue(stack[argBase + 1] as number) : 0;
    const step = argc > 2 ? this.intValue(stack[argBase + 2] as number) : 1;
    if (argc < 1 || argc > 3 || step === 0) {
      this.faults++;
      return this.newNone();
    }
    const r = this.heap.newObject(T_RANGE, 0, 3);
    const base = r + this.pb;
    this.i32[base + RANGE_START] = argc === 1 ? 0 : a;
    this.i32[base + RANGE_STOP] = argc === 1 ? a : b;
    this.i32[base + RANGE_STEP] = step;
    return r;
  }

  /** The native work: FNV-style mixing over the thread's 1 KiB buffer, `rounds` passes. */
  protected hash(rounds: number): number {
    const buf = this.hashBuffer;
    let h = 0x811c9dc5 | 0;
    for (let r = 0; r < rounds; r++) {
      for (let k = 0; k < HASH_BUFFER_WORDS; k++) {
        h = Math.imul(h ^ (buf[k] as number), 0x01000193);
        buf[k] = h;
      }
    }
    return h & 0x3fffffff;
  }
}
