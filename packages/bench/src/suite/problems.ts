/**
 * Which problems of a finished suite were expected and which were not — the rule behind
 * `rclab bench`'s exit code (1 when anything unexpected happened) and the summary's two lists.
 *
 * Expected:
 * - any correctness failure of a strategy whose factory says `threadSafe: false` (the `unsafe`
 *   control: losing updates is what it is there to show);
 * - lost updates and torn reads of the racy expressions (`counter += 1`, `d[k] = d[k] + 1`,
 *   `x = obj.field`), which no reference-counting strategy makes atomic — the atomicity
 *   scenario's point, and the `counter` workload's.
 *
 * Unexpected:
 * - a cell or trial that crashed (an error), or a trial that did zero operations;
 * - any other correctness failure: a thread-safe strategy that leaks, frees twice, uses after
 *   free, miscounts (audit), faults in the interpreter, or loses updates of an expression that
 *   must stay exact (`L.append`, `d[k] = v`, `q.put`, a workload's exact totals).
 *
 * Cells are read through {@link cellFacts}, the one place that knows the results schema.
 */
import type { Cell } from '@rclab/core';
import { ARTICLE_TEXT } from '../workloads/atomicity.ts';

/** The expressions whose races are the expected outcome (their check names start with the text). */
export const RACY_EXPRESSIONS: readonly string[] = [ARTICLE_TEXT.counter, ARTICLE_TEXT.incr, ARTICLE_TEXT.attr];

/** What the classification needs from a cell. */
export interface CellFacts {
  readonly id: string;
  readonly strategy: string;
  /** Why the cell (or one of its trials) failed to run; `undefined` when it ran. */
  readonly error: string | undefined;
  /** Trials that ran but did zero operations. */
  readonly zeroOpTrials: number;
  /** Heap-level findings summed over trials: each must be 0 for any correct run. */
  readonly heap: { readonly leaks: number; readonly doubleFrees: number; readonly useAfterFree: number; readonly auditMismatches: number };
  /** Lost updates the workload counted, over all trials. */
  readonly lostUpdates: number;
  /** The workload's checks that did not hold (observed ≠ expected). */
  readonly failedChecks: readonly { readonly name: string; readonly expected: number; readonly observed: number }[];
  /** Names of every check the workload made (held or not). */
  readonly checkNames: readonly string[];
}

/**
 * Reads a results-schema-v2 cell. A slice of a throughput group with no operation fails its cell
 * (so it arrives here as `error`); zero-operation slices of the correctness-only groups
 * (atomicity, convoy) are allowed there and not counted.
 */
export function cellFacts(cell: Cell): CellFacts {
  if (cell.status === 'failed') {
    return {
      id: cell.id,
      strategy: cell.strategy,
      error: cell.error,
      zeroOpTrials: 0,
      heap: { leaks: 0, doubleFrees: 0, useAfterFree: 0, auditMismatches: 0 },
      lostUpdates: 0,
      failedChecks: [],
      checkNames: [],
    };
  }
  const k = cell.correctness;
  return {
    id: cell.id,
    strategy: cell.strategy,
    error: undefined,
    zeroOpTrials: 0,
    heap: { leaks: k.leaks, doubleFrees: k.doubleFrees, useAfterFree: k.useAfterFree, auditMismatches: k.auditMismatches },
    lostUpdates: k.lostUpdates,
    failedChecks: k.checks.filter((c) => c.observed !== c.expected),
    checkNames: k.checks.map((c) => c.name),
  };
}

/** One problem of one cell. */
export interface Problem {
  readonly cell: string;
  readonly kind: 'crashed' | 'zero-ops' | 'correctness';
  readonly expected: boolean;
  /** What went wrong, one line. */
  readonly text: string;
  /** For an expected problem: why it is expected. */
  readonly reason?: string;
}

/** A suite's problems, split. */
export interface ProblemReport {
  readonly expected: readonly Problem[];
  readonly unexpected: readonly Problem[];
}

