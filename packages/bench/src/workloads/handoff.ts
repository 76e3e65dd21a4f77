/**
 * `handoff` — producers allocate objects that consumers on other threads drop: cross-thread
 * frees, biased counting's slow path (the non-owner's decrement queues the object to its
 * owner, which merges it at a checkpoint): "producer/consumer hand-off, both threads
 * saturated". A fraction R of the objects is released by a thread other than the one that made
 * them, as in the BRC paper's sensitivity experiment (Choi et al., PACT 2018, §7.5), but here
 * both threads allocate, hand off and receive at full speed.
 *
 * Each operation allocates an object, takes and drops two more references to it (owner
 * traffic), then either drops it itself or — for a fraction `remoteFraction` of the objects,
 * spread evenly — hands its reference to the next thread (thread t → t+1, the last → the first)
 * through a single-producer ring in the workload's shared words. Every thread drains its
 * incoming ring, dropping what it receives. With one thread the "other" thread is itself.
 *
 * A producer whose target ring is full drains its own ring and, if still full, waits for the
 * consumer with the interpreter released (at most 1 ms per wait); `finish` keeps draining until
 * every producer is done, so no object is left in a ring. Both are counted (`ringFullHits`,
 * `ringFullWaits`, `ringFullWaitMs` in the measurements, summed over the producers, warm-up
 * included).
 *
 * This is the producer/consumer hand-off with both threads saturated (the `queue.SimpleQueue`
 * case of colesbury/nogil#121), not the paper's §7.5 experiment: that is `brc-paper`.
 *
 * A correct run ends with every handed-off object received and dropped, and nothing leaked.
 *
 * Parameters: `remoteFraction` R in 0..1 (default 0.5).
 */
import { defineWorkload, type NumberParam, type Ref } from '@rclab/core';
import { ParamReader } from './_support/params.ts';
import { ROLE } from '../experiments/roles.ts';

const TAG = 1;
/** Slots per ring (a power of two). */
const RING = 1024;
/** Words per thread block: a cache line for the producer's side, one for the consumer's, the ring. */
const BLOCK = 32 + RING;
/** Producer's side: index of the next slot to fill, and objects sent (written by the producer). */
const TAIL = 0;
const SENT = 1;
/** Consumer's side of the thread's own block (only it writes them): times its sends found the target ring full and slept, and the µs slept. */
const FULL_WAITS = 18;
const FULL_WAIT_US = 19;
/** Consumer's side, own block: times its sends found the target ring full (each followed by a drain of its own ring). */
const FULL_HITS = 20;
/** Consumer's side: index of the next slot to drain, and objects received (written by the consumer). */
const HEAD = 16;
const RECEIVED = 17;
const SLOTS = 32;
/** Word 0 of the region: threads that have stopped producing. */
const DONE = 0;
const PPM = 1_000_000;

const REMOTE_FRACTION = {
  name: 'remoteFraction',
  kind: 'number',
  default: 0.5,
  min: 0,
  max: 1,
  description: 'fraction R of the objects released by another thread than the one that made them',
} as const satisfies NumberParam;

interface Data {
  /** remoteFraction in parts per million (integer arithmetic: the count is exact). */
  readonly remotePpm: number;
}

const block = (workloadBase: number, thread: number): number => workloadBase + 16 + (thread - 1) * BLOCK;

