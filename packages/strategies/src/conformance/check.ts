/**
 * The conformance kit: runs a strategy — built-in or a user's file — through property-based
 * operation programs on real worker threads, and reports, property by property, whether the
 * heap checks found anything wrong.
 *
 * ```ts
 * import { checkStrategy, assertConformance } from '@rclab/strategies/conformance';
 * const report = await checkStrategy('./my-strategy.ts', { runs: 20, threads: 2 });
 * report.properties.filter((p) => !p.passed);      // structured: name, counterexample, seed, path
 * await assertConformance('./my-strategy.ts');     // in a test: throws with the shrunk program
 * ```
 *
 * Three layers, in order:
 * 1. **Systematic** (controlled schedules, `schedule.ts`): the kit's small canary programs under
 *    every schedule with at most `preemptionBound` preemptions (CHESS), at both granularities
 *    (between strategy calls, and at every heap access the strategy makes), sampled evenly past
 *    `schedulesPerProgram`.
 * 2. **Random** (controlled): fast-check generates a program and a schedule together (random
 *    preemption points, PCT-style), `runs` pairs per property, and shrinks both together.
 * 3. **Free-running**: a few programs on real parallel threads for `rounds` passes (core's
 *    `run()`), for what only real hardware shows; a failure there has no schedule and replays only
 *    as reliably as the bug.
 *
 * Layers 1 and 2 are deterministic: the same seed gives the same interleavings, the same verdict
 * and the same shrunk counterexample on any machine under any load. Every (program, schedule)
 * pair is run once per call whichever property asks first. A stall or a throw is reported once,
 * under the property it breaks (`runs-to-completion`, `no-deadlock`, `no-starvation`); the heap
 * properties do not judge a run that did not complete.
 */
import fc from 'fast-check';
import { ModuleLoader, run, type Catalog, type Correctness, type StrategyFactory, type StrategyOptions } from '@rclab/core';
import { moduleUrl, resolveModuleRef } from '@rclab/core/internal';
import { strategyCatalog } from '../catalog.ts';
import { type ControlledOutcome, ControlledPool } from './controlled.ts';
import { canaryPrograms, controlledCanaries } from './canaries.ts';
import { normalizeProgram, type Program, programProblem } from './program.ts';
import { programArbitrary } from './program-arbitrary.ts';
import { formatProgram } from './program-format.ts';
import { boundedSchedules, formatSchedule, NO_PREEMPTION, normalizeSchedule, type Schedule, scheduleArbitrary } from './schedule.ts';

/** The properties, in the order they are checked and reported. */
export const CONFORMANCE_PROPERTIES = [
  { name: 'runs-to-completion', description: 'no thread throws (a failure names the strategy method)', threadSafeOnly: false },
  { name: 'no-deadlock', description: 'every thread finishes: no deadlock, no lock left held after detach, no livelock', threadSafeOnly: false },
  { name: 'no-starvation', description: 'a waiting thread gets in while the others run (a GIL honours drop requests)', threadSafeOnly: false },
  { name: 'no-double-free', description: 'no object is freed twice (and no free list is corrupted)', threadSafeOnly: false },
  { name: 'no-use-after-free', description: 'no freed object is read, and no live object points at a freed slot', threadSafeOnly: false },
  { name: 'no-leak', description: 'once every root is released, no object the program did not make immortal is left alive', threadSafeOnly: false },
  { name: 'exact-counts', description: "every live object's count equals the references to it (the audit)", threadSafeOnly: false },
  { name: 'no-lost-update', description: 'counters updated inside critical sections lose no update', threadSafeOnly: true },
] as const;

/** Name of a conformance property. */
export type PropertyName = (typeof CONFORMANCE_PROPERTIES)[number]['name'];

