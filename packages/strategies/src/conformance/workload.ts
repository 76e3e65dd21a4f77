/**
 * The conformance kit's workload: runs one operation program (see `program.ts`) on real
 * worker threads. Parameters: `program` (the program as JSON) and `rounds`.
 *
 * Setup (main thread): the globals (leaf objects), the immortal objects (immortalized if the
 * strategy can, kept counted otherwise) and the containers (reference slots plus a counter
 * word), each held by a root. The workers first meet at a rendezvous (inside a blocking
 * section), so that they really run at the same time; then each runs its body
 * `repeat × rounds` times (`interpreter.ts`), calling `checkpoint()` after every `program.every`
 * operations as an interpreter does at its check points. This is the kit's free-running layer:
 * real parallel threads, no schedule, so a failure here replays only as reliably as the bug.
 *
 * `verify` compares each container's counter with the number of `count` operations run.
 */
import { defineWorkload, type WorkloadCheck } from '@rclab/core';
import { expectedCounts, makeInterpreter, setupShared } from './interpreter.ts';
import type { Op, Program } from './program.ts';

interface Data {
  readonly program: Program;
  readonly rounds: number;
  /** Roots of the globals then the immortals. */
  readonly shared: readonly number[];
  readonly containers: readonly number[];
}

/** Workload shared region: the serial-number counter for new objects. */
const SERIAL = 0;
/** Workload shared region: threads that reached the start rendezvous. */
const ARRIVED = 1;
/** Longest a thread waits at the rendezvous for the others. */
const RENDEZVOUS_MS = 2000;

function parse(params: Readonly<Record<string, unknown>>): { program: Program; rounds: number } {
  const program = JSON.parse(String(params.program)) as Program;
  const rounds = Number(params.rounds ?? 100);
  return { program, rounds };
}

/** Operations per run of a thread's body. */
export function passesFor(program: Program, rounds: number, thread: number): number {
  return (program.threads[thread - 1]?.repeat ?? 0) * rounds;
}

export default defineWorkload<Data>({
  name: 'conformance-program',
  description: 'the conformance kit: one generated operation program on real threads',
  sharedWords: () => 16,
  setup({ heap, strategy, params, threads }) {
    const { program, rounds } = parse(params);
    if (program.threads.length !== threads) throw new Error(`program has ${program.threads.length} threads, run has ${threads}`);
    const made = setupShared(heap, strategy, program);
    const shared = made.shared.map((obj) => heap.addRoot(obj));
    const containers = made.containers.map((obj) => heap.addRoot(obj));
    return { program, rounds, shared, containers };
  },
  thread({ heap, strategy, threadIndex, threads }, data) {
    const i32 = heap.i32;
    const program = data.program;
    const body: readonly Op[] = program.threads[threadIndex - 1]?.body ?? [];
    const passes = passesFor(program, data.rounds, threadIndex);
    const every = program.every ?? 1;
    const interpreter = makeInterpreter(
      heap,
      strategy,
      program,
      data.shared.map((r) => heap.root(r)),
      data.containers.map((r) => heap.root(r)),
      heap.workloadBase + SERIAL,
    );
    let done = 0;
    let sinceCheckpoint = 0;
    let started = false;

    return {
      step(budget) {
        if (!started) {
          // Races only show when threads really run at the same time: line them up first, in a
          // blocking section so a thread waiting here does not hold an interpreter lock.
          started = true;
          strategy.beginBlocking();
          Atomics.add(i32, heap.workloadBase + ARRIVED, 1);
          Atomics.notify(i32, heap.workloadBase + ARRIVED);
          const deadline = performance.now() + RENDEZVOUS_MS;
          for (;;) {
            const arrived = Atomics.load(i32, heap.workloadBase + ARRIVED);
            const left = deadline - performance.now();
            if (arrived >= threads || left <= 0) break;
            Atomics.wait(i32, heap.workloadBase + ARRIVED, arrived, left);
          }
          strategy.endBlocking();
        }
        for (let k = 0; k < budget; k++) {
          // A thread whose body has run its passes only counts the rest of its budget, so it
          // finishes (and detaches) while longer-running threads still work.
          if (done >= passes) continue;
          done++;
          for (let i = 0; i < body.length; i++) {
            interpreter.exec(body[i] as Op);
            if (++sinceCheckpoint >= every) {
              sinceCheckpoint = 0;
              strategy.checkpoint();
            }
          }
        }
        return budget;
      },
      finish() {
        interpreter.finish();
        strategy.checkpoint();
      },
    };
  },
  verify({ heap }, data) {
    const expected = expectedCounts(data.program, data.rounds);
    const checks: WorkloadCheck[] = data.containers.map((root, c) => ({
      name: `c${c}.counter`,
      expected: expected[c] ?? 0,
      observed: heap.load(heap.root(root), data.program.slots),
    }));
    return { lostUpdates: checks.reduce((a, x) => a + Math.abs(x.expected - x.observed), 0), checks };
  },
});
