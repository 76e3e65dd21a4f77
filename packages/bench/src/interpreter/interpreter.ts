import { type Heap, OBJ_STATE, OBJ_TYPE, type Ref, STATE_LIVE, type Strategy } from '@rclab/core';
import {
  B_HASH_HOLD,
  B_HASH_RELEASE,
  B_LEN,
  B_RANGE,
  B_SLEEP,
  DEFAULT_GET_TIMEOUT_MS,
  HASH_BUFFER_WORDS,
  M_APPEND,
  M_GET,
  M_PUT,
  M_QSIZE,
  METHODS,
} from './builtins.ts';
import {
  FUNCTION_PROGRAM,
  INSTANCE_CLASS,
  INSTANCE_DICT,
  ITER_NEXT,
  ITER_STEP,
  ITER_STOP,
  RANGE_START,
  RANGE_STEP,
  RANGE_STOP,
  SEQ_ITER_INDEX,
  SEQ_ITER_SEQ,
  T_BUILTIN,
  T_CLASS,
  T_DICT,
  T_FUNCTION,
  T_INSTANCE,
  T_INT,
  T_LIST,
  T_LOCAL,
  T_METHOD,
  T_QUEUE,
  T_RANGE,
  T_RANGE_ITER,
  T_SEQ_ITER,
  T_TUPLE,
} from './objects.ts';
import {
  BINARY_OP,
  BINARY_SUBSCR,
  BUILD_LIST,
  BUILD_MAP,
  BUILD_TUPLE,
  CALL,
  COMPARE_OP,
  COPY,
  FOR_ITER,
  GET_ITER,
  JUMP_BACKWARD,
  JUMP_FORWARD,
  LIST_APPEND,
  LOAD_ATTR,
  LOAD_CONST,
  LOAD_FAST,
  LOAD_GLOBAL,
  NB_INPLACE,
  NOP,
  POP_JUMP_IF_FALSE,
  POP_JUMP_IF_TRUE,
  POP_TOP,
  RESUME,
  RETURN_CONST,
  RETURN_VALUE,
  STORE_ATTR,
  STORE_FAST,
  STORE_GLOBAL,
  STORE_SUBSCR,
  SWAP,
} from './opcodes.ts';
import type { Program } from './program.ts';
import { bindRuntime, type RuntimeData } from './runtime.ts';
import { ObjectSpace } from './space.ts';
import { ProgramError, validateProgram } from './validate.ts';

/**
 * Where the eval loop calls `strategy.checkpoint()` (where a GIL holder may be asked to drop
 * the lock, and biased counting merges queued objects):
 * - `every`: before every instruction — the classic behaviour the article describes (CPython
 *   ≤ 3.9 checked the eval breaker at almost every instruction boundary).
 * - `backedges`: only at `RESUME` (function entry), `JUMP_BACKWARD` (loop back-edges) and
 *   after a `CALL` returns — CPython 3.10+ (`_CHECK_PERIODIC` in `Python/bytecodes.c`).
 */
export type CheckpointPlacement = 'every' | 'backedges';
export const CHECKPOINT_PLACEMENTS: readonly CheckpointPlacement[] = ['every', 'backedges'];
/** The default placement: what CPython actually does today. */
export const DEFAULT_CHECKPOINTS: CheckpointPlacement = 'backedges';

/**
 * Size of each thread's frame stack, in words: every active frame's locals and value stack
 * (CPython's per-thread data stack). A program needing more is refused at link time; a call
 * that would overflow it is a fault (RecursionError).
 */
export const STACK_SIZE = 4096;

/** Deepest nesting of Python calls (each is a nested `#eval`, so JavaScript's own stack bounds it); deeper is a RecursionError fault. */
export const MAX_CALL_DEPTH = 200;

