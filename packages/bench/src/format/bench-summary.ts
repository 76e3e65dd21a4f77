/**
 * The bench summary's main tables as plain rows, for `rclab bench --format md|csv`: the
 * single-thread overhead matrix and the scaling tables, each figure with its interval.
 *
 * Interim: the text summary (summary.ts) is being rewritten around verdicts; once it builds
 * its tables as `SummaryPart`s, `rclab bench` renders those with `formatSummary` and this file
 * goes. It reads v1 cells (`error`, `relativeToUnsafe`, `speedup`).
 */
import type { Cell, Interval, ResultsFile } from '@rclab/core';
import { describeEnv } from '../env.ts';
import { formatRate } from '../progress.ts';
import type { PlainTable, SummaryPart } from './table.ts';

function unique<T>(xs: readonly T[]): T[] {
  return [...new Set(xs)];
}

function ratio(i: Interval): string {
  return `${i.median.toFixed(2)} [${i.low.toFixed(2)}–${i.high.toFixed(2)}]`;
}

function rate(i: Interval): string {
  return `${formatRate(i.median)} [${formatRate(i.low)}–${formatRate(i.high)}]`;
}

function mark(c: Cell): string {
  return c.correctness.ok ? '' : ' !';
}

/** The summary's tables and its heading lines. */
export function benchSummaryParts(results: ResultsFile): SummaryPart[] {
  const { env, config } = results;
  const parts: SummaryPart[] = [
    { text: [`rclab ${config.suite} suite · ${describeEnv(env)}`, `${config.trials} trials per cell; figures are medians with their intervals [low–high] (coverage in docs/cli.md); ! = a correctness check failed`] },
  ];
  const overhead = results.cells.filter((c) => c.group === 'overhead');
  if (overhead.length > 0) {
    const strategies = unique(overhead.map((c) => c.strategy));
    const rows = unique(overhead.map((c) => c.workload)).map((w) => [
      w,
      ...strategies.map((s) => {
        const c = overhead.find((x) => x.workload === w && x.strategy === s);
        if (c === undefined) return '';
        if (c.error !== undefined) return 'error';
        return `${c.strategy === 'unsafe' || c.relativeToUnsafe === undefined ? rate(c.opsPerSec) : ratio(c.relativeToUnsafe)}${mark(c)}`;
      }),
    ]);
    const table: PlainTable = {
      title: 'Single thread: throughput relative to unsafe (unsafe: ops/s)',
      headers: ['workload', ...strategies],
      rows,
      kinds: ['code', ...strategies.map(() => 'text' as const)],
    };
    parts.push(table);
  }
  const scaling = results.cells.filter((c) => c.group === 'scaling' && c.error === undefined);
  const threads = unique(scaling.map((c) => c.threads)).sort((x, y) => x - y);
  for (const w of unique(scaling.map((c) => c.workload))) {
    const cells = scaling.filter((c) => c.workload === w);
    parts.push({
      title: `Scaling on ${w}: speedup over 1 thread (* oversubscribed: more threads than the ${env.cores} cores)`,
      headers: ['strategy', ...threads.map((t) => `${t}${cells.some((c) => c.threads === t && c.oversubscribed) ? '*' : ''} thread${t === 1 ? '' : 's'}`)],
      rows: unique(cells.map((c) => c.strategy)).map((s) => [
        s,
        ...threads.map((t) => {
          const c = cells.find((x) => x.strategy === s && x.threads === t);
          if (c === undefined) return '';
          return `${c.speedup !== undefined ? ratio(c.speedup) : rate(c.opsPerSec)}${mark(c)}`;
        }),
      ]),
      kinds: ['code', ...threads.map(() => 'text' as const)],
    });
  }
  const problems = results.cells.filter((c) => c.error !== undefined || !c.correctness.ok);
  if (problems.length > 0) parts.push({ text: problems.map((c) => `problem: ${c.id}: ${c.error ?? 'a correctness check failed'}`) });
  return parts;
}
