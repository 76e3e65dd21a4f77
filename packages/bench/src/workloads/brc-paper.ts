/**
 * `brc-paper` — the BRC paper's sensitivity experiment (Choi, Shull and Torrellas, PACT 2018,
 * §7.5, Figure 10), as faithfully as rclab's heap allows: a fixed amount of work, timed.
 *
 * Thread 1, the owner, runs one *pass*:
 * 1. allocates N objects (`objects`); on each it performs `k` refcount pairs (incref, decref:
 *    the owner's own traffic, Table 6's 3–36 operations per object) and then publishes its one
 *    reference in a shared array (the paper's main thread "holding one reference to each");
 * 2. runs a fixed dummy computation D (`dummy` units per object, so D = dummy·N units; one unit
 *    is {@link ROUNDS_PER_UNIT} xorshift rounds on a local, no memory traffic);
 * 3. drops the references the releaser does not take;
 * 4. waits until the releaser has finished, then merges what is left queued; the pass ends.
 * Throughout, it calls `checkpoint()` once every `mergeEvery` work units (an object in steps 1
 * and 3, a dummy unit in step 2): that is the merge interval, where biased counting's owner
 * merges its queue (CPython's eval breaker), and where a GIL may change hands.
 *
 * Thread 2, the releaser, drops the published references of R·N objects (`remoteFraction`;
 * the first round(R·N), or with `subset=random` a seeded random subset of that size), each as
 * soon as it is published, and allocates nothing. Under biased counting each of those drops is
 * a non-owner decrement that finds the shared count at 0, so it queues the object to the owner
 * (exactly round(R·N) queued per pass; none at R = 0); under atomic counting it frees the object
 * itself, onto the owner's remote-free list.
 *
 * One operation is one complete pass, on either thread: the experiment is a fixed amount of
 * work, not a throughput, and its figure is the pass's wall time (measurements below). `step`
 * does at most {@link SLICE} units of a pass and returns 0 until the pass is complete, so a
 * step stays short; a thread that waits on the other returns from `step` (after a short spin, it
 * blocks with the interpreter released for at most {@link WAIT_MS} ms), so a paused partner
 * can never deadlock it. With one thread there is no releaser and the owner drops everything.
 *
 * Measurements (per pass; the median over the passes after the first when there are several,
 * since the first also warms the JIT):
 * - `wallMs` — the pass's execution time: from the owner's first step of the pass (for the first
 *   pass, the start barrier) until both threads are done and the last merge has run;
 * - `ownerBusyMs`, `releaserBusyMs` — time each spent working (waiting excluded);
 * - `dummyMs` — the owner's time in step 2; `releaserInsideDummy` — the fraction of passes in
 *   which the releaser had finished before step 2 ended (the paper's setting when 1);
 * - `peakQueueLength` — objects whose last reference was dropped but that are not yet freed
 *   (under biased counting: queued, awaiting the owner's merge; 0 where a drop frees at once),
 *   sampled just before each owner checkpoint, maximum over the run;
 * - `mergesPerPass`, `mergedPerPass` — owner checkpoints that freed queued objects, and how many;
 * - `peakLiveObjects`, `peakHeapBytes` — objects allocated and not yet freed, sampled at the
 *   checkpoints (Figure 10's memory curve), and that times the slot size;
 * - `objectBytes` — the heap slot one object takes under this strategy (its header plus one
 *   payload word, rounded up to the size class: 32 bytes for both `atomic` and `biased`);
 * - `mergeEvery` — the checkpoint cadence in work units; `checkpointUs` — its mean time.
 */
import { defineWorkload, type EnumParam, type IntParam, type NumberParam, type Ref, type ThreadContext, UsageError } from '@rclab/core';
import { layout } from '@rclab/core/internal';
import { ParamReader } from './_support/params.ts';
import { ROLE } from '../experiments/roles.ts';

const TAG = 1;
/** Payload words per object (an integer): atomic's and biased's objects then share a size class. */
const PAYLOAD = 1;
/** Work units per `step` call at most: about 50–200 µs of work. */
export const SLICE = 2048;
/** Objects published per release of the published count (one seq-cst store per batch). */
const PUBLISH_BATCH = 32;
/** Empty polls before a waiting thread blocks. */
const SPIN_POLLS = 64;
/** Longest block of a waiting thread (ms): it then returns from `step`. */
export const WAIT_MS = 1;
/** xorshift rounds per dummy unit. */
export const ROUNDS_PER_UNIT = 32;
/** Passes whose times are kept for the medians (a ring). */
const RECORDS = 256;

