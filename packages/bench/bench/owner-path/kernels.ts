/**
 * The kernels the owner-path microbenchmark alternates: `rc-private`'s loop (64 objects, a ring
 * of 8 held references, one incref and one decref per operation) built up one piece at a time,
 * from a plain increment to biased counting's owner path behind a strategy object, and the
 * real thing (a built-in strategy on the real heap running the real workload).
 *
 * Every kernel runs alone in its own worker, so each call site in it sees one shape only (as in
 * a benchmark run's worker). Objects sit 16 words apart in a SharedArrayBuffer, like heap
 * objects; header words are at the offsets the real strategies use relative to the object.
 */
import { createHeapBuffer, Heap, type Strategy, type StrategyContext, type StrategyFactory } from '@rclab/core';
import { BiasedStrategy, biasedStrategy, gilStrategy, UnsafeStrategy, unsafeStrategy } from '@rclab/strategies';
import rcPrivate from '../../src/workloads/rc-private.ts';

/** A kernel: `run(n)` does n operations; `sink()` keeps its result alive. */
export interface Kernel {
  run(n: number): void;
  sink(): number;
}

const OBJECTS = 64;
const WINDOW = 8;
const STRIDE = 16;
/** Header word offsets inside an object (the count for unsafe; owner and local count for biased). */
const RC = 2;
const TID = 2;
const LOCAL = 3;
/** biased's immortal local count (UINT32_MAX as int32). */
const IMMORTAL_LOCAL = -1;
/** This thread's owner id in TID. */
const ME = 2;

/** Which pieces a bare kernel has. */
interface Pieces {
  /** biased's owner test (TID === me) before touching LOCAL; else unsafe's single count. */
  readonly owner: boolean;
  /** The immortal test first: `rc < 0` (unsafe) or `local === IMMORTAL_LOCAL` (biased). */
  readonly immortal: boolean;
  /** A per-operation counter field on an object (the old `this.#fastOps++`). */
  readonly counter: boolean;
  /** The checkpoint's eval-breaker load and branch after every operation. */
  readonly checkpoint: boolean;
}

/** The kernels by name. */
export const kernelNames = [
  'plain',
  'plain+immortal',
  'owner',
  'owner+immortal',
  'owner+immortal+counter',
  'owner+immortal+checkpoint',
  'owner+immortal+checkpoint+counter',
  'class:unsafe-shape',
  'class:biased-shape',
  'real:unsafe',
  'real:biased',
  'real:biased-counting',
  'real:biased-nocheckpoint',
  'real:unsafe-checkpoint',
  'real:gil',
] as const;
export type KernelName = (typeof kernelNames)[number];

export function makeKernel(name: KernelName): Kernel {
  switch (name) {
    case 'plain':
      return bare({ owner: false, immortal: false, counter: false, checkpoint: false });
    case 'plain+immortal':
      return bare({ owner: false, immortal: true, counter: false, checkpoint: false });
    case 'owner':
      return bare({ owner: true, immortal: false, counter: false, checkpoint: false });
    case 'owner+immortal':
      return bare({ owner: true, immortal: true, counter: false, checkpoint: false });
    case 'owner+immortal+counter':
      return bare({ owner: true, immortal: true, counter: true, checkpoint: false });
    case 'owner+immortal+checkpoint':
      return bare({ owner: true, immortal: true, counter: false, checkpoint: true });
    case 'owner+immortal+checkpoint+counter':
      return bare({ owner: true, immortal: true, counter: true, checkpoint: true });
    case 'class:unsafe-shape':
      return throughObject(new UnsafeShape(sharedObjects()));
    case 'class:biased-shape':
      return throughObject(new BiasedShape(sharedObjects()));
    case 'real:unsafe':
      return real(unsafeStrategy, false);
    case 'real:biased':
      return real(biasedStrategy, false);
    case 'real:biased-counting':
      return real(biasedStrategy, true);
    case 'real:biased-nocheckpoint':
      return real(
        withCheckpoint(biasedStrategy, (context) => new BiasedNoCheckpoint(context, { name: 'biased', immortal: true })),
        false,
      );
    case 'real:gil':
      return real(gilStrategy, false);
    case 'real:unsafe-checkpoint':
      return real(
        withCheckpoint(unsafeStrategy, (context) => new UnsafeWithCheckpoint(context)),
        false,
      );
  }
}