/** A program linked to one thread's interpreter: its tables turned into heap handles. */
export interface Code {
  readonly program: Program;
  readonly ops: Int32Array;
  /** Constant objects, by constant index (borrowed: the runtime holds them). */
  readonly consts: Int32Array;
  /** Interned name objects, by name index. */
  readonly names: Int32Array;
  /** Method descriptor for name k on a list (`2k`) or a queue (`2k + 1`), or 0. */
  readonly methods: Int32Array;
  /** Local variables (parameters first): the first words of each of its frames. */
  readonly nlocals: number;
  readonly stackSize: number;
}

/**
 * One thread's bytecode interpreter over the shared heap.
 *
 * The eval loop is a `switch` over the `Int32Array` of instructions with the frames (locals,
 * then the value stack) in one `Int32Array`: no allocation and no closure per instruction. A
 * call to a Python function pushes a frame above the caller's stack, its arguments already in
 * place as its first locals (`_PyEvalFramePushAndInit`), and runs it in a nested `#eval` (CPython
 * 3.11+ stays in one C frame; the references taken and dropped are the same). Each instruction
 * takes and drops references exactly where CPython's does (see `docs/workloads.md` for the
 * table and the few deviations); the strategy decides what a reference operation costs.
 * Container operations run inside the strategy's critical section on the container
 * (`lockObject`/`unlockObject`), which is a no-op under a GIL, as in CPython.
 */
export class Interpreter extends ObjectSpace {
  readonly placement: CheckpointPlacement;
  readonly runtime: RuntimeData;
  readonly #every: boolean;
  readonly #globals: Ref;
  readonly #builtins: Ref;
  readonly #nameIds: ReadonlyMap<string, number>;
  readonly #stack = new Int32Array(STACK_SIZE);
  readonly #sleepCell = new Int32Array(new SharedArrayBuffer(4));
  readonly #hashBuffer = new Int32Array(HASH_BUFFER_WORDS);
  /** Linked programs by runtime index: the code of every function object. */
  readonly #codes: Code[] = [];
  #depth = 0;
  #running = false;

  constructor(heap: Heap, strategy: Strategy, runtime: RuntimeData, checkpoints: CheckpointPlacement = DEFAULT_CHECKPOINTS) {
    super(heap, strategy);
    bindRuntime(this, runtime);
    this.runtime = runtime;
    this.placement = checkpoints;
    this.#every = checkpoints === 'every';
    this.#globals = runtime.globals;
    this.#builtins = runtime.builtins;
    this.#nameIds = new Map(runtime.names.map((n, k) => [n, k]));
    for (let k = 0; k < HASH_BUFFER_WORDS; k++) this.#hashBuffer[k] = Math.imul(k + heap.arena, 0x9e3779b1);
  }

  /** The module globals dict (borrowed). */
  get globals(): Ref {
    return this.#globals;
  }

  /** The interned name object for `name` (borrowed). */
  str(name: string): Ref {
    const id = this.#nameIds.get(name);
    if (id === undefined) throw new ProgramError(`the name '${name}' was not interned at setup`);
    return this.runtime.strs[id] as Ref;
  }

  /**
   * Links program number `index` of the runtime (its constants were created at setup) for
   * this thread. Reads no object's count, so it may run before the thread attaches.
   */
  link(program: Program, index: number): Code {
    const stackSize = validateProgram(program);
    if (stackSize > STACK_SIZE) throw new ProgramError(`${program.name}: needs a stack of ${stackSize} (at most ${STACK_SIZE})`);
    const consts = this.runtime.consts[index];
    if (consts === undefined || consts.length !== program.consts.length) {
      throw new ProgramError(`${program.name}: program ${index} was not set up with these constants`);
    }
    const names = Int32Array.from(program.names, (n) => this.str(n));
    const methods = new Int32Array(2 * program.names.length);
    program.names.forEach((n, k) => {
      METHODS.forEach((m, id) => {
        if (m.name !== n) return;
        if (m.type === T_LIST) methods[2 * k] = this.runtime.methods[id] as Ref;
        if (m.type === T_QUEUE) methods[2 * k + 1] = this.runtime.methods[id] as Ref;
      });
    });
    const code: Code = {
      program,
      ops: program.code,
      consts: Int32Array.from(consts),
      names,
      methods,
      nlocals: program.varnames.length,
      stackSize,
    };
    this.#codes[index] = code;
    return code;
  }