// ---- shared words (offsets from the workload base; each writer on its own cache line) ----
/** Owner's line: the pass being published (1, 2, …; 0 before the first). */
const PASS = 0;
/** Owner's line: objects published so far in the current pass. */
const PUBLISHED = 1;
/** Owner's line: set by the owner's `finish` once nothing more will be published. */
const OWNER_STOPPED = 2;
/** Owner's line: sink for the dummy computation (so it cannot be optimized away). */
const SINK = 3;
/** Owner's line: passes completed. */
const PASSES = 4;
/** Owner's line: peak of the sampled queue length. */
const PEAK_PENDING = 5;
/** Owner's line: owner checkpoints that freed queued objects, and objects they freed. */
const MERGES = 6;
const MERGED = 7;
/** Owner's line: peak of the sampled live objects. */
const PEAK_LIVE = 8;
/** Owner's line: passes in which the releaser finished before the dummy computation ended. */
const INSIDE_DUMMY = 9;
/** Owner's line: slot words of one object. */
const SLOT_WORDS = 10;
/** Owner's line: checkpoints the owner made. */
const CHECKPOINTS = 11;
/** Releaser's line: last pass the releaser completed. */
const DONE_PASS = 16;
/** Releaser's line: objects released in the current pass (plain stores, read for the samples). */
const RELEASED = 17;
/** Releaser's line: 1 while the releaser is blocked waiting for a publication. */
const WAITING = 18;
/** First word of the timing records (doubles, 8-byte aligned: see `timeRecords`). */
const TIMES = 32;
/** Records: per pass wall, owner busy, dummy (owner writes) and releaser busy (releaser writes). */
const T_WALL = 0;
const T_OWNER = 1;
const T_DUMMY = 2;
const T_RELEASER = 3;
const T_FIELDS = 4;
/** Words taken by the timing records, with one spare for alignment. */
const TIME_WORDS = RECORDS * T_FIELDS * 2 + 2;
/** First word of the published-reference array. */
const SLOTS = TIMES + TIME_WORDS;

interface Data {
  readonly objects: number;
  readonly k: number;
  /** Dummy units per pass (D). */
  readonly dummyUnits: number;
  readonly mergeEvery: number;
  /** round(R·N): objects the releaser drops per pass. */
  readonly released: number;
  /** With `subset=random`: the releaser's object indices (ascending) and the owner's. */
  readonly releaserOrder: Int32Array | null;
  readonly ownerOrder: Int32Array | null;
}

/** The pass's timing records as doubles over the shared buffer (aligned to 8 bytes). */
function timeRecords(buffer: SharedArrayBuffer, workloadBase: number): Float64Array {
  const word = workloadBase + TIMES;
  const aligned = word % 2 === 0 ? word : word + 1;
  return new Float64Array(buffer, aligned * 4, RECORDS * T_FIELDS);
}

const OBJECTS: IntParam = { name: 'objects', kind: 'int', default: 1_000_000, min: 1, max: 4_000_000, description: 'N, objects the owner allocates per pass' };
const K: IntParam = {
  name: 'k',
  kind: 'int',
  default: 2,
  min: 0,
  max: 10_000,
  description: "owner incref/decref pairs per object (the paper's Table 6: 3–36 operations per object)",
};
const DUMMY: NumberParam = { name: 'dummy', kind: 'number', default: 4, min: 0, max: 10_000, description: 'D, dummy work units per object (a unit is 32 xorshift rounds)' };
const MERGE_EVERY: IntParam = {
  name: 'mergeEvery',
  kind: 'int',
  default: 256,
  min: 1,
  max: 1_000_000_000,
  description: "work units between the owner's checkpoints (the merge interval)",
};
const REMOTE: NumberParam = { name: 'remoteFraction', kind: 'number', default: 0.5, min: 0, max: 1, description: 'R, the fraction of objects the releaser drops' };
const SUBSET: EnumParam<'first' | 'random'> = {
  name: 'subset',
  kind: 'enum',
  values: ['first', 'random'],
  default: 'first',
  description: 'which R·N objects the releaser drops: the first ones or a seeded random subset',
};

function readData(params: Readonly<Record<string, number | string | boolean>>, seed: number): Data {
  const p = new ParamReader('brc-paper', params);
  const objects = p.get(OBJECTS);
  const k = p.get(K);
  const dummy = p.get(DUMMY);
  const mergeEvery = p.get(MERGE_EVERY);
  const r = p.get(REMOTE);
  const subset = p.get(SUBSET);
  const released = Math.round(r * objects);
  let releaserOrder: Int32Array | null = null;
  let ownerOrder: Int32Array | null = null;
  if (subset === 'random') {
    // Selection sampling (Knuth's Algorithm S): exactly `released` indices, each equally likely.
    releaserOrder = new Int32Array(released);
    ownerOrder = new Int32Array(objects - released);
    let rng = seed >>> 0 || 1;
    let chosen = 0;
    let kept = 0;
    for (let i = 0; i < objects; i++) {
      rng ^= rng << 13;
      rng ^= rng >>> 17;
      rng ^= rng << 5;
      rng >>>= 0;
      const u = rng / 4294967296;
      if ((objects - i) * u < released - chosen) releaserOrder[chosen++] = i;
      else ownerOrder[kept++] = i;
    }
  }
  return { objects, k, dummyUnits: Math.round(dummy * objects), mergeEvery, released, releaserOrder, ownerOrder };
}

const enum Phase {
  Start,
  Publish,
  Dummy,
  Drop,
  Wait,
}