/** Options of `checkStrategy`. */
export interface ConformanceOptions {
  /** Random (program, schedule) pairs per property under the controlled scheduler, on top of the systematic ones. @defaultValue fast-check's global `numRuns`, else 40 */
  readonly runs?: number;
  /** Most worker threads a program uses (1..8). @defaultValue 4 */
  readonly threads?: number;
  /** Free-running layer: each thread runs its body `repeat × rounds` times. @defaultValue 2000 */
  readonly rounds?: number;
  /** fast-check seed. @defaultValue fast-check's global seed, else a random one (reported) */
  readonly seed?: number;
  /** Replay path of a counterexample (from a report; needs the same `seed` and options). */
  readonly path?: string;
  /** Check only these properties. @defaultValue all */
  readonly properties?: readonly PropertyName[];
  /** Extra controlled runs spent shrinking one failing property. @defaultValue 300 */
  readonly maxShrinkRuns?: number;
  /** Programs explored systematically (every schedule up to the bound). @defaultValue `controlledCanaries(threads)` */
  readonly examples?: readonly Program[];
  /** Most preemptions of a systematic schedule (0..2). @defaultValue 2 */
  readonly preemptionBound?: number;
  /** Most schedules per program and granularity in the systematic layer (sampled evenly past it). @defaultValue 120 */
  readonly schedulesPerProgram?: number;
  /** Programs run free (real parallel threads, no schedule) after the controlled layers; 0 for none. @defaultValue 4 */
  readonly freeRuns?: number;
  /** Options passed to the strategy (e.g. `switchIntervalMs`). */
  readonly strategyOptions?: StrategyOptions;
  /** Built-in strategy names. @defaultValue this package's catalog */
  readonly strategies?: Catalog;
  /** Heap per free run, MiB. @defaultValue 32 */
  readonly heapMB?: number;
  /** A free run with no progress for this long is a deadlock. @defaultValue 5000 */
  readonly stallTimeoutMs?: number;
  /** A controlled run that takes longer than this on the wall clock is stopped (a loop that never reaches a scheduling point). @defaultValue 20000 */
  readonly wallTimeoutMs?: number;
  /** Stops the check (Ctrl-C): the report so far is returned with `stopped: true`. */
  readonly signal?: AbortSignal;
  /** Progress lines (what is being explored). */
  readonly onProgress?: (text: string) => void;
  /** Where a failure report is printed; `null` prints nothing. @defaultValue console.error */
  readonly log?: ((text: string) => void) | null;
  /** The module loader to load and bundle the strategy with (a caller's run). @defaultValue one of the check's own, disposed at its end */
  readonly loader?: ModuleLoader;
}

/** What happened when one program ran free (core's `run()`). */
export interface ProgramOutcome {
  /** The run's error (a thread threw, or the run stalled), if it did not complete. */
  readonly error?: string;
  /** The heap checks, if it completed. */
  readonly correctness?: Correctness;
  /** The strategy's counters, summed over the worker threads. */
  readonly counters?: Readonly<Record<string, number>>;
}

/** The verdict on one property. */
export interface PropertyResult {
  readonly name: PropertyName;
  readonly description: string;
  /** `skipped`: the property does not apply (lost updates, for a strategy that is not thread-safe). */
  readonly status: 'passed' | 'failed' | 'skipped';
  /** True unless `status` is `failed`. */
  readonly passed: boolean;
  /** (program, schedule) pairs checked (up to and including the first failure). */
  readonly runs: number;
  /** Shrinking steps that led to the counterexample. */
  readonly shrinks: number;
  /** The seed the programs came from. */
  readonly seed: number;
  /** With `seed`, replays straight to the counterexample (`rclab check FILE --seed S --path P`). */
  readonly path?: string;
  /** Which layer found it: `controlled` (replays exactly) or `free` (real parallel threads, replays only as reliably as the bug). */
  readonly layer?: 'controlled' | 'free';
  /** The smallest failing program found. */
  readonly counterexample?: Program;
  /** `counterexample` as text. */
  readonly counterexampleText?: string;
  /** The shrunk schedule (controlled layer). */
  readonly schedule?: Schedule;
  /** `schedule` as text. */
  readonly scheduleText?: string;
  /** The interleaving the counterexample ran, one line per stretch of one thread. */
  readonly trace?: readonly string[];
  /** What the checks found on the counterexample. */
  readonly failure?: string;
  /** One command that replays it. */
  readonly replay?: string;
  /** Why the property was skipped. */
  readonly reason?: string;
}

/** What the check explored. */
export interface Explored {
  /** Distinct programs run under the controlled scheduler. */
  readonly programs: number;
  /** Controlled runs (one program under one schedule each). */
  readonly schedules: number;
  /** The systematic layer: programs, schedules, and whether every schedule up to the bound was run. */
  readonly systematic: { readonly programs: number; readonly schedules: number; readonly total: number; readonly exhaustive: boolean; readonly preemptionBound: number };
  /** Random (program, schedule) pairs per property. */
  readonly random: number;
  /** Free-running programs (core's `run()`, `rounds` passes). */
  readonly free: { readonly programs: number; readonly rounds: number };
}

