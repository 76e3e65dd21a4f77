/**
 * `brc-paper`'s owner, thread 1: one pass is publish (allocate N objects, k refcount pairs on
 * each, publish its reference), dummy (D units of xorshift on a local), drop (the references the
 * releaser does not take) and wait (for the releaser, merging what it queued). It checkpoints
 * every `mergeEvery` work units, sampling the queue and the live objects around each checkpoint.
 */
import { type Ref, type ThreadContext, type WorkloadThread } from '@rclab/core';
import { layout } from '@rclab/core/internal';
import {
  block,
  CHECKPOINTS,
  DONE_PASS,
  INSIDE_DUMMY,
  MERGED,
  MERGES,
  OWNER_STOPPED,
  PASS,
  PASSES,
  PEAK_LIVE,
  PEAK_PENDING,
  PUBLISHED,
  RECORDS,
  RELEASED,
  SINK,
  SLICE,
  SLOT_WORDS,
  SPIN_POLLS,
  T_DUMMY,
  T_FIELDS,
  T_OWNER,
  T_WALL,
  sharedView,
  WAITING,
} from './layout.ts';
import { type Data } from './params.ts';

const TAG = 1;
/** Payload words per object (an integer): atomic's and biased's objects then share a size class. */
const PAYLOAD = 1;
/** Objects published per release of the published count (one seq-cst store per batch). */
const PUBLISH_BATCH = 32;
/** xorshift rounds per dummy unit. */
export const ROUNDS_PER_UNIT = 32;

const enum Phase {
  Start,
  Publish,
  Dummy,
  Drop,
  Wait,
}

