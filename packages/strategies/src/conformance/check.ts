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
 * Every property is checked over the same generated programs (same seed), and each program is
 * run once per `checkStrategy` call whichever property asks first. A failing property is
 * shrunk by fast-check to a smaller program that still fails, within `maxShrinkRuns` extra
 * runs: thread interleavings are real, so a shrunk program fails reliably only if the bug does.
 */
import fc from 'fast-check';
import { loadStrategyFactory, resolveModuleRef, run, type Catalog, type Correctness, type StrategyOptions } from '@rclab/core';
import { strategyCatalog } from '../catalog.ts';
import { canaryPrograms, formatProgram, normalizeProgram, type Program, programArbitrary, programProblem } from './program.ts';

/** The properties, in the order they are checked and reported. */
export const CONFORMANCE_PROPERTIES = [
  { name: 'runs-to-completion', description: 'the run finishes: no thread throws, nothing deadlocks', threadSafeOnly: false },
  { name: 'no-double-free', description: 'no object is freed twice (and no free list is corrupted)', threadSafeOnly: false },
  { name: 'no-use-after-free', description: 'no freed object is read, and no live object points at a freed slot', threadSafeOnly: false },
  { name: 'no-leak', description: 'once every root is released, no mortal object is left alive', threadSafeOnly: false },
  { name: 'exact-counts', description: "every live object's count equals the references to it (the audit)", threadSafeOnly: false },
  { name: 'no-lost-update', description: 'counters updated inside critical sections lose no update', threadSafeOnly: true },
] as const;

/** Name of a conformance property. */
export type PropertyName = (typeof CONFORMANCE_PROPERTIES)[number]['name'];

/** Options of `checkStrategy`. */
export interface ConformanceOptions {
  /** Random programs per property (on top of `examples`). @defaultValue fast-check's global `numRuns`, else 25 */
  readonly runs?: number;
  /** Most worker threads a program uses. @defaultValue 2 */
  readonly threads?: number;
  /** Each thread runs its body `repeat × rounds` times. @defaultValue 2000 */
  readonly rounds?: number;
  /** fast-check seed. @defaultValue fast-check's global seed, else a random one (reported) */
  readonly seed?: number;
  /** Replay path of a counterexample (from a report; needs the same `seed` and options). */
  readonly path?: string;
  /** Check only these properties. @defaultValue all */
  readonly properties?: readonly PropertyName[];
  /** Extra runs spent shrinking one failing property. @defaultValue 40 */
  readonly maxShrinkRuns?: number;
  /** Programs checked before the random ones. @defaultValue the kit's canary programs */
  readonly examples?: readonly Program[];
  /** Options passed to the strategy (e.g. `switchIntervalMs`). */
  readonly strategyOptions?: StrategyOptions;
  /** Built-in strategy names. @defaultValue this package's catalog */
  readonly strategies?: Catalog;
  /** Heap per run, MiB. @defaultValue 32 */
  readonly heapMB?: number;
  /** A run with no progress for this long is a deadlock. @defaultValue 5000 */
  readonly stallTimeoutMs?: number;
  /** Where a failure report is printed; `null` prints nothing. @defaultValue console.error */
  readonly log?: ((text: string) => void) | null;
}

/** What happened when one program ran. */
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
  /** Programs checked (up to and including the first failure). */
  readonly runs: number;
  /** Shrinking steps that led to the counterexample. */
  readonly shrinks: number;
  /** The seed the programs came from. */
  readonly seed: number;
  /** With `seed`, replays straight to the counterexample (`checkStrategy(…, { seed, path })`). */
  readonly path?: string;
  /** The smallest failing program found. */
  readonly counterexample?: Program;
  /** `counterexample` as text. */
  readonly counterexampleText?: string;
  /** What the checks found on the counterexample. */
  readonly failure?: string;
  /** Why the property was skipped. */
  readonly reason?: string;
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
  /** Distinct programs actually run on threads. */
  readonly programsRun: number;
  readonly properties: readonly PropertyResult[];
  readonly elapsedMs: number;
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

const WORKLOAD = 'rclab-conformance-program';
const workloadUrl = new URL(import.meta.url.endsWith('.ts') ? './workload.ts' : './conformance/workload.js', import.meta.url).href;
const workloads: Catalog = { [WORKLOAD]: workloadUrl };

/** Runs one program once under `strategy` (a built-in name or a path) and returns what happened. */
export async function runProgram(
  strategy: string,
  program: Program,
  options: Pick<ConformanceOptions, 'rounds' | 'strategyOptions' | 'strategies' | 'heapMB' | 'stallTimeoutMs'> = {},
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
    });
    return { correctness: result.correctness, counters: result.counters };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

const DEFAULT_ROUNDS = 2000;