/** The report of one `checkStrategy` call. */
export interface ConformanceReport {
  /** The strategy's name (from its factory). */
  readonly strategy: string;
  /** What was checked, as given (a built-in name or a path). */
  readonly specifier: string;
  readonly threadSafe: boolean;
  /** True when no property failed. */
  readonly passed: boolean;
  readonly seed: number;
  /** Options that a replay must repeat. */
  readonly threads: number;
  readonly rounds: number;
  readonly runsPerProperty: number;
  /** Distinct programs actually run on threads (controlled and free). */
  readonly programsRun: number;
  readonly explored: Explored;
  readonly properties: readonly PropertyResult[];
  readonly elapsedMs: number;
  /** True if the check was stopped (signal) before it finished. */
  readonly stopped: boolean;
}

/** Thrown by `assertConformance`; the message is the formatted report. */
export class ConformanceError extends Error {
  override readonly name = 'ConformanceError';
  readonly report: ConformanceReport;
  constructor(report: ConformanceReport) {
    super(formatReport(report));
    this.report = report;
  }
}

/** A replay path that cannot be replayed (bad syntax, or past the runs of this seed). */
export class ReplayPathError extends RangeError {
  override readonly name = 'ReplayPathError';
}

const WORKLOAD = 'rclab-conformance-program';
const workloadUrl = moduleUrl(import.meta.url, './workload.ts', './conformance/workload.js');
const workloads: Catalog = { [WORKLOAD]: workloadUrl };

const DEFAULT_ROUNDS = 2000;
const DEFAULT_THREADS = 4;
const DEFAULT_RUNS = 40;
const DEFAULT_SCHEDULES_PER_PROGRAM = 120;
const DEFAULT_FREE_RUNS = 4;