export function ownerThread(context: ThreadContext, data: Data): WorkloadThread {
  const { heap, strategy } = context;
  const { i32, base, slots, times } = sharedView(heap);
  const n = data.objects;
  const k = data.k;
  const mergeEvery = data.mergeEvery;
  const twoThreads = context.threads === 2;
  // Objects the owner drops itself: all of them alone, else those the releaser does not take.
  const order = twoThreads ? data.ownerOrder : null;
  const dropFrom = twoThreads ? data.released : 0;
  const drops = n - dropFrom;
  // The allocator's counters, for the live-object and queue samples.
  const arenas = i32[layout.CTRL_ARENA_BASE] as number;
  const myArena = arenas + 1 * layout.ARENA_STRIDE;
  const releaserArena = arenas + 2 * layout.ARENA_STRIDE;

  let phase = Phase.Start;
  let pass = 0;
  let i = 0;
  let untilCheckpoint = mergeEvery;
  let passStart = 0;
  let busy = 0;
  let dummyMs = 0;
  let rng = 0x9e3779b9 | 0;

  const live = (): number =>
    (i32[myArena + layout.ARENA_ALLOCS] as number) -
    (i32[myArena + layout.ARENA_LOCAL_FREES] as number) -
    (twoThreads ? Atomics.load(i32, releaserArena + layout.ARENA_REMOTE_FREES_SENT) : 0);

  /** Objects whose last reference is gone but that are not freed (read RELEASED first: see docs). */
  const pending = (allocated: number, dropped: number, releasedNow: number): number => {
    // RELEASED first, the frees after: the releaser counts a drop after the free it causes, so
    // a strategy that frees at once never shows a positive queue from this skew.
    const released = releasedNow >= 0 ? releasedNow : twoThreads ? Atomics.load(i32, base + RELEASED) : 0;
    const alive = live();
    if (alive > (i32[base + PEAK_LIVE] as number)) Atomics.store(i32, base + PEAK_LIVE, alive);
    return alive - (allocated - released - dropped);
  };

  /** A checkpoint (the merge interval), with the queue sampled on either side of it. */
  const checkpoint = (allocated: number, dropped: number, released = -1): void => {
    const before = pending(allocated, dropped, released);
    strategy.checkpoint();
    Atomics.add(i32, base + CHECKPOINTS, 1);
    if (before > (i32[base + PEAK_PENDING] as number)) Atomics.store(i32, base + PEAK_PENDING, before);
    if (before > 0) {
      const after = pending(allocated, dropped, released);
      if (after < before) {
        Atomics.add(i32, base + MERGES, 1);
        Atomics.add(i32, base + MERGED, before - after);
      }
    }
  };

  const publish = (count: number): void => {
    Atomics.store(i32, base + PUBLISHED, count);
    if (Atomics.load(i32, base + WAITING) !== 0) Atomics.notify(i32, base + PUBLISHED);
  };

  return {
    step(): number {
      const t0 = performance.now();
      let work = SLICE;
      if (phase === Phase.Start) {
        pass++;
        passStart = t0;
        busy = 0;
        dummyMs = 0;
        i = 0;
        Atomics.store(i32, base + PUBLISHED, 0);
        Atomics.store(i32, base + PASS, pass);
        Atomics.notify(i32, base + PASS);
        phase = Phase.Publish;
      }
      if (phase === Phase.Publish) {
        while (work > 0 && i < n) {
          const obj = heap.newObject(TAG, 0, PAYLOAD);
          if (pass === 1 && i === 0) Atomics.store(i32, base + SLOT_WORDS, heap.slotWords(obj));
          for (let j = 0; j < k; j++) {
            strategy.incref(obj);
            strategy.decref(obj);
          }
          i32[slots + i] = obj;
          i++;
          work--;
          if (i % PUBLISH_BATCH === 0) publish(i);
          if (--untilCheckpoint === 0) {
            untilCheckpoint = mergeEvery;
            checkpoint(i, 0);
          }
        }
        if (i === n) {
          publish(n);
          phase = Phase.Dummy;
          i = 0;
        }
      }
      if (phase === Phase.Dummy) {
        const d0 = performance.now();
        const units = data.dummyUnits;
        let x = rng;
        while (work > 0 && i < units) {
          for (let r = 0; r < ROUNDS_PER_UNIT; r++) {
            x ^= x << 13;
            x ^= x >>> 17;
            x ^= x << 5;
          }
          i++;
          work--;
          if (--untilCheckpoint === 0) {
            untilCheckpoint = mergeEvery;
            checkpoint(n, 0);
          }
        }
        rng = x;
        i32[base + SINK] = x;
        dummyMs += performance.now() - d0;
        if (i === units) {
          // The paper's setting: the releaser finished inside the dummy computation.
          if (!twoThreads || Atomics.load(i32, base + DONE_PASS) === pass) Atomics.add(i32, base + INSIDE_DUMMY, 1);
          phase = Phase.Drop;
          i = 0;
        }
      }
      if (phase === Phase.Drop) {
        while (work > 0 && i < drops) {
          const index = order === null ? dropFrom + i : (order[i] as number);
          const obj = i32[slots + index] as Ref;
          i32[slots + index] = 0;
          strategy.decref(obj);
          i++;
          work--;
          if (--untilCheckpoint === 0) {
            untilCheckpoint = mergeEvery;
            checkpoint(n, i);
          }
        }
        if (i === drops) {
          phase = Phase.Wait;
          i = 0;
        }
      }
      if (phase === Phase.Wait) {
        if (twoThreads && Atomics.load(i32, base + DONE_PASS) !== pass) {
          // Merge what is queued while waiting, as an idle CPython thread's eval breaker would.
          checkpoint(n, drops);
          busy += performance.now() - t0;
          if (++i > SPIN_POLLS) block(context, base + DONE_PASS, pass - 1);
          return 0;
        }
        // The releaser is done (and has reset RELEASED for the next pass): all of its share is out.
        checkpoint(n, drops, twoThreads ? data.released : 0);
        const end = performance.now();
        busy += end - t0;
        const r = ((pass - 1) % RECORDS) * T_FIELDS;
        times[r + T_WALL] = end - passStart;
        times[r + T_OWNER] = busy;
        times[r + T_DUMMY] = dummyMs;
        Atomics.store(i32, base + PASSES, pass);
        phase = Phase.Start;
        return 1;
      }
      busy += performance.now() - t0;
      return 0;
    },
    finish(): void {
      // Stopped mid-pass (a timed run): publish what exists, then drop the owner's share of it.
      if (phase !== Phase.Start && phase !== Phase.Wait) {
        const published = phase === Phase.Publish ? i : n;
        Atomics.store(i32, base + PUBLISHED, published);
        const from = phase === Phase.Drop ? i : 0;
        for (let j = from; j < drops; j++) {
          const index = order === null ? dropFrom + j : (order[j] as number);
          if (index >= published) continue;
          const obj = i32[slots + index] as Ref;
          i32[slots + index] = 0;
          strategy.decref(obj);
        }
      }
      Atomics.store(i32, base + OWNER_STOPPED, 1);
      Atomics.notify(i32, base + OWNER_STOPPED);
      strategy.checkpoint();
    },
  };
}
