import type { Heap } from '../heap/heap.ts';
import type { Ref } from '../heap/ref.ts';
import type { RefcountOps } from '../heap/refcount-ops.ts';

export type { RefcountOps } from '../heap/refcount-ops.ts';
import type { CounterSpec, StrategyFamily, TimelineKindSpec } from '../results/types.ts';

/**
 * # The strategy contract
 *
 * A strategy is how a runtime keeps reference counts right when several threads share objects.
 * The article that started rclab names two concerns, and a strategy answers both:
 *
 * 1. **Reference counting** — what an object's header holds and what `incref`/`decref` do to it
 *    (plain counts, atomic counts, a per-object lock, or biased counts with an owner).
 * 2. **Locking** — what a thread must hold to run "bytecode" (a global interpreter lock, or
 *    nothing), where it may be asked to give that up (`checkpoint`), how it steps aside for a
 *    blocking call (`beginBlocking`/`endBlocking`, CPython's `Py_BEGIN_ALLOW_THREADS`), and how a
 *    container operation is made atomic (`lockObject`/`unlockObject`, free-threaded CPython's
 *    per-object critical section).
 *
 * ## Lifecycle
 * - A strategy module default-exports a {@link StrategyFactory} (use `defineStrategy`).
 *   It reaches a worker as a **module specifier** (a built-in name resolved to a file, or a path
 *   to a user's file), never as a closure: each worker imports it and calls `create` once.
 * - The main thread calls `initShared` once on a fresh heap, then `create` for thread index 0,
 *   which it uses to build the workload's shared objects before any worker starts, and for the
 *   audit after every worker has finished.
 * - Each worker calls `create` for its thread index (1..N), `heap.bind(strategy)`, then
 *   `attach()`, runs the workload, and calls `detach()` when it is done.
 *
 * ## The object header
 * The heap gives every object `headerWords` words starting at `ref + OBJ_HEADER`. Only the
 * strategy reads or writes them. Name each word with a constant (`const RC = OBJ_HEADER + 0`)
 * and document the header's invariants at the top of the strategy's file.
 *
 * ## Rules of the hot path
 * `incref` and `decref` run hundreds of millions of times per benchmark, and their cost is what
 * rclab measures. Their fast path must be a handful of typed-array operations on `heap.i32`:
 * no allocation, no closure, no `Map`, no call through a value that can hold several shapes.
 * Keep rare work (queueing, merging, deallocation) in separate methods so the fast path inlines.
 * Any word that two threads may write must be accessed with `Atomics`; a plain access is a
 * choice the strategy must be able to defend (the `unsafe` control makes none).
 */
export interface Strategy extends RefcountOps {
  /** The strategy's name, as in its factory. */
  readonly name: string;

  /**
   * Effective reference count of `ref` as this strategy sees it (for biased counting:
   * local + shared). Used by the reference audit after every thread has finished, and by tests.
   * May be slow. Immortal objects report {@link IMMORTAL_REFCOUNT}.
   */
  refcount(ref: Ref): number;

  /**
   * Makes `ref` immortal (PEP 683): from now on incref/decref leave its count alone and it is
   * never freed. Called during setup for objects like small ints and constants. Returns false
   * if the strategy has no immortal objects, in which case the caller keeps counting them.
   */
  immortalize(ref: Ref): boolean;

  /**
   * The thread starts running interpreter code: take the interpreter lock if there is one.
   * CPython: `PyEval_AcquireThread` / `_PyThreadState_Attach`.
   */
  attach(): void;

  /**
   * The thread is finished: release the interpreter lock, merge anything queued for this thread
   * (biased counting), and hand off what it owns. After `detach` the thread touches no object.
   * CPython: `PyThreadState_Clear` + `_Py_brc_remove_thread` + `PyEval_ReleaseThread`.
   */
  detach(): void;

  /**
   * A bytecode boundary where the thread may be asked to do something: CPython's eval-breaker
   * check (`_CHECK_PERIODIC`). A GIL drops the lock here when another thread asked for it;
   * biased counting merges objects other threads queued for this owner. Must be cheap when
   * there is nothing to do: one load and a branch.
   */
  checkpoint(): void;

  /**
   * Release the interpreter around a blocking call (CPython's `Py_BEGIN_ALLOW_THREADS`).
   * Between `beginBlocking` and `endBlocking` the thread touches no object.
   */
  beginBlocking(): void;

  /** Take the interpreter back after a blocking call (`Py_END_ALLOW_THREADS`). */
  endBlocking(): void;

  /**
   * Begin a critical section on one object, around a container operation such as `list.append`
   * or `d[k] = v` (free-threaded CPython's `Py_BEGIN_CRITICAL_SECTION`). Under a GIL this is a
   * no-op: the GIL already makes one bytecode atomic. Sections do not nest in rclab workloads.
   */
  lockObject(ref: Ref): void;

  /** End the critical section begun by `lockObject(ref)`. */
  unlockObject(ref: Ref): void;