  /**
   * Calls a linked program with `args` (references the call takes over, one per parameter)
   * and returns its result (a new reference).
   */
  call(code: Code, args: readonly Ref[]): Ref {
    if (args.length !== code.program.argcount) {
      throw new ProgramError(`${code.program.name}() takes ${code.program.argcount} arguments, got ${args.length}`);
    }
    if (this.#running) throw new ProgramError(`${code.program.name}: the interpreter is already running (calls are not reentrant)`);
    const stack = this.#stack;
    for (let k = 0; k < code.nlocals; k++) stack[k] = k < args.length ? (args[k] as Ref) : 0;
    this.#running = true;
    this.#depth = 0;
    try {
      return this.#eval(code, 0);
    } finally {
      this.#running = false;
    }
  }

  /** The eval loop, on the frame whose locals start at `fp`. */
  #eval(code: Code, fp: number): Ref {
    const s = this.strategy;
    const stack = this.#stack;
    const ops = code.ops;
    const consts = code.consts;
    const names = code.names;
    const every = this.#every;
    let sp = fp + code.nlocals;
    let pc = 0;
    for (;;) {
      if (every) s.checkpoint();
      const op = ops[pc] as number;
      const arg = ops[pc + 1] as number;
      pc += 2;
      switch (op) {
        case NOP:
          break;
        case RESUME:
          if (!every) s.checkpoint();
          break;
        case LOAD_CONST: {
          const v = consts[arg] as number;
          s.incref(v);
          stack[sp++] = v;
          break;
        }
        case LOAD_FAST: {
          let v = stack[fp + arg] as number;
          if (v === 0) {
            this.faults++; // UnboundLocalError
            v = this.none;
          }
          s.incref(v);
          stack[sp++] = v;
          break;
        }
        case STORE_FAST: {
          const old = stack[fp + arg] as number;
          stack[fp + arg] = stack[--sp] as number;
          if (old !== 0) s.decref(old);
          break;
        }
        case LOAD_GLOBAL:
          stack[sp++] = this.#loadGlobal(names[arg >> 1] as number);
          if ((arg & 1) !== 0) stack[sp++] = 0;
          break;
        case STORE_GLOBAL: {
          const v = stack[--sp] as number;
          this.#dictStore(this.#globals, names[arg] as number, v);
          s.decref(v);
          break;
        }
        case LOAD_ATTR: {
          const owner = stack[sp - 1] as number;
          if ((arg & 1) !== 0) {
            const meth = this.#methodFor(code, owner, arg >> 1);
            if (meth !== 0) {
              // The method and the receiver as self: the owner's reference moves to the self slot.
              s.incref(meth);
              stack[sp - 1] = meth;
              stack[sp++] = owner;
              break;
            }
            stack[sp - 1] = this.#getAttr(owner, names[arg >> 1] as number);
            stack[sp++] = 0;
            s.decref(owner);
            break;
          }
          stack[sp - 1] = this.#getAttr(owner, names[arg >> 1] as number);
          s.decref(owner);
          break;
        }
        case STORE_ATTR: {
          const owner = stack[--sp] as number;
          const v = stack[--sp] as number;
          this.#setAttr(owner, names[arg] as number, v);
          s.decref(v);
          s.decref(owner);
          break;
        }
        case BINARY_OP: {
          const rhs = stack[--sp] as number;
          const lhs = stack[sp - 1] as number;
          stack[sp - 1] = this.#binaryOp(arg, lhs, rhs);
          s.decref(lhs);
          s.decref(rhs);
          break;
        }
        case COMPARE_OP: {
          const rhs = stack[--sp] as number;
          const lhs = stack[sp - 1] as number;
          stack[sp - 1] = this.newBool(this.#compare(arg, lhs, rhs));
          s.decref(lhs);
          s.decref(rhs);
          break;
        }
        case BINARY_SUBSCR: {
          const sub = stack[--sp] as number;
          const container = stack[sp - 1] as number;
          stack[sp - 1] = this.#getItem(container, sub);
          s.decref(container);
          s.decref(sub);
          break;
        }
        case STORE_SUBSCR: {
          const sub = stack[--sp] as number;
          const container = stack[--sp] as number;
          const v = stack[--sp] as number;
          this.#setItem(container, sub, v);
          s.decref(v);
          s.decref(container);
          s.decref(sub);
          break;
        }
        case BUILD_LIST: {
          sp -= arg;
          const list = this.newList();
          for (let k = 0; k < arg; k++) this.listAppendSteal(list, stack[sp + k] as number);
          stack[sp++] = list;
          break;
        }
        case BUILD_MAP: {
          // _PyDict_FromItems: the dict takes its own references; then the stack's are dropped.
          sp -= 2 * arg;
          const dict = this.newDict();
          for (let k = 0; k < arg; k++) {
            const key = stack[sp + 2 * k] as number;
            const v = stack[sp + 2 * k + 1] as number;
            this.dictSetItem(dict, key, v);
            s.decref(key);
            s.decref(v);
          }
          stack[sp++] = dict;
          break;
        }
        case BUILD_TUPLE:
          sp -= arg;
          stack[sp] = this.tupleSteal(stack, sp, arg);
          sp++;
          break;
        case LIST_APPEND: {
          const v = stack[--sp] as number;
          this.listAppendSteal(stack[sp - arg] as number, v);
          break;
        }
        case CALL: {
          const base = sp - arg - 2;
          const callable = stack[base] as number;
          const self = stack[base + 1] as number;
          if (self === 0 && this.tagOf(callable) === T_FUNCTION) {
            // A Python function: the new frame takes over the arguments; the callable is
            // dropped when the frame is done with it (CPython's f_funcobj).
            const res = this.#callFunction(callable, base + 2, arg);
            s.decref(callable);
            sp = base;
            stack[sp++] = res;
            if (!every) s.checkpoint();
            break;
          }
          const res = this.#callObject(callable, self, base + 2, arg);
          // CPython's C-call path: drop every argument (self first), then the callable.
          if (self !== 0) s.decref(self);
          for (let k = 0; k < arg; k++) s.decref(stack[base + 2 + k] as number);
          s.decref(callable);
          sp = base;
          stack[sp++] = res;
          if (!every) s.checkpoint();
          break;
        }
        case GET_ITER: {
          const iterable = stack[sp - 1] as number;
          stack[sp - 1] = this.#getIter(iterable);
          s.decref(iterable);
          break;
        }
        case FOR_ITER: {
          const next = this.#iterNext(stack[sp - 1] as number);
          if (next !== 0) {
            stack[sp++] = next;
          } else {
            s.decref(stack[--sp] as number);
            pc += 2 * arg;
          }
          break;
        }
        case JUMP_FORWARD:
          pc += 2 * arg;
          break;
        case JUMP_BACKWARD:
          pc -= 2 * arg;
          if (!every) s.checkpoint();
          break;
        case POP_JUMP_IF_FALSE: {
          const cond = stack[--sp] as number;
          const truth = this.truthy(cond);
          s.decref(cond);
          if (!truth) pc += 2 * arg;
          break;
        }
        case POP_JUMP_IF_TRUE: {
          const cond = stack[--sp] as number;
          const truth = this.truthy(cond);
          s.decref(cond);
          if (truth) pc += 2 * arg;
          break;
        }
        case POP_TOP:
          s.decref(stack[--sp] as number);
          break;
        case RETURN_VALUE: {
          const v = stack[sp - 1] as number;
          this.#clearLocals(fp, code.nlocals);
          return v;
        }
        case RETURN_CONST: {
          const v = consts[arg] as number;
          s.incref(v);
          this.#clearLocals(fp, code.nlocals);
          return v;
        }
        case COPY: {
          const v = stack[sp - arg] as number;
          s.incref(v);
          stack[sp++] = v;
          break;
        }
        case SWAP: {
          const top = stack[sp - 1] as number;
          stack[sp - 1] = stack[sp - arg] as number;
          stack[sp - arg] = top;
          break;
        }
        default:
          throw new ProgramError(`${code.program.name}: unknown opcode ${op} at offset ${pc - 2}`);
      }
    }
  }

  /** Frame teardown: drop every local (`_PyFrame_ClearLocals`). */
  #clearLocals(fp: number, nlocals: number): void {
    const stack = this.#stack;
    for (let k = fp; k < fp + nlocals; k++) {
      const v = stack[k] as number;
      if (v !== 0) {
        stack[k] = 0;
        this.strategy.decref(v);
      }
    }
  }

