/**
 * What the source article ("The GIL is Not Your Enemy (But It Is Your Problem)", `shared/seed/`)
 * claims, quoted, so the report can set each claim beside this run's measurement.
 */

/** Article verdict on an expression (§6). */
export type ArticleVerdict = 'FOLKLORE' | 'RACY' | 'SAFE';

/** The six expressions of §6, in the article's order, with its verdict and reason. */
export interface ArticleExpression {
  readonly expression: string;
  readonly verdict: ArticleVerdict;
  readonly label: string;
  readonly why: string;
  /**
   * What the verdict predicts for CPython with the GIL, the article's setting: a result that
   * differs from the exact expected one (`expected`), an exact result (`exact`), or either
   * (`either`: one load is atomic, but a pair of loads can be stale in context).
   */
  readonly underGil: 'expected' | 'exact' | 'either';
}

export const SIX_EXPRESSIONS: readonly ArticleExpression[] = [
  {
    expression: 'L.append(item)',
    verdict: 'FOLKLORE',
    label: "FOLKLORE · don't build on it",
    why: 'A single bytecode: atomic on current CPython as an implementation detail, not a language guarantee.',
    underGil: 'exact',
  },
  {
    expression: 'counter += 1',
    verdict: 'RACY',
    label: 'RACY · always',
    why: 'Three bytecodes (load, add, store): two interleaving points, lost updates whenever threads cross.',
    underGil: 'expected',
  },
  {
    expression: 'd[k] = v',
    verdict: 'FOLKLORE',
    label: "FOLKLORE · don't build on it",
    why: 'One STORE_SUBSCR: atomic on CPython today, same caveat as list.append.',
    underGil: 'exact',
  },
  {
    expression: 'd[k] = d[k] + 1',
    verdict: 'RACY',
    label: 'RACY · always',
    why: 'Read-modify-write with a window between two atomic operations: the same race as counter += 1.',
    underGil: 'expected',
  },
  { expression: 'q.put(x)', verdict: 'SAFE', label: 'SAFE · designed for this', why: 'queue.Queue takes an internal mutex on every method.', underGil: 'exact' },
  {
    expression: 'x = obj.field',
    verdict: 'FOLKLORE',
    label: 'FOLKLORE · trickier than it looks',
    why: 'One LOAD_ATTR: the load is atomic but says nothing about consistency with anything else.',
    underGil: 'either',
  },
];

/**
 * A check's name split into the expression and what was checked: the atomicity workload names
 * its checks `L.append(item): len(L)`; a bare `L.append(item)` works too.
 */
export function splitCheckName(name: string): { readonly expression: string; readonly detail: string } {
  const i = name.indexOf(': ');
  return i < 0 ? { expression: name, detail: '' } : { expression: name.slice(0, i), detail: name.slice(i + 2) };
}

/** Normal form of an expression for matching check names (`d[k]=v` ≡ `d[k] = v`). */
export function expressionKey(expression: string): string {
  return expression.replace(/\s+/g, '').toLowerCase();
}

/** A row of the article's §7 table, with the workload that plays it in rclab. */
export interface ArticleRow {
  readonly row: string;
  /** The rclab workload that measures this row (`undefined`: rclab does not measure it). */
  readonly workload: string | undefined;
  readonly threading: string;
  readonly multiprocessing: string;
  readonly asyncio: string;
  /** What the article's "threading" cell predicts for the GIL's speedup on several threads. */
  readonly gilPrediction: 'no-gain' | 'gain' | undefined;
}

/** The §7 table ("So what's threading actually good for?"), quoted. */
export const SECTION7: readonly ArticleRow[] = [
  {
    row: 'Pure Python · CPU-bound',
    workload: 'cpu-bound',
    threading: 'Slower than serial. GIL contention dominates.',
    multiprocessing: 'True parallelism. Pay fork/spawn + pickle cost.',
    asyncio: 'Slower than serial. Single-threaded by design.',
    gilPrediction: 'no-gain',
  },
  {
    row: 'I/O-bound · few connections',
    workload: 'io-bound',
    threading: 'Works well. Simple. Familiar locks/queues.',
    multiprocessing: 'Overkill. IPC for every result.',
    asyncio: 'Works well, slightly more setup.',
    gilPrediction: 'gain',
  },
  {
    row: 'I/O-bound · many thousands',
    workload: undefined,
    threading: 'Memory cost of stacks bites at ~1000+.',
    multiprocessing: 'Will not scale this way.',
    asyncio: 'The point of asyncio.',
    gilPrediction: undefined,
  },
  {
    row: 'C extension heavy lifting',
    workload: 'native',
    threading: 'Parallel if the extension releases the GIL.',
    multiprocessing: 'Parallel, with serialization overhead.',
    asyncio: 'Parallel via run_in_executor + threads.',
    gilPrediction: 'gain',
  },
];