/** 64 objects in a shared buffer, count 1 each, owned by ME; word 0 is the eval breaker. */
function sharedObjects(): Int32Array {
  const i32 = new Int32Array(new SharedArrayBuffer((OBJECTS + 1) * STRIDE * 4));
  for (let k = 1; k <= OBJECTS; k++) {
    i32[k * STRIDE + TID] = ME;
    i32[k * STRIDE + LOCAL] = 1;
  }
  return i32;
}

/**
 * The loop inline, no object in between, compiled from source text with exactly its pieces:
 * straight-line code, no flag tested at run time (a closure constant is not reliably folded by
 * the JIT, and a leftover branch would be measured as the piece's cost).
 */
function bare(p: Pieces): Kernel {
  const count = p.owner ? LOCAL : RC;
  const mortal = (v: string): string => (p.owner ? `${v} !== ${IMMORTAL_LOCAL}` : `${v} >= 0`);
  const guard = (v: string, body: string): string => (p.immortal ? `if (${mortal(v)}) { ${body} }` : body);
  const owned = (ref: string, body: string): string => (p.owner ? `if (i32[${ref} + ${TID}] === ${ME}) { ${body} } else stats.shared++;` : body);
  const counter = p.counter ? 'stats.ops++;' : '';
  const source = `
    const own = new Int32Array(${OBJECTS});
    for (let k = 0; k < ${OBJECTS}; k++) own[k] = (k + 1) * ${STRIDE};
    const ring = new Int32Array(${WINDOW});
    const stats = { ops: 0, zeros: 0, shared: 0, pending: 0 };
    let head = 0;
    let next = 0;
    return {
      run(n) {
        for (let k = 0; k < n; k++) {
          const obj = own[next];
          next = next + 1 === ${OBJECTS} ? 0 : next + 1;
          const c = i32[obj + ${count}];
          ${guard('c', owned('obj', `${counter} i32[obj + ${count}] = c + 1;`))}
          const old = ring[head];
          ring[head] = obj;
          head = head + 1 === ${WINDOW} ? 0 : head + 1;
          if (old !== 0) {
            const d = i32[old + ${count}];
            ${guard('d', owned('old', `${counter} i32[old + ${count}] = d - 1; if (d === 1) stats.zeros++;`))}
          }
          ${p.checkpoint ? 'if (i32[0] !== 0) stats.pending++;' : ''}
        }
      },
      sink: () => stats.ops + stats.zeros + stats.shared + stats.pending + i32[${STRIDE + count}],
    };`;
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- a benchmark kernel, generated from constants above
  const make = new Function('i32', source) as (i32: Int32Array) => Kernel;
  return make(sharedObjects());
}

/** What the loop calls through an object: the shape of a strategy's fast paths. */
interface Ops {
  incref(ref: number): void;
  decref(ref: number): void;
  checkpoint(): void;
  sink(): number;
}

/** unsafe's fast paths in a class with private fields, as `UnsafeStrategy` has them. */
class UnsafeShape implements Ops {
  readonly #i32: Int32Array;
  #zeros = 0;
  constructor(i32: Int32Array) {
    this.#i32 = i32;
    for (let k = 1; k <= OBJECTS; k++) i32[k * STRIDE + RC] = 1;
  }
  incref(ref: number): void {
    const i32 = this.#i32;
    const rc = i32[ref + RC] as number;
    if (rc < 0) return;
    i32[ref + RC] = rc + 1;
  }
  decref(ref: number): void {
    const i32 = this.#i32;
    const rc = i32[ref + RC] as number;
    if (rc < 0) return;
    i32[ref + RC] = rc - 1;
    if (rc === 1) this.#zeros++;
  }
  checkpoint(): void {}
  sink(): number {
    return this.#zeros;
  }
}