/** Runs one program once, free-running, under `strategy` (a built-in name or a path) and returns what happened. */
export async function runProgram(
  strategy: string,
  program: Program,
  options: Pick<ConformanceOptions, 'rounds' | 'strategyOptions' | 'strategies' | 'heapMB' | 'stallTimeoutMs' | 'signal' | 'loader'> = {},
): Promise<ProgramOutcome> {
  const problem = programProblem(program);
  if (problem !== undefined) throw new TypeError(`not a conformance program: ${problem}`);
  const p = normalizeProgram(program);
  const rounds = options.rounds ?? DEFAULT_ROUNDS;
  try {
    const result = await run({
      strategy,
      strategies: options.strategies ?? strategyCatalog,
      workload: WORKLOAD,
      workloads,
      threads: p.threads.length,
      opsPerThread: rounds * Math.max(...p.threads.map((t) => t.repeat)),
      heapMB: options.heapMB ?? 32,
      stallTimeoutMs: options.stallTimeoutMs ?? 5000,
      strategyOptions: options.strategyOptions ?? {},
      params: { program: JSON.stringify(p), rounds },
      ...(options.signal !== undefined ? { signal: options.signal } : {}),
      ...(options.loader !== undefined ? { loader: options.loader } : {}),
    });
    return { correctness: result.correctness, counters: result.counters };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * Runs one program once under one controlled schedule — the replay of a counterexample the
 * kit printed, for a vitest test:
 * `expect((await runSchedule('./mine.ts', program, schedule)).failure).toBeUndefined()`.
 */
export async function runSchedule(
  strategy: string,
  program: Program,
  schedule: Schedule = NO_PREEMPTION,
  options: Pick<ConformanceOptions, 'strategyOptions' | 'strategies' | 'wallTimeoutMs' | 'loader'> = {},
): Promise<ControlledOutcome> {
  const problem = programProblem(program);
  if (problem !== undefined) throw new TypeError(`not a conformance program: ${problem}`);
  const strategies = options.strategies ?? strategyCatalog;
  const url = resolveModuleRef(strategy, strategies, 'strategy');
  const loader = options.loader ?? new ModuleLoader();
  try {
    const factory = await loader.loadStrategy(url, strategies[strategy] !== undefined);
    const p = normalizeProgram(program);
    const pool = await ControlledPool.open(url, factory, p.threads.length, loader);
    try {
      return await pool.run(p, normalizeSchedule(schedule), {
        rounds: 1,
        strategyOptions: options.strategyOptions ?? {},
        ...(options.wallTimeoutMs !== undefined ? { wallTimeoutMs: options.wallTimeoutMs } : {}),
      });
    } finally {
      await pool.close();
    }
  } finally {
    if (options.loader === undefined) await loader.dispose();
  }
}

/** The property a stall or throw breaks. */
function stallProperty(kind: NonNullable<ControlledOutcome['failure']>['kind'], message: string): PropertyName {
  if (kind === 'starvation') return 'no-starvation';
  if (kind === 'throw') return /free list|freed twice/i.test(message) ? 'no-double-free' : 'runs-to-completion';
  return 'no-deadlock';
}

/** What a property finds wrong with the heap checks of a completed run, or `undefined`. */
function heapViolation(name: PropertyName, c: Omit<Correctness, 'ok'>): string | undefined {
  switch (name) {
    case 'runs-to-completion':
    case 'no-deadlock':
    case 'no-starvation':
      return undefined;
    case 'no-double-free':
      if (c.doubleFrees === 0 && c.corruptions === 0) return undefined;
      return `${c.doubleFrees} double free(s), ${c.corruptions} corrupted free list(s)`;
    case 'no-use-after-free':
      return c.useAfterFree === 0 ? undefined : `${c.useAfterFree} use(s) of freed objects`;
    case 'no-leak':
      return c.leaks === 0 ? undefined : `${c.leaks} object(s) still alive after every root was released`;
    case 'exact-counts': {
      if (c.auditMismatches === 0) return undefined;
      const first = c.mismatches
        .slice(0, 3)
        .map((m) => `object ${m.ref} (tag ${m.tag}) has count ${m.actual === 0x3fffffff ? 'IMMORTAL' : m.actual}, ${m.expected} reference(s) point at it`)
        .join('; ');
      return `${c.auditMismatches} object(s) with a wrong count: ${first}`;
    }
    case 'no-lost-update': {
      if (c.lostUpdates === 0) return undefined;
      const lost = c.checks.filter((x) => x.expected !== x.observed).map((x) => `${x.name} ${x.observed}/${x.expected}`);
      return `${c.lostUpdates} lost update(s): ${lost.join(', ')}`;
    }
  }
}

function controlledViolation(name: PropertyName, o: ControlledOutcome): string | undefined {
  if (o.failure !== undefined) return stallProperty(o.failure.kind, o.failure.message) === name ? o.failure.message : undefined;
  return o.result === undefined ? undefined : heapViolation(name, o.result);
}

function freeViolation(name: PropertyName, o: ProgramOutcome): string | undefined {
  if (o.error !== undefined) {
    const property: PropertyName = /made no progress|aborted/.test(o.error) ? 'no-deadlock' : /free list/i.test(o.error) ? 'no-double-free' : 'runs-to-completion';
    return property === name ? o.error : undefined;
  }
  return o.correctness === undefined ? undefined : heapViolation(name, o.correctness);
}

/** Quotes a command-line argument for a POSIX shell when it needs it. */
function shellArg(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, "'\\''")}'`;
}

/**
 * Checks `strategy` — a built-in name, a path to a module, or a `file:` URL — against every
 * conformance property (see the layers above). Never throws for a failing strategy: the report
 * says which properties failed, with the shrunk program, the shrunk schedule and its interleaving,
 * the seed and the replay command (and prints them, see `log`). Throws for unusable input (an
 * unknown name, a module that is not a strategy, a bad replay path: `ReplayPathError`).
 */
export async function checkStrategy(strategy: string, options: ConformanceOptions = {}): Promise<ConformanceReport> {
  const t0 = performance.now();
  const strategies = options.strategies ?? strategyCatalog;
  const url = resolveModuleRef(strategy, strategies, 'strategy');
  // One loader for the whole check: the strategy is loaded and each bundle built once.
  const loader = options.loader ?? new ModuleLoader();
  try {
    return await checkWith(strategy, url, loader, options, t0);
  } finally {
    if (options.loader === undefined) await loader.dispose();
  }
}

