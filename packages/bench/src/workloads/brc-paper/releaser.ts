/**
 * `brc-paper`'s releaser, thread 2: drops the published references of its R·N objects as soon
 * as the owner publishes them, allocates nothing, and checkpoints every `mergeEvery` drops.
 */
import { type Ref, type ThreadContext, type WorkloadThread } from '@rclab/core';
import { block, DONE_PASS, OWNER_STOPPED, PASS, PUBLISHED, RECORDS, RELEASED, SLICE, SPIN_POLLS, T_FIELDS, T_RELEASER, sharedView, WAITING } from './layout.ts';
import { type Data } from './params.ts';

export function releaserThread(context: ThreadContext, data: Data): WorkloadThread {
  const { strategy } = context;
  const { i32, base, slots, times } = sharedView(context.heap);
  const order = data.releaserOrder;
  const total = data.released;
  const mergeEvery = data.mergeEvery;
  let pass = 1;
  let i = 0;
  let idle = 0;
  let busy = 0;
  let untilCheckpoint = mergeEvery;

  /** Drops published references of this pass up to `published` (at most SLICE); returns how many. */
  const release = (published: number): number => {
    let done = 0;
    while (done < SLICE && i < total) {
      const index = order === null ? i : (order[i] as number);
      if (index >= published) break;
      const obj = i32[slots + index] as Ref;
      i32[slots + index] = 0;
      strategy.decref(obj);
      i++;
      i32[base + RELEASED] = i;
      done++;
      if (--untilCheckpoint === 0) {
        untilCheckpoint = mergeEvery;
        strategy.checkpoint();
      }
    }
    return done;
  };

  const wait = (word: number, seen: number): void => {
    if (++idle <= SPIN_POLLS) {
      strategy.checkpoint();
      return;
    }
    Atomics.store(i32, base + WAITING, 1);
    // Re-read after announcing, so a publication between the two is never slept through.
    if (Atomics.load(i32, word) === seen) block(context, word, seen);
    Atomics.store(i32, base + WAITING, 0);
  };

  return {
    step(): number {
      const passNow = Atomics.load(i32, base + PASS);
      if (passNow !== pass) {
        wait(base + PASS, passNow);
        return 0;
      }
      const published = Atomics.load(i32, base + PUBLISHED);
      const t0 = performance.now();
      const done = release(published);
      if (done > 0) {
        idle = 0;
        busy += performance.now() - t0;
      }
      if (i === total) {
        times[((pass - 1) % RECORDS) * T_FIELDS + T_RELEASER] = busy;
        i = 0;
        busy = 0;
        i32[base + RELEASED] = 0;
        Atomics.store(i32, base + DONE_PASS, pass);
        Atomics.notify(i32, base + DONE_PASS);
        pass++;
        return 1;
      }
      if (done === 0) wait(base + PUBLISHED, published);
      return 0;
    },
    finish(): void {
      // Drop this pass's share of whatever the owner published before it stopped.
      while (Atomics.load(i32, base + OWNER_STOPPED) === 0) block(context, base + OWNER_STOPPED, 0);
      if (Atomics.load(i32, base + PASS) !== pass) return;
      const published = Atomics.load(i32, base + PUBLISHED);
      while (release(published) > 0);
    },
  };
}