const isRacy = (checkName: string): boolean => RACY_EXPRESSIONS.some((e) => checkName.startsWith(`${e}:`));

/**
 * Classifies the problems of `cells`. `threadSafe(strategy)` is what the strategy's factory
 * says; a strategy it does not know (`undefined`) is held to the thread-safe standard.
 */
export function classifyProblems(cells: readonly Cell[], threadSafe: (strategy: string) => boolean | undefined): ProblemReport {
  const expected: Problem[] = [];
  const unexpected: Problem[] = [];
  for (const cell of cells) {
    const f = cellFacts(cell);
    if (f.error !== undefined) {
      unexpected.push({ cell: f.id, kind: 'crashed', expected: false, text: `failed to run: ${f.error}` });
      continue;
    }
    if (f.zeroOpTrials > 0) {
      unexpected.push({ cell: f.id, kind: 'zero-ops', expected: false, text: `${f.zeroOpTrials} trial${f.zeroOpTrials === 1 ? '' : 's'} did zero operations` });
    }
    const heapBits = Object.entries(f.heap)
      .filter(([, n]) => n > 0)
      .map(([k, n]) => `${n} ${HEAP_WORDS[k as keyof CellFacts['heap']]}`);
    const exact = f.failedChecks.filter((c) => !isRacy(c.name));
    const racy = f.failedChecks.filter((c) => isRacy(c.name));
    // Checks are the last trial's; lost updates are every trial's. Losses no failing check
    // accounts for (an earlier trial's) are put down to the racy expressions when the workload
    // runs one, else to an exact total.
    const lostText = `${f.lostUpdates} lost updates${f.checkNames.length > 0 ? ' in earlier trials' : ''}`;
    const unexplained = f.lostUpdates > 0 && exact.length === 0 && racy.length === 0 ? [lostText] : [];
    const runsRacy = f.checkNames.some(isRacy);
    const hardBits = [...heapBits, ...exact.map(checkText), ...(runsRacy ? [] : unexplained)];
    const racyBits = [...racy.map(checkText), ...(runsRacy ? unexplained : [])];
    if (hardBits.length === 0 && racyBits.length === 0) continue;
    if (threadSafe(f.strategy) === false) {
      expected.push({
        cell: f.id,
        kind: 'correctness',
        expected: true,
        text: [...hardBits, ...racyBits].join('; '),
        reason: `'${f.strategy}' is not thread-safe (the negative control)`,
      });
      continue;
    }
    if (hardBits.length > 0) unexpected.push({ cell: f.id, kind: 'correctness', expected: false, text: hardBits.join('; ') });
    if (racyBits.length > 0) {
      expected.push({ cell: f.id, kind: 'correctness', expected: true, text: racyBits.join('; '), reason: 'a racy expression: no refcount strategy makes it atomic' });
    }
  }
  return { expected, unexpected };
}

const HEAP_WORDS: Readonly<Record<keyof CellFacts['heap'], string>> = {
  leaks: 'leaked objects',
  doubleFrees: 'double frees',
  useAfterFree: 'uses after free',
  auditMismatches: 'wrong counts (audit)',
};

function checkText(c: { readonly name: string; readonly expected: number; readonly observed: number }): string {
  return `${c.name} = ${c.observed}, expected ${c.expected}`;
}

/**
 * The summary's problem section: unexpected problems first (each makes `rclab bench` exit 1),
 * then expected ones with why. Empty when there is no problem at all.
 */
export function problemLines(report: ProblemReport): string[] {
  const out: string[] = [];
  if (report.unexpected.length > 0) {
    out.push(`Unexpected problems (${report.unexpected.length}; rclab bench exits 1):`);
    for (const p of report.unexpected) out.push(`  ${p.cell}: ${p.text}`);
  }
  if (report.expected.length > 0) {
    out.push(`Expected problems (${report.expected.length}):`);
    for (const p of report.expected) out.push(`  ${p.cell}: ${p.text} (expected: ${p.reason ?? ''})`);
  }
  return out;
}
