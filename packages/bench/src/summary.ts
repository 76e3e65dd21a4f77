/**
 * The summary `rclab bench` prints when it is done: what ran where, single-thread cost relative
 * to the run's baseline (`config.baseline`: the `unsafe` control), scaling, correctness
 * problems, and the findings. Plain text tables that fit in 100 columns for the default
 * strategies. Strategies are told apart by what the results say of them (the baseline, the
 * catalog's families), never by their names.
 */
import type { Cell, MeasuredCell, ResultsFile } from '@rclab/core';
import { headline } from '@rclab/report';
import { brcPaperSummary } from './experiments/brc-paper/findings.ts';
import { type ProblemReport, problemLines } from './suite/problems.ts';
import { forTerminal } from '@rclab/report';
import { describeEnv } from './env.ts';
import { correctnessText, formatRate } from './progress.ts';

/**
 * Renders rows as an aligned table: the first `left` columns left-aligned, the rest right-aligned.
 * Cells carry names from the results file, so each is cleaned of control characters here.
 */
export function table(dirty: readonly (readonly string[])[], left = 1): string {
  const rows = dirty.map((r) => r.map(forTerminal));
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, c.length)));
  return rows
    .map((r) =>
      r
        .map((c, i) => (i < left ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

function unique<T>(xs: readonly T[]): T[] {
  return [...new Set(xs)];
}

/** The family a strategy of the results declares (its catalog entry), `custom` when it has none. */
function familyIn(results: ResultsFile): (strategy: string) => string {
  return (strategy) => results.catalog.strategies.find((e) => e.name === strategy)?.family ?? 'custom';
}

/** `0.91 [0.89–0.93]`: a ratio with its interval (skewed intervals, so never `±`). */
export function ratioText(i: { readonly median: number; readonly low: number; readonly high: number }): string {
  return `${i.median.toFixed(2)} [${i.low.toFixed(2)}–${i.high.toFixed(2)}]`;
}

/** Measured cells only. */
function measuredOf(cells: readonly Cell[]): MeasuredCell[] {
  return cells.filter((c): c is MeasuredCell => c.status === 'measured');
}

/**
 * The text summary of a results file: the answer first (the computed headline), then the
 * tables, then the problems — expected and unexpected apart when `problems` is given.
 */
export function summarize(results: ResultsFile, problems?: ProblemReport): string {
  const out: string[] = [];
  const { env, config } = results;
  const baseline = config.baseline;
  out.push(`rclab ${config.suite} suite · ${describeEnv(env)}`);
  out.push(
    `${config.rounds} rounds: the cells of each comparison interleaved in ${config.sliceMs} ms slices (longer in the groups with lock hand-offs), ` +
      `each cell warmed up until steady first; figures are medians with distribution-free 95% intervals [low–high], ratios from slices paired by round`,
  );
  const st = results.steadiness;
  if (st !== undefined) {
    out.push(
      st.steady
        ? `machine: steady (a fixed kernel's time spread ${(st.spread * 100).toFixed(1)}% over ${st.rounds} rounds)`
        : `WARNING: ${st.advice ?? 'the machine was not steady'}`,
    );
  }
  const width = results.findings?.medianRatioIntervalWidth;
  const slices = results.findings?.slicesPerCell;
  if (typeof slices === 'number' && slices < 6) {
    out.push(`resolution: ${slices} slices per cell give no 95% interval, so no difference is resolved by this run; use --rounds 6 or more`);
  } else if (typeof width === 'number') {
    out.push(
      `resolution: ratio intervals are typically ${(width * 100).toFixed(1)}% of the ratio wide here — ` +
        (width <= 0.05
          ? 'differences of 10% are resolved'
          : `differences much smaller than ${(width * 100).toFixed(0)}% are not resolved by this run (see docs/cli.md, The statistics)`),
    );
  }

  const lines = headline(results);
  if (lines.length > 0)
    out.push('', 'Who wins where (each figure with its 95% interval; ≈ where the intervals do not resolve it):', ...lines.map((l) => `  ${forTerminal(l.text)}`));

  const overhead = results.cells.filter((c) => c.group === 'overhead');
  if (overhead.length > 0) {
    const strategies = unique(overhead.map((c) => c.strategy));
    const workloads = unique(overhead.map((c) => c.workload));
    const rows: string[][] = [['workload', ...strategies.map((s) => (s === baseline ? `${s} ops/s` : s))]];
    for (const w of workloads) {
      const row = [w];
      for (const s of strategies) {
        const c = overhead.find((x) => x.workload === w && x.strategy === s);
        row.push(c === undefined ? '' : overheadEntry(c, baseline));
      }
      rows.push(row);
    }
    const relative = baseline === undefined ? 'ops/s (no baseline in this run)' : `relative to ${forTerminal(baseline)}`;
    out.push('', `Single thread: throughput ${relative}, median [95% interval] of per-round paired slices (! = a correctness check failed)`, table(rows));
  }

  const scaling = measuredOf(results.cells).filter((c) => c.group === 'scaling');
  if (scaling.length > 0) {
    const threads = unique(scaling.map((c) => c.threads)).sort((a, b) => a - b);
    const over = new Set(scaling.filter((c) => c.oversubscribed).map((c) => c.threads));
    for (const w of unique(scaling.map((c) => c.workload))) {
      const rows: string[][] = [[`${w}: speedup`, ...threads.map((t) => `${t}${over.has(t) ? '*' : ''} thr`)]];
      for (const s of unique(scaling.filter((c) => c.workload === w).map((c) => c.strategy))) {
        const row = [s];
        for (const t of threads) {
          const c = scaling.find((x) => x.workload === w && x.strategy === s && x.threads === t);
          row.push(c === undefined ? '' : `${c.speedup !== undefined ? `×${ratioText(c.speedup)}` : formatRate(c.opsPerSec.median)}${c.correctness.ok ? '' : '!'}`);
        }
        rows.push(row);
      }
      out.push('', table(rows));
    }
    if (over.size > 0) out.push(`* more threads than the ${env.cores} cores: oversubscribed (time-slicing, not parallelism)`);
  }

  const sweep = measuredOf(results.cells).filter((c) => c.group === 'brc-sweep');
  const f = results.findings ?? {};
  if (sweep.length > 0) {
    const rs = unique(sweep.map((c) => Number(c.params.remoteFraction))).sort((a, b) => a - b);
    const rows: string[][] = [['hand-off (both threads saturated): ops/s', ...rs.map((r) => `R=${r}`)]];
    for (const s of unique(sweep.map((c) => c.strategy))) {
      rows.push([s, ...rs.map((r) => formatRate(sweep.find((c) => c.strategy === s && Number(c.params.remoteFraction) === r)?.opsPerSec.median ?? Number.NaN))]);
    }
    out.push('', table(rows));
    const ratios = rs.map((r) =>
      f[`brcRatioR${r}`] !== undefined
        ? `R=${r}: ${Number(f[`brcRatioR${r}`]).toFixed(2)} [${Number(f[`brcRatioR${r}Low`]).toFixed(2)}–${Number(f[`brcRatioR${r}High`]).toFixed(2)}]`
        : '',
    );
    if (ratios.some((x) => x !== '')) out.push(`biased over atomic: ${ratios.filter((x) => x !== '').join(' · ')}`);
    if (f.brcBreakEvenNote !== undefined) {
      const be = f.brcBreakEven === null ? '≈ not resolved' : `R in [${String(f.brcBreakEvenLow ?? '')}–${String(f.brcBreakEvenHigh ?? '')}]`;
      out.push(`break-even: ${be} — ${String(f.brcBreakEvenNote)}`);
    }
  }

  out.push(...brcPaperSummary(measuredOf(results.cells), f, table, familyIn(results)));

  const switching = measuredOf(results.cells).filter((c) => c.group === 'switch-interval');
  if (switching.length > 0) {
    const rows: string[][] = [['switch interval', 'ops/s', ...counterKeys(switching, 4)]];
    for (const c of switching)
      rows.push([`${c.strategy} ${String(c.params.switchIntervalMs)} ms`, formatRate(c.opsPerSec.median), ...counterKeys(switching, 4).map((k) => fmt(c.counters[k]))]);
    out.push('', table(rows));
  }

  const convoy = measuredOf(results.cells).filter((c) => c.group === 'convoy');
  if (convoy.length > 0) {
    const rows: string[][] = [['convoy: I/O wait to run again', 'threads', 'p50 ms', 'p99 ms', 'waits']];
    for (const c of convoy) {
      rows.push([
        `${c.strategy}${c.params.cpuThreads === 0 ? ' (I/O alone)' : ''}`,
        String(c.threads),
        fmt(c.measurements?.ioLatencyP50Ms?.value),
        `${fmt(c.measurements?.ioLatencyP99Ms?.value)}${(c.measurements?.ioWaits?.value ?? 0) < 100 ? ' (<100 samples)' : ''}`,
        fmt(c.measurements?.ioWaits?.value),
      ]);
    }
    out.push('', table(rows));
  }

  const atomicity = measuredOf(results.cells).filter((c) => c.group === 'atomicity');
  if (atomicity.length > 0) {
    const names = unique(atomicity.flatMap((c) => c.correctness.checks.map((k) => k.name)));
    const short = (n: string): string => {
      const head = (n.split(':')[0] ?? n).trim();
      return head.length > 18 ? `${head.slice(0, 17)}…` : head;
    };
    const rows: string[][] = [['atomicity', ...names.map(short), 'lost (whole run)']];
    for (const c of atomicity) {
      rows.push([
        `${c.strategy} (${String(c.params.checkpoints)})`,
        ...names.map((n) => {
          const k = c.correctness.checks.find((x) => x.name === n);
          if (k === undefined) return '';
          const d = k.observed - k.expected;
          return d === 0 ? 'exact' : `${d > 0 ? '+' : ''}${fmt(d)}`;
        }),
        String(c.correctness.lostUpdates),
      ]);
    }
    out.push('', 'Atomicity: observed − expected per expression over the whole run (exact = nothing lost)', table(rows));
  }

  if (problems !== undefined) {
    const text = problemLines(problems);
    if (text.length > 0) out.push('', ...text.map(forTerminal));
  } else {
    const errors = results.cells.filter((c) => c.status === 'failed');
    const bad = measuredOf(results.cells).filter((c) => !c.correctness.ok);
    if (errors.length > 0 || bad.length > 0) {
      out.push('', 'Problems:');
      for (const c of errors) out.push(`  ${forTerminal(c.id)}: ${forTerminal(c.error)}`);
      for (const c of bad) out.push(`  ${forTerminal(c.id)}: ${correctnessText(c)}${problemNote(c, baseline)}`);
    }
  }

  const h = results.harness;
  if (h !== undefined && (h.emptyNsPerOp !== undefined || h.interfaceFactor !== undefined)) {
    const bits: string[] = [];
    if (h.emptyNsPerOp !== undefined) bits.push(`empty loop ${h.emptyNsPerOp.toFixed(2)} ns/op`);
    if (h.bareLoopNsPerOp !== undefined) bits.push(`bare typed-array loop ${h.bareLoopNsPerOp.toFixed(2)} ns/op`);
    if (h.unsafeMicroNsPerOp !== undefined) {
      bits.push(
        `${forTerminal(baseline ?? 'the baseline')} on rc-private ${h.unsafeMicroNsPerOp.toFixed(2)} ns/op` +
          (h.interfaceFactor !== undefined
            ? ` (the bare loop ran ×${h.interfaceFactor.toFixed(2)} [${(h.interfaceFactorLow ?? 0).toFixed(2)}–${(h.interfaceFactorHigh ?? 0).toFixed(2)}] faster)`
            : ''),
      );
    }
    out.push('', `Harness: ${bits.join('; ')}`);
  }
  return out.join('\n');
}

/** Why a failed check may be the expected outcome (the baseline is the uncounted control). */
function problemNote(c: MeasuredCell, baseline: string | undefined): string {
  if (c.strategy === baseline && c.threads > 1) return ` (expected: ${forTerminal(c.strategy)} is the negative control)`;
  const k = c.correctness;
  const onlyLost = k.leaks === 0 && k.doubleFrees === 0 && k.useAfterFree === 0 && k.auditMismatches === 0;
  if (onlyLost && (c.group === 'atomicity' || c.workload === 'counter')) return ' (what this scenario measures: racy expressions lose updates)';
  return '';
}

function overheadEntry(c: Cell, baseline: string | undefined): string {
  if (c.status === 'failed') return 'error';
  const mark = c.correctness.ok ? '' : '!';
  if (c.strategy === baseline) return `${formatRate(c.opsPerSec.median)}${mark}`;
  if (c.baselineRatio === undefined) return `${formatRate(c.opsPerSec.median)}${mark}`;
  return `${ratioText(c.baselineRatio)}${mark}`;
}

/** Counters worth a column, the GIL's handoff figures first when the strategy reports them. */
const PREFERRED_COUNTERS = ['switches', 'forcedSwitches', 'dropRequests', 'waitMs', 'switchWaitMs'];

function counterKeys(cells: readonly MeasuredCell[], max: number): string[] {
  const present = unique(cells.flatMap((c) => Object.keys(c.counters)));
  const preferred = PREFERRED_COUNTERS.filter((k) => present.includes(k));
  return (preferred.length > 0 ? preferred : present).slice(0, max);
}

function fmt(x: number | undefined): string {
  if (x === undefined || !Number.isFinite(x)) return '–';
  if (Math.abs(x) >= 1000) return formatRate(x);
  return Number.isInteger(x) ? String(x) : x.toFixed(2);
}