  /**
   * What this thread's strategy instance counted since it was created: named numbers, summed
   * over threads by the runtime, and optionally a bounded timeline of lock events. The runtime
   * may call it more than once on the instance's own thread, at a safe point (between batches,
   * never inside an operation), and takes the difference of two reports as the counts of the
   * window between them, so every value must be cumulative.
   */
  report(): StrategyReport;
}

/** Count reported by `refcount` for an immortal object. */
export const IMMORTAL_REFCOUNT = 0x3fffffff;

/** Options a strategy reads (switch interval, spin counts, timeline recording, …). */
export type StrategyOptions = Readonly<Record<string, number | string | boolean>>;

/** Everything a strategy instance is created with. */
export interface StrategyContext {
  /** This thread's view of the heap (its arena). */
  readonly heap: Heap;
  /** 0 for the main thread, 1..threads for workers. */
  readonly threadIndex: number;
  /** Number of worker threads in the run. */
  readonly threads: number;
  /** Options from the run (`switchIntervalMs`, `recordTimeline`, …); strategies ignore unknown keys. */
  readonly options: StrategyOptions;
  /**
   * True when this instance serves a counting pass: count every hot-path event (`atomicOps`,
   * `ownerOps`, …) in `report()`. False when it is being timed: then `incref`/`decref` must do
   * no bookkeeping at all, so a measured strategy pays for nothing the system it models does
   * not do. It is a construction-time choice so a timed worker's JIT never sees a counter:
   * return a different class (e.g. a counting subclass) rather than testing a flag per
   * operation. Counters on slow paths (lock hand-offs, queueing, merges) may be kept in both.
   * The runtime never mixes the two kinds of instance in one worker.
   */
  readonly counting: boolean;
}

/** One recorded lock event, for timelines (the article's Diagram 2 from real data). */
export interface TimelineEvent {
  /** Wall-clock time in milliseconds (`performance.timeOrigin + performance.now()`). */
  readonly t: number;
  /** Thread index that the event happened on. */
  readonly thread: number;
  /** What happened: `acquire`, `release`, `drop-request`, `forced-drop`, `block`, `unblock`, … */
  readonly kind: string;
}

/** What a strategy instance reports when its thread is done. */
export interface StrategyReport {
  /** Named counts (e.g. `atomicOps`, `slowPaths`, `gilAcquisitions`, `waitMs`). Summed over threads. */
  readonly counters: Readonly<Record<string, number>>;
  /** Lock events in time order, bounded by the strategy (optional). */
  readonly timeline?: readonly TimelineEvent[];
}

/**
 * What a strategy module default-exports. Plain data plus `create`, so it can be checked when
 * loaded (`assertStrategyFactory`) and reached in any worker by importing the module.
 */
export interface StrategyFactory {
  /** Short name used on the command line and in results (`gil`, `biased`, …). */
  readonly name: string;
  /** One line: what this models and where the real one lives. */
  readonly description: string;
  /** Header words per object (0..8). */
  readonly headerWords: number;
  /**
   * True if the strategy claims to keep every count exact under concurrency (no lost update,
   * no double free). The conformance kit holds it to that; `unsafe` says false.
   */
  readonly threadSafe: boolean;
  /**
   * What kind of design it is, for whoever groups or selects strategies by what they do rather
   * than by name: the suite's experiments (the `gil` family joins the switch-interval sweep,
   * `biased` the BRC sweeps, `unsafe` is the uncounted control and the baseline of ratios), the
   * results catalog and the report, which groups and colours it with its kin. The built-ins say
   * `gil`, `biased`, `atomic`, `locked` or `unsafe`; variants share their family (`gil-noforce`
   * is a `gil`). Absent: the experiments select it only where it is named, and the catalog
   * records its own `name` (a family of one).
   */
  readonly family?: StrategyFamily | (string & Record<never, never>);
  /**
   * The counters `report()` returns, each with its unit (`count`, `ms`, …) and one line on what
   * it counts. The results file's catalog carries them, and the report labels and scales a
   * counter by its unit. Default: none declared; a counter not declared is shown as a plain count.
   */
  readonly counters?: readonly CounterSpec[];
  /**
   * The kinds of event its timeline records, each with its role (`acquire` starts holding the
   * lock, `release` ends it, `forced-release` ends it on another thread's request, `block`/`unblock` bracket a blocking call, `request` asks the holder
   * to drop, `marker` is drawn as a mark). The report's timeline reads events by these roles.
   * Default: none (a strategy that records no timeline).
   */
  readonly timelineKinds?: readonly TimelineKindSpec[];
  /** Words of shared state (locks, queues, per-thread flags) for a run of `threads` workers. */
  sharedWords?(threads: number): number;
  /** Initialise the shared words, once, on the main thread, before any instance is created. */
  initShared?(heap: Heap, threads: number, options: StrategyOptions): void;
  /** Create the instance for one thread. Called once per thread, in that thread. */
  create(context: StrategyContext): Strategy;
}