/** biased's owner fast paths in a class with private fields, as `BiasedStrategy` has them. */
class BiasedShape implements Ops {
  readonly #i32: Int32Array;
  readonly #tid = ME;
  readonly #breaker = 0;
  #other = 0;
  constructor(i32: Int32Array) {
    this.#i32 = i32;
  }
  incref(ref: number): void {
    const i32 = this.#i32;
    const local = i32[ref + LOCAL] as number;
    if (local === IMMORTAL_LOCAL) return;
    if (i32[ref + TID] === this.#tid) {
      i32[ref + LOCAL] = local + 1;
      return;
    }
    this.#other++;
  }
  decref(ref: number): void {
    const i32 = this.#i32;
    const local = i32[ref + LOCAL] as number;
    if (local === IMMORTAL_LOCAL) return;
    if (i32[ref + TID] === this.#tid) {
      i32[ref + LOCAL] = local - 1;
      if (local === 1) this.#other++;
      return;
    }
    this.#other++;
  }
  checkpoint(): void {
    if (this.#i32[this.#breaker] !== 0) this.#other++;
  }
  sink(): number {
    return this.#other;
  }
}

/** The loop calling `ops` for every incref, decref and checkpoint, as `rc-private` does. */
function throughObject(ops: Ops): Kernel {
  const own = new Int32Array(OBJECTS);
  for (let k = 0; k < OBJECTS; k++) own[k] = (k + 1) * STRIDE;
  const ring = new Int32Array(WINDOW);
  let head = 0;
  let next = 0;
  return {
    run(n) {
      for (let k = 0; k < n; k++) {
        const obj = own[next] as number;
        next = next + 1 === OBJECTS ? 0 : next + 1;
        ops.incref(obj);
        const old = ring[head] as number;
        ring[head] = obj;
        head = head + 1 === WINDOW ? 0 : head + 1;
        if (old !== 0) ops.decref(old);
        ops.checkpoint();
      }
    },
    sink: () => ops.sink(),
  };
}

/**
 * A built-in strategy on the real heap running the real `rc-private`, as thread 1 of a
 * one-thread run (thread 0 sets up and steps aside), created timed or counting.
 */
function real(sf: StrategyFactory, counting: boolean): Kernel {
  const params = {};
  const buffer = createHeapBuffer({
    heapMB: 8,
    threads: 1,
    headerWords: sf.headerWords,
    strategyWords: sf.sharedWords?.(1) ?? 0,
    workloadWords: rcPrivate.sharedWords?.(1, params) ?? 0,
  });
  const heap0 = new Heap(buffer, 0);
  sf.initShared?.(heap0, 1, {});
  const main: Strategy = sf.create({ heap: heap0, threadIndex: 0, threads: 1, options: {}, counting });
  heap0.bind(main);
  main.attach();
  const data = rcPrivate.setup({ heap: heap0, strategy: main, threads: 1, params, seed: 1 });
  main.beginBlocking();
  const heap = new Heap(buffer, 1);
  const strategy = sf.create({ heap, threadIndex: 1, threads: 1, options: {}, counting });
  heap.bind(strategy);
  const body = rcPrivate.thread({ heap, strategy, threads: 1, threadIndex: 1, params, seed: 1 }, data);
  strategy.attach();
  let done = 0;
  return {
    run(n) {
      done += body.step(n);
    },
    sink: () => done,
  };
}

/** `biased` with an empty checkpoint: what its eval-breaker load costs in the real code. */
class BiasedNoCheckpoint extends BiasedStrategy {
  override checkpoint(): void {}
}

/**
 * `unsafe` with biased's checkpoint (one plain load of an eval-breaker word and a branch), as
 * CPython's default build checks its eval breaker too.
 */
class UnsafeWithCheckpoint extends UnsafeStrategy {
  readonly #i32: Int32Array;
  readonly #breaker: number;
  // Written, never read: the branch needs an effect, as biased's checkpoint records one.
  // eslint-disable-next-line no-unused-private-class-members
  #pending = 0;
  constructor(context: StrategyContext) {
    super(context);
    this.#i32 = context.heap.i32;
    this.#breaker = context.heap.workloadBase + context.heap.workloadWords - 1;
  }
  override checkpoint(): void {
    if (this.#i32[this.#breaker] !== 0) this.#pending++;
  }
}

/** `sf` with another class for its instances (an experiment's variant of a built-in). */
function withCheckpoint(sf: StrategyFactory, create: (context: StrategyContext) => Strategy): StrategyFactory {
  return { ...sf, create };
}
