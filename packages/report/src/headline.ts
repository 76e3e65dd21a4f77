/**
 * The answer first: who wins where, computed from a results file, each sentence with its
 * interval and only as far as the interval resolves it (hyperfine's one-liner is the model:
 * `biased ran 1.47× [1.43–1.52] slower than unsafe on rc-private`).
 *
 * - At one thread, per workload: the cheapest strategy relative to `unsafe` (the control is
 *   never a winner), with every strategy whose interval overlaps it as a tie.
 * - At the machine's core count, per workload: each strategy's throughput against `gil` on one
 *   thread — the article's question, "does removing the GIL pay?".
 * - Crossovers: from how many threads a free-threaded strategy beats `gil` in absolute
 *   throughput, and where biased stops beating atomic: first in the BRC paper's own experiment
 *   (`brc-paper`, labelled with its setting), then in the hand-off sweep, labelled as a
 *   different experiment.
 *
 * Ratios between cells of one block are medians of per-round ratios of their slices, with the
 * same distribution-free 95% interval the suite uses.
 */
import { type Interval, type MeasuredCell, pairedRatios, resolvedInterval, type ResultsFile, windowMeans } from '@rclab/core';

/** One sentence of the headline, and the figures it was made from. */
export interface HeadlineLine {
  readonly topic: 'single-thread' | 'against-gil' | 'crossover' | 'brc';
  readonly workload?: string;
  readonly text: string;
}

/**
 * a over b, from slices paired by round (over windows of `ratioSpan` rounds where the suite
 * rotated one-thread cells over the CPUs); undefined when the cells were not measured together.
 * Under 6 pairs no interval reaches 95%: its ends are infinite, so no verdict is drawn.
 */
export function pairedRatio(a: MeasuredCell, b: MeasuredCell): Interval | undefined {
  const span = Math.max(a.ratioSpan ?? 1, b.ratioSpan ?? 1);
  const x = windowMeans(a.samples.opsPerSec, span);
  const y = windowMeans(b.samples.opsPerSec, span);
  if (x.length !== y.length) return undefined;
  const ratios = pairedRatios(x, y);
  return ratios.length === 0 ? undefined : resolvedInterval(ratios);
}

const f2 = (x: number): string => x.toFixed(2);
/** `1.47× [1.43–1.52]`. */
export function timesText(i: Interval): string {
  if (!Number.isFinite(i.low) || !Number.isFinite(i.high)) return `${f2(i.median)}× [no 95% interval from ${i.n ?? 0} pairs]`;
  return `${f2(i.median)}× [${f2(i.low)}–${f2(i.high)}]`;
}

/** `ran 1.47× [1.43–1.52] slower than X`, `… faster than X`, or `≈ X (not resolved on this machine)`. */
export function versusText(name: string, r: Interval, other: string): string {
  if (r.low > 1) return `${name} ran ${timesText(r)} faster than ${other}`;
  if (r.high < 1) return `${name} ran ${timesText({ median: 1 / r.median, low: 1 / r.high, high: 1 / r.low })} slower than ${other}`;
  return `${name} ≈ ${other}: ${timesText(r)} (not resolved on this machine)`;
}

function overlaps(a: Interval, b: Interval): boolean {
  return a.low <= b.high && b.low <= a.high;
}

/**
 * Control characters and bidirectional overrides, which names from a results file may carry:
 * a sentence made of them must read the same in a terminal, in markdown and in the page (an
 * U+202E in an HTML list item would reverse the rest of the line).
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** The headline of one results file; its sentences carry no control character. */
export function headline(results: ResultsFile): HeadlineLine[] {
  return headlineLines(results).map((l) => ({ ...l, text: l.text.replace(CONTROL, '') }));
}