  /**
   * Calls a Python function with the `argc` arguments at `argBase` (references the new frame
   * takes over) and returns its result (a new reference).
   */
  #callFunction(fn: Ref, argBase: number, argc: number): Ref {
    const stack = this.#stack;
    const callee = this.#codes[this.i32[fn + this.pb + FUNCTION_PROGRAM] as number];
    if (callee === undefined || callee.program.argcount !== argc || argBase + callee.nlocals + callee.stackSize > STACK_SIZE || this.#depth >= MAX_CALL_DEPTH) {
      // Not linked, a TypeError (wrong arguments) or a RecursionError: drop the arguments.
      this.fault(fn);
      for (let k = 0; k < argc; k++) this.strategy.decref(stack[argBase + k] as number);
      return this.newNone();
    }
    for (let k = argc; k < callee.nlocals; k++) stack[argBase + k] = 0;
    this.#depth++;
    const result = this.#eval(callee, argBase);
    this.#depth--;
    return result;
  }

  // ---- dict access inside the critical section ------------------------------------------------

  /** `d[key]` as a new reference, 0 if absent. Frozen dicts are read without the lock. */
  #dictGetNew(dict: Ref, key: Ref): Ref {
    if (!this.isA(dict, T_DICT)) {
      this.fault(dict);
      return 0;
    }
    const s = this.strategy;
    if (this.isFrozen(dict)) {
      const v = this.dictGetBorrowed(dict, key);
      if (v !== 0) s.incref(v);
      return v;
    }
    s.lockObject(dict);
    const v = this.dictGetBorrowed(dict, key);
    if (v !== 0) s.incref(v);
    s.unlockObject(dict);
    return v;
  }

  /** `d[key] = value` in the dict's critical section (`PyDict_SetItem`). */
  #dictStore(dict: Ref, key: Ref, value: Ref): void {
    if (!this.isA(dict, T_DICT) || this.isFrozen(dict)) {
      this.fault(dict);
      return;
    }
    const s = this.strategy;
    s.lockObject(dict);
    this.dictSetItem(dict, key, value);
    s.unlockObject(dict);
  }

  /** `LOAD_GLOBAL`: the module globals, then the builtins (`_PyDict_LoadGlobal`). */
  #loadGlobal(name: Ref): Ref {
    let v = this.#dictGetNew(this.#globals, name);
    if (v === 0) v = this.#dictGetNew(this.#builtins, name);
    if (v === 0) {
      this.faults++; // NameError
      return this.newNone();
    }
    return v;
  }

  #methodFor(code: Code, owner: Ref, name: number): Ref {
    const t = this.tagOf(owner);
    if (t === T_LIST) return code.methods[2 * name] as number;
    if (t === T_QUEUE) return code.methods[2 * name + 1] as number;
    return 0;
  }

  /**
   * `PyObject_GetAttr(owner, name)`: a lookup in an instance's `__dict__`, or in this thread's
   * dict of a `threading.local`.
   */
  #getAttr(owner: Ref, name: Ref): Ref {
    const t = this.tagOf(owner);
    if (t !== T_INSTANCE && t !== T_LOCAL) {
      this.fault(owner);
      return this.newNone();
    }
    const dict = this.#attrDict(owner, t);
    const v = dict === 0 ? 0 : this.#dictGetNew(dict, name);
    if (v === 0) {
      this.faults++; // AttributeError
      return this.newNone();
    }
    return v;
  }

  /** `PyObject_SetAttr(owner, name, v)`: holds the name for the call, stores in `__dict__`. */
  #setAttr(owner: Ref, name: Ref, v: Ref): void {
    const t = this.tagOf(owner);
    if (t !== T_INSTANCE && t !== T_LOCAL) {
      this.fault(owner);
      return;
    }
    const s = this.strategy;
    let dict = this.#attrDict(owner, t);
    if (dict === 0) dict = this.#newAttrDict(owner, t);
    s.incref(name);
    this.#dictStore(dict, name, v);
    s.decref(name);
  }

  /** The dict an attribute lives in (borrowed), 0 if there is none yet. */
  #attrDict(owner: Ref, t: number): Ref {
    if (t === T_LOCAL) {
      // One slot per thread, written only by that thread (on its first store).
      const slot = this.heap.arena;
      return slot < this.nrefs(owner) ? (this.i32[owner + this.pb + slot] as number) : 0;
    }
    return Atomics.load(this.i32, owner + this.pb + INSTANCE_DICT);
  }

  /** Makes the attribute dict on first store: this thread's slot of a local; an instance's in its critical section. */
  #newAttrDict(owner: Ref, t: number): Ref {
    const i32 = this.i32;
    if (t === T_LOCAL) {
      const slot = this.heap.arena;
      if (slot >= this.nrefs(owner)) {
        this.fault(owner);
        return 0;
      }
      const d = this.newDict();
      i32[owner + this.pb + slot] = d;
      return d;
    }
    const s = this.strategy;
    s.lockObject(owner);
    let d = Atomics.load(i32, owner + this.pb + INSTANCE_DICT);
    if (d === 0) {
      d = this.newDict();
      Atomics.store(i32, owner + this.pb + INSTANCE_DICT, d);
    }
    s.unlockObject(owner);
    return d;
  }

  // ---- operators ------------------------------------------------------------------------------

  /** `BINARY_OP` on two ints: a new int (32-bit, wrapping; Python's floor `//` and `%`). */
  #binaryOp(code: number, lhs: Ref, rhs: Ref): Ref {
    const i32 = this.i32;
    // Fast check: both live ints (stack values are always handles inside the heap).
    const live = (i32[lhs + OBJ_STATE] as number) & (i32[rhs + OBJ_STATE] as number) & STATE_LIVE;
    if (live === 0 || ((i32[lhs + OBJ_TYPE] as number) & 0xff) !== T_INT || ((i32[rhs + OBJ_TYPE] as number) & 0xff) !== T_INT) {
      if (!this.isInt(lhs) || !this.isInt(rhs)) {
        this.fault(this.isInt(lhs) ? rhs : lhs); // TypeError
        return this.newNone();
      }
    }
    const a = i32[lhs + this.pb] as number;
    const b = i32[rhs + this.pb] as number;
    let r: number;
    switch (code >= NB_INPLACE ? code - NB_INPLACE : code) {
      case 0:
        r = (a + b) | 0;
        break;
      case 1:
        r = a & b;
        break;
      case 3:
        r = a << (b & 31);
        break;
      case 5:
        r = Math.imul(a, b);
        break;
      case 7:
        r = a | b;
        break;
      case 9:
        r = a >> Math.min(b, 31);
        break;
      case 10:
        r = (a - b) | 0;
        break;
      case 12:
        r = a ^ b;
        break;
      case 2:
      case 6:
        if (b === 0) {
          this.faults++; // ZeroDivisionError
          return this.newNone();
        }
        if (code % NB_INPLACE === 2) {
          r = Math.floor(a / b) | 0;
        } else {
          r = a % b;
          if (r !== 0 && (r ^ b) < 0) r += b;
        }
        break;
      default:
        this.faults++;
        return this.newNone();
    }
    return this.box(r);
  }

  #compare(code: number, lhs: Ref, rhs: Ref): boolean {
    if (this.isInt(lhs) && this.isInt(rhs)) {
      const a = this.i32[lhs + this.pb] as number;
      const b = this.i32[rhs + this.pb] as number;
      switch (code) {
        case 0:
          return a < b;
        case 1:
          return a <= b;
        case 2:
          return a === b;
        case 3:
          return a !== b;
        case 4:
          return a > b;
        default:
          return a >= b;
      }
    }
    if (code === 2) return lhs === rhs;
    if (code === 3) return lhs !== rhs;
    this.faults++; // TypeError: '<' not supported
    return false;
  }

  // ---- subscripts -----------------------------------------------------------------------------

  /** `container[sub]` as a new reference (None and a fault on a missing key or bad index). */
  #getItem(container: Ref, sub: Ref): Ref {
    const s = this.strategy;
    switch (this.tagOf(container)) {
      case T_DICT: {
        const v = this.#dictGetNew(container, sub);
        if (v !== 0) return v;
        this.faults++; // KeyError
        return this.newNone();
      }
      case T_LIST: {
        let i = this.intValue(sub);
        s.lockObject(container);
        const len = this.listLen(container);
        if (i < 0) i += len;
        const v = this.listGetBorrowed(container, i);
        if (v !== 0) s.incref(v);
        s.unlockObject(container);
        if (v !== 0) return v;
        break;
      }
      case T_TUPLE: {
        let i = this.intValue(sub);
        const n = this.nrefs(container);
        if (i < 0) i += n;
        if (i >= 0 && i < n) {
          const v = this.i32[container + this.pb + i] as number;
          s.incref(v);
          return v;
        }
        break;
      }
      default:
        this.fault(container);
        return this.newNone();
    }
    this.faults++; // IndexError
    return this.newNone();
  }

  /** `container[sub] = v` (`PyObject_SetItem`): the container takes a new reference to `v`. */
  #setItem(container: Ref, sub: Ref, v: Ref): void {
    const s = this.strategy;
    switch (this.tagOf(container)) {
      case T_DICT:
        this.#dictStore(container, sub, v);
        return;
      case T_LIST: {
        let i = this.intValue(sub);
        s.lockObject(container);
        const len = this.listLen(container);
        if (i < 0) i += len;
        if (i >= 0 && i < len) {
          s.incref(v);
          const old = this.listSwapSteal(container, i, v);
          if (old !== 0) s.decref(old);
        } else {
          this.faults++; // IndexError
        }
        s.unlockObject(container);
        return;
      }
      default:
        this.fault(container); // TypeError: does not support item assignment
    }
  }

  // ---- iteration ------------------------------------------------------------------------------

  /** `iter(obj)` as a new reference. */
  #getIter(obj: Ref): Ref {
    const i32 = this.i32;
    const pb = this.pb;
    switch (this.tagOf(obj)) {
      case T_RANGE: {
        // range_iter: a fresh iterator that copies the bounds and keeps no reference to the range.
        const it = this.heap.newObject(T_RANGE_ITER, 0, 3);
        i32[it + pb + ITER_NEXT] = i32[obj + pb + RANGE_START] as number;
        i32[it + pb + ITER_STOP] = i32[obj + pb + RANGE_STOP] as number;
        i32[it + pb + ITER_STEP] = i32[obj + pb + RANGE_STEP] as number;
        return it;
      }
      case T_LIST:
      case T_TUPLE: {
        const it = this.heap.newObject(T_SEQ_ITER, 1, 2);
        this.strategy.incref(obj);
        i32[it + pb + SEQ_ITER_SEQ] = obj;
        return it;
      }
      case T_RANGE_ITER:
      case T_SEQ_ITER:
        this.strategy.incref(obj);
        return obj;
      default:
        this.fault(obj); // TypeError: not iterable
        return this.newNone();
    }
  }

  /** `next(it)` as a new reference, or 0 when the iterator is exhausted. */
  #iterNext(it: Ref): Ref {
    const i32 = this.i32;
    const base = it + this.pb;
    const t = this.tagOf(it);
    if (t === T_RANGE_ITER) {
      const next = i32[base + ITER_NEXT] as number;
      const step = i32[base + ITER_STEP] as number;
      if (step > 0 ? next >= (i32[base + ITER_STOP] as number) : next <= (i32[base + ITER_STOP] as number)) return 0;
      i32[base + ITER_NEXT] = next + step;
      return this.box(next);
    }
    if (t === T_SEQ_ITER) {
      const seq = i32[base + SEQ_ITER_SEQ] as number;
      if (seq === 0) return 0;
      const index = i32[base + SEQ_ITER_INDEX] as number;
      let item = 0;
      if (this.tagOf(seq) === T_LIST) {
        const s = this.strategy;
        s.lockObject(seq);
        item = this.listGetBorrowed(seq, index);
        if (item !== 0) s.incref(item);
        s.unlockObject(seq);
      } else if (this.isA(seq, T_TUPLE) && index < this.nrefs(seq)) {
        item = i32[seq + this.pb + index] as number;
        this.strategy.incref(item);
      }
      if (item !== 0) {
        i32[base + SEQ_ITER_INDEX] = index + 1;
        return item;
      }
      // Exhausted: the iterator lets go of its sequence at once (listiter_next).
      i32[base + SEQ_ITER_SEQ] = 0;
      this.strategy.decref(seq);
      return 0;
    }
    if (it !== this.none) this.fault(it);
    return 0;
  }

  // ---- calls ----------------------------------------------------------------------------------

  /** Calls a built-in function or method descriptor; returns a new reference. */
  #callObject(callable: Ref, self: Ref, argBase: number, argc: number): Ref {
    const stack = this.#stack;
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
          return this.#range(argBase, argc);
        case B_LEN:
          if (argc === 1) return this.box(this.#len(a0));
          break;
        case B_SLEEP: {
          if (argc !== 1) break;
          const ms = this.intValue(a0);
          // Py_BEGIN_ALLOW_THREADS around the blocking call; no object is touched in between.
          s.beginBlocking();
          Atomics.wait(this.#sleepCell, 0, 0, ms);
          s.endBlocking();
          return this.newNone();
        }
        case B_HASH_RELEASE: {
          if (argc !== 1) break;
          const rounds = this.intValue(a0);
          s.beginBlocking();
          const h = this.#hash(rounds);
          s.endBlocking();
          return this.box(h);
        }
        case B_HASH_HOLD:
          if (argc !== 1) break;
          return this.box(this.#hash(this.intValue(a0)));
        default:
          break;
      }
    }
    this.fault(callable); // TypeError
    return this.newNone();
  }

  #range(argBase: number, argc: number): Ref {
    const stack = this.#stack;
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

  #len(obj: Ref): number {
    switch (this.tagOf(obj)) {
      case T_LIST:
        return this.listLen(obj);
      case T_TUPLE:
        return this.nrefs(obj);
      case T_DICT:
        return this.dictLen(obj);
      case T_QUEUE:
        return this.queueLen(obj);
      default:
        this.fault(obj);
        return 0;
    }
  }

  /** The native work: FNV-style mixing over the thread's 1 KiB buffer, `rounds` passes. */
  #hash(rounds: number): number {
    const buf = this.#hashBuffer;
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
