/**
 * The canary programs: fixed programs every check runs whatever the seed, each aimed at a class
 * of bug a broken strategy shows most surely. `canaryPrograms` feeds the free-running layer,
 * `controlledCanaries` the systematic one.
 */
import type { Op, Program } from './program.ts';

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