async function checkWith(strategy: string, url: string, loader: ModuleLoader, options: ConformanceOptions, t0: number): Promise<ConformanceReport> {
  const strategies = options.strategies ?? strategyCatalog;
  const factory = await loader.loadStrategy(url, strategies[strategy] !== undefined);
  const threads = options.threads ?? DEFAULT_THREADS;
  if (!Number.isInteger(threads) || threads < 1 || threads > 8) throw new RangeError(`threads must be an integer 1..8, got ${threads}`);
  const rounds = options.rounds ?? DEFAULT_ROUNDS;
  const global = fc.readConfigureGlobal();
  const seed = options.seed ?? global.seed ?? (Date.now() ^ (Math.random() * 0x7fffffff)) | 0;
  const numRuns = options.runs ?? global.numRuns ?? DEFAULT_RUNS;
  const maxShrinkRuns = options.maxShrinkRuns ?? 300;
  const bound = Math.max(0, Math.min(2, options.preemptionBound ?? 2));
  const cap = options.schedulesPerProgram ?? DEFAULT_SCHEDULES_PER_PROGRAM;
  // A replay (path) goes straight to the controlled counterexample: no free-running layer.
  const freeRuns = options.path !== undefined ? 0 : (options.freeRuns ?? DEFAULT_FREE_RUNS);
  const wanted = new Set<PropertyName>(options.properties ?? CONFORMANCE_PROPERTIES.map((p) => p.name));
  const progress = options.onProgress ?? (() => {});
  const signal = options.signal;
  if (options.path !== undefined && !/^\d+(:\d+)*$/.test(options.path)) {
    throw new ReplayPathError(`replay path must be numbers separated by ':' as printed by a report (e.g. 12:0:3), got '${options.path}'`);
  }

  const canaries = (options.examples ?? controlledCanaries(threads).map((c) => c.program)).map(normalizeProgram);
  const poolThreads = Math.max(threads, ...canaries.map((p) => p.threads.length));
  const pool = await ControlledPool.open(url, factory, poolThreads, loader);
  const outcomes = new Map<string, Promise<ControlledOutcome>>();
  const programsSeen = new Set<string>();
  const runOptions = {
    rounds: 1,
    strategyOptions: options.strategyOptions ?? {},
    ...(options.wallTimeoutMs !== undefined ? { wallTimeoutMs: options.wallTimeoutMs } : {}),
    ...(signal !== undefined ? { signal } : {}),
  };
  const runOnce = (p: Program, s: Schedule): Promise<ControlledOutcome> => {
    const key = JSON.stringify([p, s]);
    let outcome = outcomes.get(key);
    if (outcome === undefined) {
      programsSeen.add(JSON.stringify(p));
      outcome = signal?.aborted ? Promise.resolve({ steps: 0, switches: 0, trace: [] }) : pool.run(p, s, runOptions);
      outcomes.set(key, outcome);
    }
    return outcome;
  };

  const properties: PropertyResult[] = [];
  let systematicTotal = 0;
  let exhaustive = true;
  const examples: [Program, Schedule][] = [];
  let freePrograms = 0;
  try {
    // Layer 1: every schedule up to the bound, for each canary, at both granularities.
    for (const program of canaries) {
      for (const granularity of ['op', 'access'] as const) {
        const base = await runOnce(program, { granularity, preemptions: [] });
        // Small enough to enumerate (up to 4× the cap): every schedule; else an even sample of `cap`.
        const whole = boundedSchedules(base.steps, program.threads.length, { bound, cap: 4 * cap, seed, granularity });
        const found = whole.exhaustive ? whole : boundedSchedules(base.steps, program.threads.length, { bound, cap, seed, granularity });
        systematicTotal += found.total;
        exhaustive &&= found.exhaustive;
        for (const s of found.schedules) examples.push([program, s]);
      }
    }
    progress(
      `systematic layer: ${canaries.length} programs × every schedule with ≤ ${bound} preemptions at op and access granularity: ` +
        `${examples.length} schedules${exhaustive ? '' : ` (sampled evenly from ${systematicTotal})`}`,
    );

    // Layers 1 and 2, per property: fast-check runs the systematic pairs as examples, then random ones.
    const arbitrary = fc.tuple(programArbitrary({ threads, maxOps: 8 }), scheduleArbitrary());
    const total = examples.length + numRuns;
    if (options.path !== undefined && Number(options.path.split(':')[0]) >= total) {
      throw new ReplayPathError(
        `replay path '${options.path}' starts past the ${total} runs of this check (it needs the same --seed, --threads and --runs as the report it came from)`,
      );
    }
    for (const property of CONFORMANCE_PROPERTIES) {
      if (!wanted.has(property.name)) continue;
      const base = { name: property.name, description: property.description, seed, runs: 0, shrinks: 0 };
      if (property.threadSafeOnly && !factory.threadSafe) {
        properties.push({ ...base, status: 'skipped', passed: true, reason: `'${factory.name}' does not claim to be thread-safe (threadSafe: false)` });
        continue;
      }
      if (signal?.aborted) break;
      progress(`checking ${property.name}…`);
      let failedOnce = false;
      let shrinkRuns = 0;
      const predicate = async ([gp, gs]: [Program, Schedule]): Promise<boolean> => {
        const program = normalizeProgram(gp);
        const schedule = normalizeSchedule(gs);
        const cached = outcomes.get(JSON.stringify([program, schedule]));
        if (cached === undefined && failedOnce) {
          // Out of shrinking budget: count untried candidates as passing, which ends shrinking
          // at the smallest failure found so far.
          if (shrinkRuns >= maxShrinkRuns) return true;
          shrinkRuns++;
        }
        const ok = controlledViolation(property.name, await (cached ?? runOnce(program, schedule))) === undefined;
        if (!ok) failedOnce = true;
        return ok;
      };
      const details = await fc.check(fc.asyncProperty(arbitrary, predicate), {
        seed,
        numRuns: total,
        examples: examples.map((e) => [e] as [[Program, Schedule]]),
        ...(options.path !== undefined ? { path: options.path } : {}),
      });
      if (!details.failed || details.counterexample === null) {
        properties.push({ ...base, runs: details.numRuns, status: 'passed', passed: true });
        continue;
      }
      const counterexample = normalizeProgram(details.counterexample[0][0]);
      const schedule = normalizeSchedule(details.counterexample[0][1]);
      const outcome = await runOnce(counterexample, schedule);
      const path = details.counterexamplePath;
      properties.push({
        ...base,
        runs: details.numRuns,
        shrinks: details.numShrinks,
        status: 'failed',
        passed: false,
        layer: 'controlled',
        path,
        counterexample,
        counterexampleText: formatProgram(counterexample, 1),
        schedule,
        scheduleText: formatSchedule(schedule),
        trace: outcome.trace,
        failure: controlledViolation(property.name, outcome) ?? 'failed when first run',
        replay: replayCommand(strategy, seed, path, threads, numRuns, cap),
      });
    }

    // Layer 3: free-running, only if nothing already stalls (core's run() waits for its main
    // thread's endBlocking, which a strategy that keeps its lock could hold forever).
    const liveness = properties.some((p) => p.status === 'failed' && (p.name === 'no-deadlock' || p.name === 'no-starvation' || p.name === 'runs-to-completion'));
    if (freeRuns > 0 && !liveness && !signal?.aborted) {
      const free = [...canaryPrograms(Math.min(threads, 4)), ...fc.sample(programArbitrary({ threads }), { seed, numRuns: Math.max(0, freeRuns - 4) })]
        .slice(0, freeRuns)
        .map(normalizeProgram);
      progress(`free-running layer: ${free.length} programs on real parallel threads, ${rounds} passes each…`);
      for (const program of free) {
        if (signal?.aborted) break;
        freePrograms++;
        const outcome = await runProgram(strategy, program, { ...options, rounds, strategies, loader });
        for (let k = 0; k < properties.length; k++) {
          const p = properties[k] as PropertyResult;
          if (p.status !== 'passed') continue;
          const failure = freeViolation(p.name, outcome);
          if (failure === undefined) continue;
          properties[k] = {
            ...p,
            status: 'failed',
            passed: false,
            layer: 'free',
            counterexample: program,
            counterexampleText: formatProgram(program, rounds),
            failure: `${failure} (free-running: real parallel threads, no schedule; it replays only as reliably as the bug)`,
            replay: replayCommand(strategy, seed, undefined, threads, numRuns, cap),
          };
        }
      }
    }
  } finally {
    await pool.close();
  }

  const report: ConformanceReport = {
    strategy: factory.name,
    specifier: strategy,
    threadSafe: factory.threadSafe,
    passed: properties.every((p) => p.passed),
    seed,
    threads,
    rounds,
    runsPerProperty: numRuns,
    programsRun: programsSeen.size + freePrograms,
    explored: {
      programs: programsSeen.size,
      schedules: outcomes.size,
      systematic: { programs: canaries.length, schedules: examples.length, total: systematicTotal, exhaustive, preemptionBound: bound },
      random: numRuns,
      free: { programs: freePrograms, rounds },
    },
    properties,
    elapsedMs: performance.now() - t0,
    stopped: signal?.aborted === true,
  };
  if (!report.passed && options.log !== null) (options.log ?? console.error)(formatReport(report));
  return report;
}

