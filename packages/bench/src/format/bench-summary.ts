/**
 * The bench summary's main tables as plain rows, for `rclab bench --format md|csv`: the
 * single-thread overhead matrix and the scaling tables, each figure with its interval.
 *
 * It leads with the computed headline (who wins where, each with its interval), then the tables.
 */
import type { Interval, MeasuredCell, ResultsFile } from '@rclab/core';
import { headline } from '@rclab/report';
import { describeEnv } from '../env.ts';
import { formatRate } from '../progress.ts';
import type { PlainTable, SummaryPart } from '@rclab/report';

function unique<T>(xs: readonly T[]): T[] {
  return [...new Set(xs)];
}

function ratio(i: Interval): string {
  return `${i.median.toFixed(2)} [${i.low.toFixed(2)}–${i.high.toFixed(2)}]`;
}

function rate(i: Interval): string {
  return `${formatRate(i.median)} [${formatRate(i.low)}–${formatRate(i.high)}]`;
}

function mark(c: MeasuredCell): string {
  return c.correctness.ok ? '' : ' !';
}

/** The summary's tables and its heading lines. */
export function benchSummaryParts(results: ResultsFile): SummaryPart[] {
  const { env, config } = results;
  const parts: SummaryPart[] = [
    {
      text: [
        `rclab ${config.suite} suite · ${describeEnv(env)}`,
        `${config.rounds} rounds of interleaved slices; figures are medians with their 95% intervals [low–high] (docs/cli.md, The statistics); ! = a correctness check failed`,
      ],
    },
  ];
  const lines = headline(results);
  if (lines.length > 0) parts.push({ text: ['Who wins where:', ...lines.map((l) => `- ${l.text}`)] });
  const overhead = results.cells.filter((c) => c.group === 'overhead');
  if (overhead.length > 0) {
    const strategies = unique(overhead.map((c) => c.strategy));
    const rows = unique(overhead.map((c) => c.workload)).map((w) => [
      w,
      ...strategies.map((s) => {
        const c = overhead.find((x) => x.workload === w && x.strategy === s);
        if (c === undefined) return '';
        if (c.status === 'failed') return 'error';
        return `${c.strategy === config.baseline || c.baselineRatio === undefined ? rate(c.opsPerSec) : ratio(c.baselineRatio)}${mark(c)}`;
      }),
    ]);
    const table: PlainTable = {
      title:
        config.baseline === undefined
          ? 'Single thread: throughput (ops/s; no baseline in this run)'
          : `Single thread: throughput relative to ${config.baseline} (${config.baseline}: ops/s)`,
      headers: ['workload', ...strategies],
      rows,
      kinds: ['code', ...strategies.map(() => 'text' as const)],
    };
    parts.push(table);
  }
  const scaling = results.cells.filter((c): c is MeasuredCell => c.group === 'scaling' && c.status === 'measured');
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
  const problems = results.cells.filter((c) => c.status === 'failed' || !c.correctness.ok);
  if (problems.length > 0) parts.push({ text: problems.map((c) => `problem: ${c.id}: ${c.status === 'failed' ? c.error : 'a correctness check failed'}`) });
  return parts;
}