function headlineLines(results: ResultsFile): HeadlineLine[] {
  const cells = results.cells.filter((c): c is MeasuredCell => c.status === 'measured');
  const out: HeadlineLine[] = [];
  const cores = results.env.cores;
  // The control (the file's baseline) and the GIL family, from the file (their role in the article's comparison).
  const isControl = (s: string): boolean => s === results.config.baseline;
  const isGil = (s: string): boolean => results.catalog.strategies.find((e) => e.name === s)?.family === 'gil';

  // One thread: the cheapest strategy per workload, ties where intervals overlap.
  const overhead = cells.filter((c) => c.group === 'overhead' && c.threads === 1 && !isControl(c.strategy) && c.baselineRatio !== undefined);
  for (const workload of [...new Set(overhead.map((c) => c.workload))]) {
    const here = overhead.filter((c) => c.workload === workload).sort((a, b) => (b.baselineRatio?.median ?? 0) - (a.baselineRatio?.median ?? 0));
    const best = here[0];
    if (best?.baselineRatio === undefined) continue;
    const ties = here.slice(1).filter((c) => c.baselineRatio !== undefined && overlaps(c.baselineRatio, best.baselineRatio as Interval));
    const tie = ties.length > 0 ? `; tied within the intervals: ${ties.map((c) => `${c.strategy} ${timesText(c.baselineRatio as Interval)}`).join(', ')}` : '';
    out.push({
      topic: 'single-thread',
      workload,
      text: `1 thread, ${workload}: cheapest ${best.strategy}, ${timesText(best.baselineRatio)} the throughput of ${best.baselineRatio.baseline}${tie}`,
    });
  }

  // At the core count: against the GIL build on one thread, and the crossovers.
  const scaling = cells.filter((c) => c.group === 'scaling');
  for (const workload of [...new Set(scaling.map((c) => c.workload))]) {
    const here = scaling.filter((c) => c.workload === workload);
    // The GIL build: the catalog's first `gil`-family strategy measured on one thread here.
    const gilName = results.catalog.strategies.map((e) => e.name).find((s) => isGil(s) && here.some((c) => c.strategy === s && c.threads === 1));
    const gil1 = here.find((c) => c.strategy === gilName && c.threads === 1);
    if (gilName === undefined || gil1 === undefined) continue;
    const atCores = here.filter((c) => c.threads === cores && !isControl(c.strategy));
    const parts = atCores
      .map((c) => ({ c, r: pairedRatio(c, gil1) }))
      .filter((x): x is { c: MeasuredCell; r: Interval } => x.r !== undefined)
      .sort((a, b) => b.r.median - a.r.median)
      .map(({ c, r }) => `${c.strategy} ${timesText(r)}${r.low > 1 ? ' (beats it)' : r.high < 1 ? ' (slower)' : ' (≈, not resolved)'}`);
    if (parts.length > 0) out.push({ topic: 'against-gil', workload, text: `${cores} threads, ${workload}, against ${gilName} on 1 thread: ${parts.join(', ')}` });
    const threads = [...new Set(here.map((c) => c.threads))].sort((a, b) => a - b);
    for (const s of [...new Set(here.map((c) => c.strategy))].filter((x) => !isControl(x) && !isGil(x))) {
      let from: number | undefined;
      let unresolved = false;
      for (const t of threads) {
        const mine = here.find((c) => c.strategy === s && c.threads === t);
        const gil = here.find((c) => c.strategy === gilName && c.threads === t);
        const r = mine !== undefined && gil !== undefined ? pairedRatio(mine, gil) : undefined;
        if (r === undefined) continue;
        if (r.low > 1) {
          from = t;
          break;
        }
        if (r.high >= 1) unresolved = true;
      }
      const text =
        from !== undefined
          ? `${s} beats ${gilName} in throughput on ${workload} from ${from} thread${from === 1 ? '' : 's'}`
          : unresolved
            ? `${s} against ${gilName} on ${workload}: ≈ not resolved on this machine at ${threads.join(', ')} threads`
            : `${s} does not beat ${gilName} on ${workload} at ${threads.join(', ')} threads`;
      out.push({ topic: 'crossover', workload, text });
    }
  }

  // Biased against atomic: the BRC paper's own experiment (§7.5) is the figure to quote beside
  // the paper's; the hand-off sweep is a different experiment and says so.
  const f = results.findings ?? {};
  for (const [key, label] of [
    ['brcPaperCrossingNote', 'D long, as in the paper'],
    ['brcPaperCrossingD0Note', 'D = 0'],
  ] as const) {
    const text = f[key];
    if (typeof text === 'string')
      out.push({ topic: 'brc', text: `biased against atomic, the BRC paper's §7.5 experiment (${label}): ${text}; published: slower only from R ≈ 0.75` });
  }
  const note = f.brcBreakEvenNote;
  if (typeof note === 'string') out.push({ topic: 'brc', text: `biased against atomic, producer/consumer hand-off (not comparable with the paper's R ≈ 0.75): ${note}` });
  return out;
}
