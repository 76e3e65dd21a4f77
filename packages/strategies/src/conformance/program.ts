/**
 * Operation programs: what the conformance kit generates, runs on real threads, shrinks and
 * prints. A program is plain JSON, so a failing one can be pasted back into `runProgram`.
 *
 * Each worker thread has four registers holding references it owns, and runs its body —
 * a short list of operations — over and over. Operations allocate objects, take references to
 * shared objects (made by the main thread before the run), copy and drop references, move them
 * through shared containers under critical sections (so objects made by one thread are released
 * by another), link objects into small graphs, bump a counter under a critical section, and
 * make blocking calls. Threads run their bodies different numbers of times, so some finish and
 * detach while others still release what they left behind.
 *
 * Object graphs stay acyclic (a link may only point from a newer object to an older one), so
 * a correct strategy leaks nothing: reference counting alone cannot free cycles.
 *
 * This file is the program's shape and its checks. `program-arbitrary.ts` generates programs,
 * `canaries.ts` holds the fixed ones, `program-format.ts` prints them and `interpreter.ts` runs
 * them. It imports nothing, so the kit's workers can use it without bundling fast-check.
 */

/** Registers per thread. */
export const REGISTERS = 4;

/** One operation. `r`, `s` are registers; `g` a global; `c` a container; `k` a slot or field. */
export type Op =
  /** `r = new object with nrefs reference fields` (the old value of r is dropped). */
  | { readonly op: 'new'; readonly r: number; readonly nrefs: number }
  /** `r = g` — a new reference to a shared object (global `g`, maybe immortal). */
  | { readonly op: 'global'; readonly r: number; readonly g: number }
  /** `r = s` — a new reference to what `s` holds. */
  | { readonly op: 'copy'; readonly r: number; readonly s: number }
  /** Drop the reference in `r`. */
  | { readonly op: 'drop'; readonly r: number }
  /** `c[k] = r` under `lockObject(c)`: the container takes a new reference, drops the old one. */
  | { readonly op: 'put'; readonly c: number; readonly k: number; readonly r: number }
  /** `r = c[k]` under `lockObject(c)`: a new reference to what the container holds. */
  | { readonly op: 'take'; readonly r: number; readonly c: number; readonly k: number }
  /** `r = c[k]; c[k] = null` under `lockObject(c)`: the container's reference moves to the thread. */
  | { readonly op: 'steal'; readonly r: number; readonly c: number; readonly k: number }
  /** `r.f[k] = s` under `lockObject(r)`, if `s` is older than `r` (graphs stay acyclic). */
  | { readonly op: 'link'; readonly r: number; readonly k: number; readonly s: number }
  /** `r = s.f[k]` under `lockObject(s)`. */
  | { readonly op: 'field'; readonly r: number; readonly s: number; readonly k: number }
  /** `c.counter += 1` under `lockObject(c)`: lost updates show here. */
  | { readonly op: 'count'; readonly c: number }
  /** `beginBlocking(); endBlocking()` — a blocking call. */
  | { readonly op: 'block' }
  /**
   * `incref(c); decref(c)` inside `lockObject(c)`: a count changed inside that same object's
   * critical section, which the contract allows (a strategy with one non-reentrant lock for both fails).
   */
  | { readonly op: 'self'; readonly c: number };

/** What one worker thread runs. */
export interface ThreadProgram {
  /** The thread runs its body `repeat × rounds` times (1..3), so threads finish at different times. */
  readonly repeat: number;
  readonly body: readonly Op[];
}

/** A whole program: the shared objects the main thread makes, and one body per worker thread. */
export interface Program {
  /** Shared leaf objects made by the main thread (globals g0..). */
  readonly globals: number;
  /** Shared objects made immortal if the strategy can (numbered after the globals). */
  readonly immortals: number;
  /** Shared containers c0.. */
  readonly containers: number;
  /** Reference slots per container. */
  readonly slots: number;
  /** One entry per worker thread (thread 1 first). */
  readonly threads: readonly ThreadProgram[];
  /**
   * Operations between two `checkpoint()` calls (1: after every operation, as before; up to
   * thousands, as real code runs many operations between eval-breaker checks). @defaultValue 1
   */
  readonly every?: number;
}

/** Indexes taken modulo the real counts, so every operation names something that exists. */
export function normalizeProgram(p: Program): Program {
  const shared = p.globals + p.immortals;
  const fix = (op: Op): Op => {
    switch (op.op) {
      case 'global':
        return { ...op, g: op.g % shared };
      case 'put':
      case 'take':
      case 'steal':
        return { ...op, c: op.c % p.containers, k: op.k % p.slots };
      case 'count':
      case 'self':
        return { ...op, c: op.c % p.containers };
      default:
        return op;
    }
  };
  return { ...p, threads: p.threads.map((t) => ({ repeat: t.repeat, body: t.body.map(fix) })) };
}

/** Problems that make `p` unrunnable (for programs pasted in by hand), or `undefined`. */
export function programProblem(p: unknown): string | undefined {
  if (p === null || typeof p !== 'object') return 'not an object';
  const q = p as Partial<Program>;
  for (const key of ['globals', 'immortals', 'containers', 'slots'] as const) {
    if (!Number.isInteger(q[key]) || (q[key] as number) < 0) return `'${key}' must be a non-negative integer`;
  }
  if ((q.globals as number) + (q.immortals as number) < 1) return 'needs at least one global or immortal';
  if ((q.containers as number) < 1 || (q.slots as number) < 1) return 'needs at least one container with one slot';
  if (!Array.isArray(q.threads) || q.threads.length < 1) return "'threads' must list at least one thread";
  if (q.every !== undefined && (!Number.isInteger(q.every) || q.every < 1)) return "'every' must be an integer ≥ 1";
  for (const { repeat, body } of q.threads as readonly Partial<ThreadProgram>[]) {
    if (repeat === undefined || !Number.isInteger(repeat) || repeat < 1 || !Array.isArray(body)) return 'each thread needs a repeat ≥ 1 and a body';
  }
  return undefined;
}
