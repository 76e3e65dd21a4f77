/**
 * The README's figures, generated from one committed reference run
 * (`docs/reference-results/results.json`) instead of typed by hand. The README marks each
 * generated block:
 *
 *     <!-- reference:summary -->
 *     …replaced on every `pnpm reference`…
 *     <!-- /reference -->
 *
 * `referenceBlocks` makes every block from a results file; `replaceMarkers` puts them in place.
 * A test checks that the committed README matches what these produce from the committed run.
 */
import { DEFAULT_HEAP_MB as RUN_DEFAULT_HEAP_MB, MAX_HEAP_MB, type Interval, type MeasuredCell, type ResultsFile } from '@rclab/core';
import { headline } from '@rclab/report';
import { DEFAULT_HEAP_MB as BENCH_DEFAULT_HEAP_MB } from '../suite/presets.ts';
import { summarize } from '../summary.ts';
import { forTerminal, markdownProse, markdownTable } from '@rclab/report';

/** The generated blocks by marker name. */
export type ReferenceBlocks = Readonly<Record<string, string>>;

/** What the blocks are made from: the run, and what one operation is for each workload (`rclab list`). */
export interface ReferenceInputs {
  readonly results: ResultsFile;
  readonly ops: Readonly<Record<string, string>>;
  /** Where the run is committed, as the README links it. */
  readonly dir?: string;
}

const OPEN = /<!-- reference:([a-z-]+) -->/g;
const CLOSE = '<!-- /reference -->';

const iv = (i: Interval): string => `${i.median.toFixed(2)} [${i.low.toFixed(2)}–${i.high.toFixed(2)}]`;
const measured = (r: ResultsFile): MeasuredCell[] => r.cells.filter((c): c is MeasuredCell => c.status === 'measured');
const unique = <T>(xs: readonly T[]): T[] => [...new Set(xs)];

function runLine(r: ResultsFile, dir: string): string {
  const { env, config, steadiness, findings } = r;
  const steady =
    steadiness === undefined
      ? ''
      : steadiness.steady
        ? ` The machine was steady (its calibration kernel spread ${(steadiness.spread * 100).toFixed(1)}% over ${steadiness.rounds} rounds).`
        : ` The machine was not steady (its calibration kernel spread ${(steadiness.spread * 100).toFixed(0)}% over ${steadiness.rounds} rounds, and the summary says so); ratios are paired slice by slice, so they still resolve what their intervals say.`;
  const width = findings?.medianRatioIntervalWidth;
  const resolution = typeof width === 'number' ? ` Its median ratio interval is ${(width * 100).toFixed(1)}% of the ratio wide.` : '';
  return (
    `Figures from one ${forTerminal(config.suite)}-suite run committed in [${dir}](${dir}) (\`pnpm reference\`, ${env.date.slice(0, 10)}): ` +
    `${forTerminal(env.cpuModel)}, ${env.cores} cores, Node ${forTerminal(env.node)}, ${config.rounds} rounds of ${config.sliceMs} ms slices, each figure a median with its 95% interval [low–high].${steady}${resolution}`
  );
}

function overheadTable(r: ResultsFile, ops: ReferenceInputs['ops']): string {
  const cells = measured(r).filter((c) => c.group === 'overhead' && c.threads === 1);
  const strategies = unique(cells.map((c) => c.strategy)).filter((s) => s !== r.config.baseline);
  const rows = unique(cells.map((c) => c.workload)).map((w) => [
    w,
    ops[w] ?? '',
    ...strategies.map((s) => {
      const c = cells.find((x) => x.workload === w && x.strategy === s);
      return c?.baselineRatio === undefined ? '' : `${iv(c.baselineRatio)} n=${c.baselineRatio.n ?? c.samples.opsPerSec.length}`;
    }),
  ]);
  return markdownTable({
    title: `One thread: throughput relative to ${r.config.baseline ?? 'the baseline'} (1.00 = no cost), median [95% interval], n = paired rounds`,
    headers: ['workload', 'one op', ...strategies],
    rows,
    kinds: ['code', 'text', ...strategies.map(() => 'text' as const)],
    alignRight: [false, false, ...strategies.map(() => true)],
  });
}

