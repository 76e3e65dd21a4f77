import type { Heap, Ref, Strategy } from '@rclab/core';
import { METHODS } from './builtins.ts';
import { FUNCTION_PROGRAM, T_FUNCTION, T_LIST, T_QUEUE } from './objects.ts';
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
import { BuiltinCalls } from './calls.ts';
import { type CheckpointPlacement, type Code, DEFAULT_CHECKPOINTS, MAX_CALL_DEPTH, STACK_SIZE } from './code.ts';
import { bindRuntime, type RuntimeData } from './runtime.ts';
import type { Program } from './program.ts';
import { ProgramError, validateProgram } from './validate.ts';

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
export class Interpreter extends BuiltinCalls {
  readonly placement: CheckpointPlacement;
  readonly runtime: RuntimeData;
  readonly #every: boolean;
  readonly #globals: Ref;
  readonly #builtins: Ref;
  readonly #nameIds: ReadonlyMap<string, number>;
  readonly #stack = new Int32Array(STACK_SIZE);
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
          this.dictStore(this.#globals, names[arg] as number, v);
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
            stack[sp - 1] = this.getAttr(owner, names[arg >> 1] as number);
            stack[sp++] = 0;
            s.decref(owner);
            break;
          }
          stack[sp - 1] = this.getAttr(owner, names[arg >> 1] as number);
          s.decref(owner);
          break;
        }
        case STORE_ATTR: {
          const owner = stack[--sp] as number;
          const v = stack[--sp] as number;
          this.setAttr(owner, names[arg] as number, v);
          s.decref(v);
          s.decref(owner);
          break;
        }
        case BINARY_OP: {
          const rhs = stack[--sp] as number;
          const lhs = stack[sp - 1] as number;
          stack[sp - 1] = this.binaryOp(arg, lhs, rhs);
          s.decref(lhs);
          s.decref(rhs);
          break;
        }
        case COMPARE_OP: {
          const rhs = stack[--sp] as number;
          const lhs = stack[sp - 1] as number;
          stack[sp - 1] = this.newBool(this.compare(arg, lhs, rhs));
          s.decref(lhs);
          s.decref(rhs);
          break;
        }
        case BINARY_SUBSCR: {
          const sub = stack[--sp] as number;
          const container = stack[sp - 1] as number;
          stack[sp - 1] = this.getItem(container, sub);
          s.decref(container);
          s.decref(sub);
          break;
        }
        case STORE_SUBSCR: {
          const sub = stack[--sp] as number;
          const container = stack[--sp] as number;
          const v = stack[--sp] as number;
          this.setItem(container, sub, v);
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
          const res = this.callBuiltin(callable, self, stack, base + 2, arg);
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
          stack[sp - 1] = this.getIter(iterable);
          s.decref(iterable);
          break;
        }
        case FOR_ITER: {
          const next = this.iterNext(stack[sp - 1] as number);
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

  /** `LOAD_GLOBAL`: the module globals, then the builtins (`_PyDict_LoadGlobal`). */
  #loadGlobal(name: Ref): Ref {
    let v = this.dictGetNew(this.#globals, name);
    if (v === 0) v = this.dictGetNew(this.#builtins, name);
    if (v === 0) {
      this.faults++; // NameError
      return this.newNone();
    }
    return v;
  }

  /** `LOAD_ATTR` of a method on a list or a queue: its descriptor (borrowed), or 0. */
  #methodFor(code: Code, owner: Ref, name: number): Ref {
    const t = this.tagOf(owner);
    if (t === T_LIST) return code.methods[2 * name] as number;
    if (t === T_QUEUE) return code.methods[2 * name + 1] as number;
    return 0;
  }
}