/** What a property finds wrong with an outcome, or `undefined` if nothing. */
function violation(name: PropertyName, outcome: ProgramOutcome): string | undefined {
  if (outcome.error !== undefined) return `the run did not complete: ${outcome.error}`;
  const c = outcome.correctness as Correctness;
  switch (name) {
    case 'runs-to-completion':
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
        .map((m) => `object ${m.ref} (tag ${m.tag}) has count ${m.actual}, ${m.expected} reference(s) point at it`)
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

/**
 * Checks `strategy` — a built-in name, a path to a module, or a `file:` URL — against every
 * conformance property, over random programs on real threads. Never throws for a failing
 * strategy: the report says which properties failed, with the shrunk program, the seed and the
 * replay path (and prints them, see `log`). Throws only for unusable input (an unknown name, a
 * module that is not a strategy).
 */
export async function checkStrategy(strategy: string, options: ConformanceOptions = {}): Promise<ConformanceReport> {
  const t0 = performance.now();
  const strategies = options.strategies ?? strategyCatalog;
  const url = resolveModuleRef(strategy, strategies, 'strategy');
  const factory = await loadStrategyFactory(url, strategies[strategy] !== undefined);
  const threads = options.threads ?? 2;
  const rounds = options.rounds ?? DEFAULT_ROUNDS;
  const global = fc.readConfigureGlobal();
  const seed = options.seed ?? global.seed ?? (Date.now() ^ (Math.random() * 0x7fffffff)) | 0;
  const numRuns = options.runs ?? global.numRuns ?? 25;
  const maxShrinkRuns = options.maxShrinkRuns ?? 40;
  const examples = (options.examples ?? canaryPrograms(threads)).map((p) => [p] as [Program]);
  const wanted = new Set<PropertyName>(options.properties ?? CONFORMANCE_PROPERTIES.map((p) => p.name));

  // Each program runs once per call, whichever property asks first.
  const outcomes = new Map<string, Promise<ProgramOutcome>>();
  const outcomeOf = (p: Program): Promise<ProgramOutcome> | undefined => outcomes.get(JSON.stringify(p));
  const runOnce = (p: Program): Promise<ProgramOutcome> => {
    const key = JSON.stringify(p);
    let outcome = outcomes.get(key);
    if (outcome === undefined) {
      outcome = runProgram(strategy, p, { ...options, rounds, strategies });
      outcomes.set(key, outcome);
    }
    return outcome;
  };

  const properties: PropertyResult[] = [];
  for (const property of CONFORMANCE_PROPERTIES) {
    if (!wanted.has(property.name)) continue;
    const base = { name: property.name, description: property.description, seed, runs: 0, shrinks: 0 };
    if (property.threadSafeOnly && !factory.threadSafe) {
      properties.push({ ...base, status: 'skipped', passed: true, reason: `'${factory.name}' does not claim to be thread-safe (threadSafe: false)` });
      continue;
    }
    let failedOnce = false;
    let shrinkRuns = 0;
    const predicate = async (generated: Program): Promise<boolean> => {
      const program = normalizeProgram(generated);
      const cached = outcomeOf(program);
      if (cached === undefined && failedOnce) {
        // Out of shrinking budget: count untried candidates as passing, which ends shrinking
        // at the smallest failure found so far.
        if (shrinkRuns >= maxShrinkRuns) return true;
        shrinkRuns++;
      }
      const ok = violation(property.name, await (cached ?? runOnce(program))) === undefined;
      if (!ok) failedOnce = true;
      return ok;
    };
    const details = await fc.check(fc.asyncProperty(programArbitrary({ threads }), predicate), {
      seed,
      numRuns: numRuns + examples.length,
      examples,
      ...(options.path !== undefined ? { path: options.path } : {}),
    });
    if (!details.failed || details.counterexample === null) {
      properties.push({ ...base, runs: details.numRuns, status: 'passed', passed: true });
      continue;
    }
    const counterexample = normalizeProgram(details.counterexample[0]);
    const outcome = await runOnce(counterexample);
    properties.push({
      ...base,
      runs: details.numRuns,
      shrinks: details.numShrinks,
      status: 'failed',
      passed: false,
      ...(details.counterexamplePath !== null ? { path: details.counterexamplePath } : {}),
      counterexample,
      counterexampleText: formatProgram(counterexample, rounds),
      failure: violation(property.name, outcome) ?? 'failed when first run (it passed when re-checked: the failure depends on thread timing)',
    });
  }

  const report: ConformanceReport = {
    strategy: factory.name,
    specifier: strategy,
    threadSafe: factory.threadSafe,
    passed: properties.every((p) => p.passed),
    seed,
    threads,
    rounds,
    programsRun: outcomes.size,
    properties,
    elapsedMs: performance.now() - t0,
  };
  if (!report.passed && options.log !== null) (options.log ?? console.error)(formatReport(report));
  return report;
}

/** Like `checkStrategy`, but throws a `ConformanceError` (its message the report) when a property fails. */
export async function assertConformance(strategy: string, options: ConformanceOptions = {}): Promise<ConformanceReport> {
  const report = await checkStrategy(strategy, { ...options, log: options.log ?? null });
  if (!report.passed) throw new ConformanceError(report);
  return report;
}

/** The report as text: one line per property, and for each failure the shrunk program and how to replay it. */
export function formatReport(report: ConformanceReport): string {
  const lines = [
    `conformance of '${report.strategy}' (${report.specifier}): ${report.passed ? 'passed' : 'FAILED'} — ` +
      `${report.programsRun} programs on up to ${report.threads} threads, seed ${report.seed}, ${(report.elapsedMs / 1000).toFixed(1)} s`,
  ];
  for (const p of report.properties) {
    const mark = p.status === 'passed' ? 'ok  ' : p.status === 'skipped' ? 'skip' : 'FAIL';
    lines.push(`  ${mark} ${p.name} — ${p.status === 'skipped' ? p.reason : p.description}`);
  }
  for (const p of report.properties) {
    if (p.status !== 'failed') continue;
    lines.push('', `${p.name} failed after ${p.runs} program(s), shrunk in ${p.shrinks} step(s): ${p.failure}`);
    if (p.counterexampleText !== undefined) lines.push(p.counterexampleText);
    lines.push(
      `replay: checkStrategy(${JSON.stringify(report.specifier)}, { seed: ${p.seed}, path: ${JSON.stringify(p.path ?? '')}, ` +
        `threads: ${report.threads}, rounds: ${report.rounds}, properties: [${JSON.stringify(p.name)}] })`,
      `or run it once: runProgram(${JSON.stringify(report.specifier)}, ${JSON.stringify(p.counterexample)}, { rounds: ${report.rounds} })`,
    );
  }
  return lines.join('\n');
}
