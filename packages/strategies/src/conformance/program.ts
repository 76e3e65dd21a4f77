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
 */
import fc from 'fast-check';

/** Registers per thread. */
export const REGISTERS = 4;
/** Largest index the generator produces for globals, containers and slots (taken modulo the real counts). */
const INDEX_RANGE = 4;

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

/** Operations-between-checkpoints values the generator picks from. */
export const CHECKPOINT_SPACINGS: readonly number[] = [1, 1, 2, 3, 5, 64, 4096];

const reg = fc.integer({ min: 0, max: REGISTERS - 1 });
const index = fc.integer({ min: 0, max: INDEX_RANGE - 1 });

const opArbitrary: fc.Arbitrary<Op> = fc.oneof(
  { arbitrary: fc.record({ op: fc.constant('drop' as const), r: reg }), weight: 2 },
  { arbitrary: fc.record({ op: fc.constant('global' as const), r: reg, g: index }), weight: 3 },
  { arbitrary: fc.record({ op: fc.constant('new' as const), r: reg, nrefs: fc.integer({ min: 0, max: 2 }) }), weight: 3 },
  { arbitrary: fc.record({ op: fc.constant('copy' as const), r: reg, s: reg }), weight: 2 },
  { arbitrary: fc.record({ op: fc.constant('put' as const), c: index, k: index, r: reg }), weight: 3 },
  { arbitrary: fc.record({ op: fc.constant('take' as const), r: reg, c: index, k: index }), weight: 2 },
  { arbitrary: fc.record({ op: fc.constant('steal' as const), r: reg, c: index, k: index }), weight: 2 },
  { arbitrary: fc.record({ op: fc.constant('link' as const), r: reg, k: index, s: reg }), weight: 2 },
  { arbitrary: fc.record({ op: fc.constant('field' as const), r: reg, s: reg, k: index }), weight: 1 },
  { arbitrary: fc.record({ op: fc.constant('count' as const), c: index }), weight: 1 },
  { arbitrary: fc.record({ op: fc.constant('block' as const) }), weight: 1 },
  { arbitrary: fc.record({ op: fc.constant('self' as const), c: index }), weight: 1 },
);

/**
 * Programs for up to `threads` worker threads (bodies of up to `maxOps` operations). Indexes
 * are generated in a fixed range: pass a program through `normalizeProgram` before running or
 * printing it. (Normalizing outside the arbitrary keeps given examples shrinkable.)
 */