function replayCommand(strategy: string, seed: number, path: string | undefined, threads: number, runs: number, cap: number): string {
  const extra =
    `${threads !== DEFAULT_THREADS ? ` --threads ${threads}` : ''}${runs !== DEFAULT_RUNS ? ` --runs ${runs}` : ''}` +
    (cap !== DEFAULT_SCHEDULES_PER_PROGRAM ? ` --schedules ${cap}` : '');
  return `rclab check ${shellArg(strategy)} --seed ${seed}${path !== undefined ? ` --path ${path}` : ''}${extra}`;
}

/** Checks one factory is loadable (re-exported for the CLI). */
export type { StrategyFactory };

/** Like `checkStrategy`, but throws a `ConformanceError` (its message the report) when a property fails. */
export async function assertConformance(strategy: string, options: ConformanceOptions = {}): Promise<ConformanceReport> {
  const report = await checkStrategy(strategy, { ...options, log: options.log ?? null });
  if (!report.passed) throw new ConformanceError(report);
  return report;
}

/** Most trace lines printed per counterexample (the end of the interleaving, where it failed). */
const TRACE_LINES = 40;

/** The report as text: one line per property, and for each failure the shrunk program, schedule and interleaving, and how to replay it. */
export function formatReport(report: ConformanceReport): string {
  const e = report.explored;
  const lines = [
    `conformance of '${report.strategy}' (${report.specifier}): ${report.stopped ? 'STOPPED' : report.passed ? 'passed' : 'FAILED'} — seed ${report.seed}, ${(report.elapsedMs / 1000).toFixed(1)} s`,
    `  explored: ${e.schedules} controlled runs of ${e.programs} programs on up to ${report.threads} threads — ` +
      `systematic: ${e.systematic.programs} programs × ${e.systematic.exhaustive ? 'every' : 'an even sample of the'} schedule${e.systematic.exhaustive ? '' : 's'} with ≤ ${e.systematic.preemptionBound} preemptions ` +
      `(${e.systematic.schedules}${e.systematic.exhaustive ? '' : ` of ${e.systematic.total}`}); random: ${e.random} (program, schedule) pairs per property; ` +
      `free-running: ${e.free.programs} programs × ${e.free.rounds} passes`,
  ];
  for (const p of report.properties) {
    const mark = p.status === 'passed' ? 'ok  ' : p.status === 'skipped' ? 'skip' : 'FAIL';
    lines.push(`  ${mark} ${p.name} — ${p.status === 'skipped' ? p.reason : p.description}`);
  }
  for (const p of report.properties) {
    if (p.status !== 'failed') continue;
    lines.push('', `${p.name} FAILED (${p.layer} layer) after ${p.runs} run(s), shrunk in ${p.shrinks} step(s): ${p.failure}`);
    if (p.counterexampleText !== undefined) lines.push('program:', ...p.counterexampleText.split('\n').map((l) => `  ${l}`));
    if (p.scheduleText !== undefined) lines.push(`schedule: ${p.scheduleText}`);
    if (p.trace !== undefined && p.trace.length > 0) {
      lines.push('interleaving (strategy calls in the order they ran):');
      if (p.trace.length > TRACE_LINES) lines.push(`  … ${p.trace.length - TRACE_LINES} earlier stretch(es)`);
      for (const t of p.trace.slice(-TRACE_LINES)) lines.push(`  ${t}`);
    }
    lines.push(`seed: ${p.seed}${p.path !== undefined ? `, path: ${p.path}` : ''}`);
    if (p.replay !== undefined) lines.push(`replay: ${p.replay}`);
  }
  return lines.join('\n');
}