function scalingTables(r: ResultsFile): string {
  const cells = measured(r).filter((c) => c.group === 'scaling');
  const threads = unique(cells.map((c) => c.threads)).sort((a, b) => a - b);
  return unique(cells.map((c) => c.workload))
    .map((w) => {
      const here = cells.filter((c) => c.workload === w);
      return markdownTable({
        title: `Scaling on ${w}: speedup over the same strategy on 1 thread${here.some((c) => c.oversubscribed) ? ' (* more threads than cores)' : ''}`,
        headers: ['strategy', ...threads.map((t) => `${t}${here.some((c) => c.threads === t && c.oversubscribed) ? '*' : ''} thr`)],
        rows: unique(here.map((c) => c.strategy)).map((s) => [
          s === r.config.baseline ? `${s} (control)` : s,
          ...threads.map((t) => {
            const c = here.find((x) => x.strategy === s && x.threads === t);
            return c?.speedup === undefined ? '' : `×${iv(c.speedup)}`;
          }),
        ]),
        kinds: ['code', ...threads.map(() => 'text' as const)],
      });
    })
    .join('\n\n');
}

function convoyTable(r: ResultsFile): string {
  const cells = measured(r).filter((c) => c.group === 'convoy' && c.measurements?.ioLatencyP50Ms !== undefined);
  if (cells.length === 0) return 'No convoy cells in the reference run.';
  const ms = (v: number | undefined): string => (v === undefined ? '' : v < 0.1 ? `${(v * 1000).toFixed(1)} µs` : `${v.toFixed(1)} ms`);
  return markdownTable({
    title: 'The convoy: how long an I/O thread waits to run again after its blocking call (n = waits measured)',
    headers: ['strategy', 'beside', 'median', 'p99', 'n'],
    rows: cells.map((c) => {
      const m = c.measurements ?? {};
      const n = m.ioWaits?.value ?? 0;
      const cpu = Number(c.params.cpuThreads ?? 0);
      return [
        c.strategy,
        cpu > 0 ? `${cpu} CPU-bound thread${cpu === 1 ? '' : 's'}` : 'I/O threads only',
        ms(m.ioLatencyP50Ms?.value),
        `${ms(m.ioLatencyP99Ms?.value)}${n < 100 ? ' (from under 100 samples)' : ''}`,
        String(n),
      ];
    }),
    kinds: ['code', 'text', 'text', 'text', 'text'],
    alignRight: [false, false, true, true, true],
  });
}

/** Every block the README may mark, made from one run. */
export function referenceBlocks(inputs: ReferenceInputs): ReferenceBlocks {
  const { results, ops } = inputs;
  const dir = inputs.dir ?? 'docs/reference-results/';
  return {
    run: runLine(results, dir),
    summary: ['```text', forTerminalLines(summarize(results)), '```'].join('\n'),
    headline: headline(results)
      .map((l) => `- ${markdownProse(l.text)}`)
      .join('\n'),
    overhead: overheadTable(results, ops),
    convoy: convoyTable(results),
    scaling: scalingTables(results),
    heap:
      `\`rclab bench\` gives each cell a heap of ${BENCH_DEFAULT_HEAP_MB} MiB by default (\`--heap-mb\`, up to ${MAX_HEAP_MB}); ` +
      `\`run()\` and \`openCell()\` default to ${RUN_DEFAULT_HEAP_MB} MiB (\`heapMB\`). The reference run used ${results.config.heapMB} MiB.`,
    ops: markdownTable({
      title: 'What one operation ("op") is, per workload',
      headers: ['workload', 'one op'],
      rows: Object.entries(ops).map(([w, op]) => [w, op]),
      kinds: ['code', 'text'],
      alignRight: [false, false],
    }),
  };
}

/** Each line cleaned of control characters (the summary comes from a results file). */
function forTerminalLines(text: string): string {
  return text
    .split('\n')
    .map((l) => forTerminal(l).trimEnd())
    .join('\n');
}

/** The marker names in `text`, in order. */
export function markerNames(text: string): string[] {
  return [...text.matchAll(OPEN)].map((m) => m[1] ?? '');
}

/**
 * `text` with the content of every `<!-- reference:NAME -->…<!-- /reference -->` block replaced by
 * `blocks[NAME]`. An unknown name or a block without its end is an error naming it: a typo must
 * not leave a figure typed by hand in place.
 */
export function replaceMarkers(text: string, blocks: ReferenceBlocks): string {
  let out = '';
  let at = 0;
  for (const m of text.matchAll(OPEN)) {
    const name = m[1] ?? '';
    const start = m.index + m[0].length;
    if (start < at) throw new Error(`reference marker '${name}' starts inside another block`);
    const end = text.indexOf(CLOSE, start);
    const nextOpen = text.slice(start).search(/<!-- reference:[a-z-]+ -->/);
    if (end < 0 || (nextOpen >= 0 && start + nextOpen < end)) throw new Error(`reference marker '${name}' has no ${CLOSE} before the next block`);
    const block = blocks[name];
    if (block === undefined) throw new Error(`unknown reference marker '${name}' (known: ${Object.keys(blocks).join(', ')})`);
    out += `${text.slice(at, start)}\n${block}\n`;
    at = end;
  }
  return out + text.slice(at);
}