export default defineWorkload<Data>({
  name: 'handoff',
  description: 'producers allocate objects that another thread drops (cross-thread frees; remoteFraction R for the BRC sweep)',
  roles: [ROLE.handoff],
  op: 'allocate one object, take and drop two references to it, then drop it or (a fraction R) hand it to the next thread',
  params: [REMOTE_FRACTION],
  sharedWords(threads) {
    return 16 + threads * BLOCK;
  },
  setup({ params }) {
    const r = new ParamReader('handoff', params).get(REMOTE_FRACTION);
    return { remotePpm: Math.round(r * PPM) };
  },
  thread({ heap, strategy, threadIndex, threads }, data) {
    const i32 = heap.i32;
    const mine = block(heap.workloadBase, threadIndex);
    const target = block(heap.workloadBase, (threadIndex % threads) + 1);
    let acc = 0;
    let sent = 0;
    let received = 0;

    /** Drops every object waiting in this thread's ring. */
    const drain = (): void => {
      const tail = Atomics.load(i32, mine + TAIL);
      let head = i32[mine + HEAD] as number;
      if (head === tail) return;
      while (head !== tail) {
        const slot = mine + SLOTS + (head & (RING - 1));
        const obj = i32[slot] as Ref;
        i32[slot] = 0;
        heap.checkLive(obj);
        strategy.decref(obj);
        head = (head + 1) | 0;
        received++;
      }
      Atomics.store(i32, mine + RECEIVED, received);
      Atomics.store(i32, mine + HEAD, head);
      Atomics.notify(i32, mine + HEAD);
    };

    /**
     * Hands `obj` (and its reference) to the next thread. False when the ring stays full and the
     * runtime asked for a pause: the consumer may be paused already, so the caller keeps `obj`
     * and tries again in its next step.
     */
    const send = (obj: Ref): boolean => {
      const tail = i32[target + TAIL] as number;
      for (;;) {
        const head = Atomics.load(i32, target + HEAD);
        if (((tail - head) | 0) < RING) break;
        // Ring full (counted in this thread's own block, on the line only it writes).
        i32[mine + FULL_HITS] = (i32[mine + FULL_HITS] as number) + 1;
        drain();
        if (((tail - Atomics.load(i32, target + HEAD)) | 0) < RING) break;
        if (heap.yieldRequested()) return false;
        const t0 = performance.now();
        strategy.beginBlocking();
        Atomics.wait(i32, target + HEAD, head, 1);
        strategy.endBlocking();
        i32[mine + FULL_WAITS] = (i32[mine + FULL_WAITS] as number) + 1;
        i32[mine + FULL_WAIT_US] = (i32[mine + FULL_WAIT_US] as number) + Math.round((performance.now() - t0) * 1000);
      }
      i32[target + SLOTS + (tail & (RING - 1))] = obj;
      Atomics.store(i32, target + TAIL, (tail + 1) | 0);
      Atomics.store(i32, target + SENT, ++sent);
      return true;
    };
    /** An object whose hand-off waited for a pause (see `send`). */
    let pending: Ref = 0;

    return {
      step(budget) {
        if (pending !== 0) {
          if (!send(pending)) return 0;
          pending = 0;
        }
        for (let k = 0; k < budget; k++) {
          const obj = heap.newObject(TAG, 0, 2);
          strategy.incref(obj);
          strategy.incref(obj);
          strategy.decref(obj);
          strategy.decref(obj);
          acc += data.remotePpm;
          if (acc >= PPM) {
            acc -= PPM;
            if (!send(obj)) {
              pending = obj;
              return k + 1;
            }
          } else {
            strategy.decref(obj);
          }
          if ((k & 15) === 15) drain();
          strategy.checkpoint();
        }
        drain();
        return budget;
      },
      finish() {
        // The runtime is not pausing now (finish runs while every thread is closing).
        if (pending !== 0) send(pending);
        pending = 0;
        Atomics.add(i32, heap.workloadBase + DONE, 1);
        for (;;) {
          drain();
          const tail = Atomics.load(i32, mine + TAIL);
          if (Atomics.load(i32, heap.workloadBase + DONE) === threads && tail === (i32[mine + HEAD] as number)) break;
          strategy.beginBlocking();
          Atomics.wait(i32, mine + TAIL, tail, 1);
          strategy.endBlocking();
        }
      },
    };
  },
  verify({ heap, threads }, data, ops) {
    let sent = 0;
    let received = 0;
    let expected = 0;
    let fullHits = 0;
    let fullWaits = 0;
    let fullWaitUs = 0;
    for (let t = 1; t <= threads; t++) {
      const b = block(heap.workloadBase, t);
      sent += Atomics.load(heap.i32, b + SENT);
      received += Atomics.load(heap.i32, b + RECEIVED);
      expected += Math.floor(((ops[t - 1] ?? 0) * data.remotePpm) / PPM);
      fullHits += Atomics.load(heap.i32, b + FULL_HITS);
      fullWaits += Atomics.load(heap.i32, b + FULL_WAITS);
      fullWaitUs += Atomics.load(heap.i32, b + FULL_WAIT_US);
    }
    return {
      lostUpdates: Math.abs(sent - received) + Math.abs(expected - sent),
      checks: [
        { name: 'objects handed to another thread', expected, observed: sent },
        { name: 'handed-off objects received and dropped', expected: sent, observed: received },
      ],
      // Warm-up included (verify sees every operation): read them as rates per handed-off object.
      measurements: [
        { name: 'handedOff', value: sent, unit: 'objects' },
        { name: 'ringFullHits', value: fullHits, unit: 'count' },
        { name: 'ringFullWaits', value: fullWaits, unit: 'count' },
        { name: 'ringFullWaitMs', value: fullWaitUs / 1000, unit: 'ms' },
      ],
    };
  },
});