export default defineWorkload<Data>({
  name: 'brc-paper',
  description: "the BRC paper's §7.5 experiment: an owner allocates N objects, a releaser drops R·N of them; a fixed amount of work, timed",
  roles: [ROLE.standalone, ROLE.brcPaper],
  op: 'one complete pass on either thread: the owner allocates, touches and publishes N objects, does the dummy work and drops the rest; the releaser drops its R·N',
  params: [OBJECTS, K, DUMMY, MERGE_EVERY, REMOTE, SUBSET],
  sharedWords(_threads, params) {
    return SLOTS + new ParamReader('brc-paper', params).get(OBJECTS);
  },
  setup({ params, seed, threads }) {
    if (threads > 2) {
      throw new UsageError(`workload 'brc-paper' runs on 1 or 2 threads (the owner and the releaser), got ${threads}`);
    }
    return readData(params, seed);
  },
  thread(context, data) {
    return context.threadIndex === 1 ? ownerThread(context, data) : releaserThread(context, data);
  },
  verify({ heap, threads }, data) {
    const i32 = heap.i32;
    const base = heap.workloadBase;
    const times = timeRecords(heap.buffer, base);
    const passes = Atomics.load(i32, base + PASSES);
    const field = (f: number): number => passMedian(times, passes, f);
    const slotBytes = Atomics.load(i32, base + SLOT_WORDS) * 4;
    const peakLive = Atomics.load(i32, base + PEAK_LIVE);
    const checkpoints = Atomics.load(i32, base + CHECKPOINTS);
    const ownerBusyTotal = sumField(times, passes, T_OWNER);
    const per = (v: number): number => (passes > 0 ? v / passes : 0);
    return {
      lostUpdates: 0,
      checks: [{ name: 'passes completed', expected: passes, observed: passes }],
      measurements: [
        { name: 'passes', value: passes, unit: 'count' },
        { name: 'objects', value: data.objects, unit: 'objects' },
        { name: 'releasedPerPass', value: threads === 2 ? data.released : 0, unit: 'objects' },
        { name: 'wallMs', value: field(T_WALL), unit: 'ms' },
        { name: 'ownerBusyMs', value: field(T_OWNER), unit: 'ms' },
        { name: 'releaserBusyMs', value: field(T_RELEASER), unit: 'ms' },
        { name: 'dummyMs', value: field(T_DUMMY), unit: 'ms' },
        { name: 'releaserInsideDummy', value: per(Atomics.load(i32, base + INSIDE_DUMMY)), unit: 'ratio' },
        { name: 'peakQueueLength', value: Atomics.load(i32, base + PEAK_PENDING), unit: 'objects' },
        { name: 'mergesPerPass', value: per(Atomics.load(i32, base + MERGES)), unit: 'count' },
        { name: 'mergedPerPass', value: per(Atomics.load(i32, base + MERGED)), unit: 'objects' },
        { name: 'peakLiveObjects', value: peakLive, unit: 'objects' },
        { name: 'peakHeapBytes', value: peakLive * slotBytes, unit: 'bytes' },
        { name: 'objectBytes', value: slotBytes, unit: 'bytes' },
        { name: 'mergeEvery', value: data.mergeEvery, unit: 'units' },
        { name: 'checkpointUs', value: checkpoints > 0 ? (ownerBusyTotal * 1000) / checkpoints : 0, unit: 'us' },
      ],
    };
  },
});

/** Median of one field over the recorded passes, leaving out the first when there are several. */
function passMedian(times: Float64Array, passes: number, f: number): number {
  const kept = Math.min(passes, RECORDS);
  const values: number[] = [];
  for (let p = passes - kept; p < passes; p++) {
    if (p === 0 && passes > 1) continue;
    values.push(times[(p % RECORDS) * T_FIELDS + f] as number);
  }
  if (values.length === 0) return 0;
  values.sort((a, b) => a - b);
  const mid = values.length >> 1;
  return values.length % 2 === 1 ? (values[mid] as number) : ((values[mid - 1] as number) + (values[mid] as number)) / 2;
}

function sumField(times: Float64Array, passes: number, f: number): number {
  let s = 0;
  for (let p = Math.max(0, passes - RECORDS); p < passes; p++) s += times[(p % RECORDS) * T_FIELDS + f] as number;
  return s;
}

/** Blocks with the interpreter released until `word` changes from `seen`, for at most WAIT_MS. */
function block(context: ThreadContext, word: number, seen: number): void {
  context.strategy.beginBlocking();
  Atomics.wait(context.heap.i32, word, seen, WAIT_MS);
  context.strategy.endBlocking();
}

function ownerThread(context: ThreadContext, data: Data) {
  const { heap, strategy } = context;
  const i32 = heap.i32;
  const base = heap.workloadBase;
  const slots = base + SLOTS;
  const times = timeRecords(heap.buffer, base);
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

function releaserThread(context: ThreadContext, data: Data) {
  const { heap, strategy } = context;
  const i32 = heap.i32;
  const base = heap.workloadBase;
  const slots = base + SLOTS;
  const times = timeRecords(heap.buffer, base);
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