export function programArbitrary(options: { readonly threads: number; readonly maxOps?: number }): fc.Arbitrary<Program> {
  const thread = fc.record({
    repeat: fc.integer({ min: 1, max: 3 }),
    body: fc.array(opArbitrary, { minLength: 1, maxLength: options.maxOps ?? 12 }),
  });
  return fc.record({
    globals: fc.integer({ min: 1, max: 3 }),
    immortals: fc.integer({ min: 0, max: 2 }),
    containers: fc.integer({ min: 1, max: 2 }),
    slots: fc.integer({ min: 1, max: 4 }),
    threads: fc.array(thread, { minLength: 1, maxLength: Math.max(1, options.threads) }),
    every: fc.constantFrom(...CHECKPOINT_SPACINGS),
  });
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

function opText(op: Op, p: Program): string {
  const g = (i: number): string => (i < p.globals ? `g${i}` : `g${i} (immortal)`);
  switch (op.op) {
    case 'new':
      return `r${op.r} = new(${op.nrefs} field${op.nrefs === 1 ? '' : 's'})`;
    case 'global':
      return `r${op.r} = ${g(op.g)}`;
    case 'copy':
      return `r${op.r} = r${op.s}`;
    case 'drop':
      return `drop r${op.r}`;
    case 'put':
      return `c${op.c}[${op.k}] = r${op.r}        (critical section on c${op.c})`;
    case 'take':
      return `r${op.r} = c${op.c}[${op.k}]        (critical section on c${op.c})`;
    case 'steal':
      return `r${op.r} = c${op.c}[${op.k}]; c${op.c}[${op.k}] = null  (critical section on c${op.c})`;
    case 'link':
      return `r${op.r}.f[${op.k}] = r${op.s}      (critical section on r${op.r}; skipped unless r${op.s} is older)`;
    case 'field':
      return `r${op.r} = r${op.s}.f[${op.k}]      (critical section on r${op.s})`;
    case 'count':
      return `c${op.c}.counter += 1  (critical section on c${op.c})`;
    case 'block':
      return 'beginBlocking(); endBlocking()';
    case 'self':
      return `incref(c${op.c}); decref(c${op.c})  (inside the critical section on c${op.c})`;
  }
}

/** The program as text, one operation per line. */
export function formatProgram(p: Program, rounds?: number): string {
  const lines = [
    `shared: ${p.globals} global${p.globals === 1 ? '' : 's'}, ${p.immortals} immortal, ` +
      `${p.containers} container${p.containers === 1 ? '' : 's'} of ${p.slots} slot${p.slots === 1 ? '' : 's'} (made by the main thread)`,
  ];
  if ((p.every ?? 1) !== 1) lines.push(`checkpoint() after every ${p.every} operations (and at the end)`);
  p.threads.forEach((t, i) => {
    const times = rounds === undefined ? `${t.repeat} × rounds` : `${t.repeat * rounds} times`;
    lines.push(`thread ${i + 1}, body run ${times}:`);
    for (const op of t.body) lines.push(`  ${opText(op, p)}`);
  });
  return lines.join('\n');
}

/**
 * Programs every check runs first, whatever the seed: the cases a broken strategy fails most
 * surely. `storm` has every thread take and drop references to one shared object; `hot` has
 * every thread hammer the same shared objects and pass objects to each
 * other; `handoff` has a short-lived thread leave its objects for another to release after it
 * has detached.
 */
export function canaryPrograms(threads: number): Program[] {
  const hotBody = (t: number): Op[] => [
    { op: 'global', r: 0, g: 0 },
    { op: 'new', r: 1, nrefs: 1 },
    { op: 'link', r: 1, k: 0, s: 0 },
    { op: 'put', c: 0, k: t % 2, r: 1 },
    { op: 'steal', r: 2, c: 0, k: (t + 1) % 2 },
    { op: 'copy', r: 3, s: 0 },
    { op: 'field', r: 1, s: 2, k: 0 },
    { op: 'count', c: 0 },
    { op: 'global', r: 0, g: 1 },
    { op: 'take', r: 2, c: 0, k: t % 2 },
    { op: 'drop', r: 3 },
  ];
  const n = Math.max(1, Math.min(threads, 4));
  const hot: Program = {
    globals: 1,
    immortals: 1,
    containers: 1,
    slots: 2,
    threads: Array.from({ length: n }, (_, i) => ({ repeat: 3, body: hotBody(i) })),
  };
  const handoff: Program = {
    globals: 1,
    immortals: 0,
    containers: 1,
    slots: 2,
    threads: [
      {
        repeat: 1,
        body: [
          { op: 'new', r: 0, nrefs: 1 },
          { op: 'global', r: 1, g: 0 },
          { op: 'link', r: 0, k: 0, s: 1 },
          { op: 'put', c: 0, k: 0, r: 0 },
          { op: 'put', c: 0, k: 1, r: 0 },
          { op: 'block' },
        ],
      },
      ...(n > 1
        ? [
            {
              repeat: 3,
              body: [
                { op: 'steal', r: 0, c: 0, k: 0 },
                { op: 'take', r: 1, c: 0, k: 1 },
                { op: 'field', r: 2, s: 1, k: 0 },
                { op: 'count', c: 0 },
                { op: 'drop', r: 0 },
              ] satisfies Op[],
            },
          ]
        : []),
    ],
  };
  // The article's Diagram 1: every thread takes and drops references to one object, nothing
  // else, so increments race on one count word as often as they can.
  const storm: Program = {
    globals: 1,
    immortals: 0,
    containers: 1,
    slots: 1,
    threads: Array.from({ length: n }, () => ({
      repeat: 3,
      body: [
        { op: 'global', r: 0, g: 0 },
        { op: 'copy', r: 1, s: 0 },
        { op: 'copy', r: 2, s: 1 },
        { op: 'drop', r: 1 },
        { op: 'copy', r: 3, s: 2 },
        { op: 'drop', r: 0 },
      ] satisfies Op[],
    })),
  };
  // Biased counting's subtle case: the owner shares an object, another thread takes a counted
  // (shared) reference to it, and the owner then drops its last local one. A correct strategy
  // merges and leaves the object to the last shared reference (`_Py_MergeZeroLocalRefcount`);
  // one that frees on a zero local count frees it under the other thread, which reads it next.
  const ownerDrop: Program = {
    globals: 1,
    immortals: 0,
    containers: 1,
    slots: 1,
    threads: [
      {
        repeat: 3,
        body: [{ op: 'new', r: 0, nrefs: 0 }, { op: 'put', c: 0, k: 0, r: 0 }, { op: 'drop', r: 0 }, { op: 'block' }, { op: 'steal', r: 1, c: 0, k: 0 }, { op: 'drop', r: 1 }],
      },
      ...(n > 1
        ? [
            {
              repeat: 3,
              body: [
                { op: 'take', r: 0, c: 0, k: 0 },
                { op: 'block' },
                { op: 'copy', r: 1, s: 0 },
                { op: 'field', r: 2, s: 0, k: 0 },
                { op: 'drop', r: 1 },
                { op: 'drop', r: 0 },
              ] satisfies Op[],
            },
          ]
        : []),
    ],
  };
  return [storm, hot, handoff, ownerDrop];
}

/**
 * The programs the controlled layer explores systematically (every schedule up to the
 * preemption bound), whatever the seed: small, so their schedules can be enumerated, and each
 * aimed at a class of bug. `storm`, `hot`, `handoff` and `owner-drop` are the canaries above
 * with one pass per thread; `two-handoffs` has a non-owner drop two references the owner
 * counted before the owner merges; `count-race` has two threads bump one counter under its critical section; `contenders` has three threads contend for
 * one critical section (a lost wake-up needs three); `long-holder` has one thread run many
 * checkpoints while another waits to get in (a GIL that never yields), and changes the
 * container's own count inside its critical section; `burst` makes hundreds of
 * reference operations between two checkpoints (state that overflows only between checkpoints).
 */
export function controlledCanaries(threads: number): { name: string; program: Program }[] {
  const once = (p: Program): Program => ({ ...p, threads: p.threads.map((t) => ({ ...t, repeat: 1 })) });
  const [storm, hot, handoff, ownerDrop] = canaryPrograms(Math.min(threads, 2)) as [Program, Program, Program, Program];
  const shared = { globals: 1, immortals: 0, containers: 1, slots: 1 };
  const out: { name: string; program: Program }[] = [
    { name: 'storm', program: once(storm) },
    { name: 'owner-drop', program: once(ownerDrop) },
    { name: 'handoff', program: once(handoff) },
    { name: 'hot', program: once(hot) },
    {
      // Two references the owner counted reach a non-owner, which drops both before the owner
      // merges: biased counting must queue the object once, not twice.
      name: 'two-handoffs',
      program: {
        globals: 1,
        immortals: 0,
        containers: 1,
        slots: 3,
        threads: [
          {
            repeat: 1,
            body: [
              { op: 'new', r: 0, nrefs: 0 },
              { op: 'put', c: 0, k: 2, r: 0 },
              { op: 'new', r: 0, nrefs: 0 },
              { op: 'put', c: 0, k: 0, r: 0 },
              { op: 'put', c: 0, k: 1, r: 0 },
              { op: 'drop', r: 0 },
              { op: 'global', r: 1, g: 0 },
              { op: 'drop', r: 1 },
            ],
          },
          {
            repeat: 1,
            body: [
              { op: 'steal', r: 0, c: 0, k: 2 },
              { op: 'drop', r: 0 },
              { op: 'steal', r: 0, c: 0, k: 0 },
              { op: 'drop', r: 0 },
              { op: 'steal', r: 1, c: 0, k: 1 },
              { op: 'drop', r: 1 },
            ],
          },
        ],
      },
    },
    {
      name: 'count-race',
      program: {
        ...shared,
        threads: [
          { repeat: 1, body: [{ op: 'count', c: 0 }] },
          { repeat: 1, body: [{ op: 'count', c: 0 }] },
        ],
      },
    },
    {
      name: 'long-holder',
      program: {
        ...shared,
        threads: [
          {
            repeat: 8,
            body: [
              { op: 'global', r: 0, g: 0 },
              { op: 'drop', r: 0 },
              { op: 'count', c: 0 },
            ],
          },
          {
            repeat: 1,
            body: [
              { op: 'self', c: 0 },
              { op: 'global', r: 1, g: 0 },
            ],
          },
        ],
      },
    },
    {
      name: 'burst',
      program: {
        ...shared,
        every: 4096,
        threads: [
          {
            repeat: 160,
            body: [
              { op: 'global', r: 0, g: 0 },
              { op: 'copy', r: 1, s: 0 },
              { op: 'drop', r: 0 },
            ],
          },
        ],
      },
    },
  ];
  if (threads >= 3) {
    out.push({
      name: 'contenders',
      program: { ...shared, threads: Array.from({ length: 3 }, () => ({ repeat: 2, body: [{ op: 'count', c: 0 }] })) },
    });
  }
  return out;
}
