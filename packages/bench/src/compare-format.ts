/**
 * The comparison as a summary (prose and one table) for the terminal and markdown, and as one
 * data table for CSV. Names from the files go through the renderers, which remove control
 * characters (terminal) or escape them (markdown, CSV).
 */
import type { ResultsFile } from '@rclab/core';
import type { Comparison, CompareRow, CompareVerdict } from './compare.ts';
import { describeEnv } from './env.ts';
import type { PlainTable, SummaryPart } from '@rclab/report';
import { formatRate } from './progress.ts';
import type { RatioInterval } from '@rclab/core';

/** The words of a verdict: a direction only when the interval resolves it. */
export function verdictText(v: CompareVerdict): string {
  switch (v) {
    case 'faster':
      return 'faster';
    case 'slower':
      return 'slower';
    case 'unresolved':
      return '≈ (not resolved)';
    default:
      return 'too few samples';
  }
}

function ratioText(r: RatioInterval): string {
  return `×${r.ratio.toFixed(3)}`;
}

function intervalText(r: RatioInterval): string {
  return `[${r.low.toFixed(3)}–${r.high.toFixed(3)}]`;
}

function correctnessNote(r: CompareRow): string {
  if (r.aOk && r.bOk) return '';
  return ` (! a correctness check failed in ${!r.aOk && !r.bOk ? 'A and B' : !r.aOk ? 'A' : 'B'})`;
}

/** The closing lines: the geometric mean, and what was (or was not) resolved. */
export function conclusion(cmp: Comparison): string[] {
  const pct = Math.round(cmp.method.confidence * 100);
  const lines: string[] = [];
  const g = cmp.geomean;
  if (g !== null) {
    lines.push(`geometric mean of B/A over ${g.cells} cell${g.cells === 1 ? '' : 's'}: ${ratioText(g)} ${intervalText(g)} — ${verdictText(g.verdict)}`);
  }
  const withInterval = cmp.rows.filter((r) => r.ratio !== null).length;
  if (cmp.resolved === 0) {
    lines.push(
      g !== null && g.verdict !== 'unresolved'
        ? `no single cell is resolved; only the geometric mean is (B ${g.verdict} than A overall)`
        : `nothing resolved: no ${pct}% interval excludes 1, so these files show no difference between A and B at their precision`,
    );
  } else {
    const faster = cmp.rows.filter((r) => r.verdict === 'faster').length;
    const slower = cmp.rows.filter((r) => r.verdict === 'slower').length;
    lines.push(
      `resolved: ${cmp.resolved} of ${withInterval} cells (${faster} faster, ${slower} slower in B); ` +
        `with ${pct}% intervals about 1 in ${Math.round(1 / (1 - cmp.method.confidence))} cells that did not change shows as resolved by chance`,
    );
  }
  return lines;
}

/** The comparison for the terminal (`text`) or markdown (`md`). */
export function comparisonParts(cmp: Comparison, a: ResultsFile, b: ResultsFile, pathA: string, pathB: string): SummaryPart[] {
  const m = cmp.method;
  const parts: SummaryPart[] = [{ text: [`A: ${pathA} — ${describeEnv(a.env)}, ${a.env.date}`, `B: ${pathB} — ${describeEnv(b.env)}, ${b.env.date}`] }];
  if (cmp.rows.length === 0) parts.push({ text: 'no cell is in both files with figures to compare' });
  else {
    const table: PlainTable = {
      headers: ['cell', 'A ops/s', 'B ops/s', 'n A/B', 'B/A', `${Math.round(m.confidence * 100)}% interval`, 'verdict'],
      rows: cmp.rows.map((r) => [
        r.id,
        formatRate(r.a.median),
        formatRate(r.b.median),
        `${r.a.n}/${r.b.n}`,
        r.ratio === null ? `×${(r.b.median / r.a.median).toFixed(3)}` : ratioText(r.ratio),
        r.ratio === null ? '' : intervalText(r.ratio),
        `${verdictText(r.verdict)}${correctnessNote(r)}`,
      ]),
      alignRight: [false, true, true, true, true, true, false],
      kinds: ['code', 'text', 'text', 'text', 'text', 'text', 'text'],
    };
    parts.push(table);
    parts.push({ text: conclusion(cmp) });
    parts.push({
      text:
        `B/A is median(B)/median(A) of each cell's per-trial throughputs; the interval is a two-sample bootstrap ` +
        `(${m.resamples} resamples, seed ${m.seed}, percentile). A verdict is given only when the interval excludes 1. ` +
        `Cells with fewer than ${m.minSamples} samples on a side get no interval.`,
    });
  }
  const extra: string[] = [];
  if (cmp.onlyA.length > 0) extra.push(`only in A: ${cmp.onlyA.length} cell${cmp.onlyA.length === 1 ? '' : 's'}`);
  if (cmp.onlyB.length > 0) extra.push(`only in B: ${cmp.onlyB.length} cell${cmp.onlyB.length === 1 ? '' : 's'}`);
  if (cmp.errors.length > 0) extra.push(`not compared (a failed cell on one side): ${cmp.errors.map((e) => `${e.id} (${e.reason})`).join(', ')}`);
  if (extra.length > 0) parts.push({ text: extra });
  return parts;
}

/** The comparison as one CSV table of raw figures; the geometric mean is the last row, id `geomean`. */
export function comparisonCsvTable(cmp: Comparison): PlainTable {
  const num = (x: number | undefined): string => (x === undefined ? '' : String(x));
  const rows = cmp.rows.map((r) => [
    r.id,
    num(r.a.median),
    num(r.a.n),
    num(r.b.median),
    num(r.b.n),
    num(r.ratio?.ratio ?? r.b.median / r.a.median),
    num(r.ratio?.low),
    num(r.ratio?.high),
    r.verdict,
    String(r.aOk),
    String(r.bOk),
  ]);
  const g = cmp.geomean;
  if (g !== null) rows.push(['geomean', '', '', '', '', num(g.ratio), num(g.low), num(g.high), g.verdict, '', '']);
  return { headers: ['cell', 'a_median_ops_per_sec', 'a_n', 'b_median_ops_per_sec', 'b_n', 'ratio_b_over_a', 'low', 'high', 'verdict', 'a_ok', 'b_ok'], rows };
}
