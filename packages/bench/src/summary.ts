/**
 * The summary `rclab bench` prints when it is done: what ran where, single-thread cost relative
 * to `unsafe`, scaling, correctness problems, and the findings. Plain text tables that fit in
 * 100 columns for the default strategies.
 */
import type { Cell, ResultsFile } from '@rclab/core';
import { describeEnv } from './env.ts';
import { correctnessText, formatRate } from './progress.ts';

/** Renders rows as an aligned table: the first `left` columns left-aligned, the rest right-aligned. */
export function table(rows: readonly (readonly string[])[], left = 1): string {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, c.length)));
  return rows
    .map((r) => r.map((c, i) => (i < left ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number))).join('  ').trimEnd())
    .join('\n');
}

function unique<T>(xs: readonly T[]): T[] {
  return [...new Set(xs)];
}

/** The text summary of a results file. */
export function summarize(results: ResultsFile): string {
  const out: string[] = [];
  const { env, config } = results;
  const cov = results.findings?.intervalCoverage;
  out.push(`rclab ${config.suite} suite · ${describeEnv(env)}`);
  out.push(
    `${config.trials} trials per cell, ${config.durationMs} ms each after ${config.warmupMs ?? 0} ms warm-up, strategies interleaved; figures are medians` +
      (typeof cov === 'number' ? `, intervals ${(cov * 100).toFixed(1)}% distribution-free` : ''),
  );

  const width = results.findings?.medianRelativeIntervalWidth;
  if (typeof width === 'number') {
    out.push(
      `resolution: throughput intervals are typically ±${((width / 2) * 100).toFixed(0)}% wide here — ` +
        (width <= 0.1 ? 'differences of 10% are resolved' : `differences much smaller than ${(width * 100).toFixed(0)}% are not resolved by this run (see docs/cli.md, The statistics)`),
    );
  }

  const overhead = results.cells.filter((c) => c.group === 'overhead');
  if (overhead.length > 0) {
    const strategies = unique(overhead.map((c) => c.strategy));
    const workloads = unique(overhead.map((c) => c.workload));
    const rows: string[][] = [['workload', ...strategies.map((s) => (s === 'unsafe' ? 'unsafe ops/s' : s))]];
    for (const w of workloads) {
      const row = [w];
      for (const s of strategies) {
        const c = overhead.find((x) => x.workload === w && x.strategy === s);
        row.push(c === undefined ? '' : overheadEntry(c));
      }
      rows.push(row);
    }
    out.push('', 'Single thread: throughput relative to unsafe (median of paired trials; ! = a correctness check failed)', table(rows));
  }

  const scaling = results.cells.filter((c) => c.group === 'scaling' && c.error === undefined);
  if (scaling.length > 0) {
    const threads = unique(scaling.map((c) => c.threads)).sort((a, b) => a - b);
    const over = new Set(scaling.filter((c) => c.oversubscribed).map((c) => c.threads));
    for (const w of unique(scaling.map((c) => c.workload))) {
      const rows: string[][] = [[`${w}: speedup`, ...threads.map((t) => `${t}${over.has(t) ? '*' : ''} thr`)]];
      for (const s of unique(scaling.filter((c) => c.workload === w).map((c) => c.strategy))) {
        const row = [s];
        for (const t of threads) {
          const c = scaling.find((x) => x.workload === w && x.strategy === s && x.threads === t);
          row.push(c === undefined ? '' : `${c.speedup !== undefined ? `×${c.speedup.median.toFixed(2)}` : formatRate(c.opsPerSec.median)}${c.correctness.ok ? '' : '!'}`);
        }
        rows.push(row);
      }
      out.push('', table(rows));
    }
    if (over.size > 0) out.push(`* more threads than the ${env.cores} cores: oversubscribed (time-slicing, not parallelism)`);
  }

  const sweep = results.cells.filter((c) => c.group === 'brc-sweep' && c.error === undefined);
  const f = results.findings ?? {};
  if (sweep.length > 0) {
    const rs = unique(sweep.map((c) => Number(c.params.remoteFraction))).sort((a, b) => a - b);
    const rows: string[][] = [['BRC sweep: ops/s', ...rs.map((r) => `R=${r}`)]];
    for (const s of unique(sweep.map((c) => c.strategy))) {
      rows.push([s, ...rs.map((r) => formatRate(sweep.find((c) => c.strategy === s && Number(c.params.remoteFraction) === r)?.opsPerSec.median ?? Number.NaN))]);
    }
    out.push('', table(rows));
    if (f.brcBreakEvenNote !== undefined) out.push(`break-even: ${f.brcBreakEven === null ? 'none' : `R ≈ ${String(f.brcBreakEven)}`} — ${String(f.brcBreakEvenNote)}`);
  }

  const switching = results.cells.filter((c) => c.group === 'switch-interval' && c.error === undefined);
  if (switching.length > 0) {
    const rows: string[][] = [['switch interval', 'ops/s', ...counterKeys(switching, 4)]];
    for (const c of switching) rows.push([`${c.strategy} ${String(c.params.switchIntervalMs)} ms`, formatRate(c.opsPerSec.median), ...counterKeys(switching, 4).map((k) => fmt(c.counters[k]))]);
    out.push('', table(rows));
  }

  const convoy = results.cells.filter((c) => c.group === 'convoy' && c.error === undefined);
  if (convoy.length > 0) {
    const rows: string[][] = [['convoy: I/O wait to run again', 'threads', 'p50 ms', 'p99 ms']];
    for (const c of convoy) {
      rows.push([
        `${c.strategy}${c.params.cpuThreads === 0 ? ' (I/O alone)' : ''}`,
        String(c.threads),
        fmt(c.counters.ioLatencyP50Ms),
        fmt(c.counters.ioLatencyP99Ms),
      ]);
    }
    out.push('', table(rows));
  }

  const atomicity = results.cells.filter((c) => c.group === 'atomicity' && c.error === undefined);
  if (atomicity.length > 0) {
    const names = unique(atomicity.flatMap((c) => (c.correctness.checks ?? []).map((k) => k.name)));
    const short = (n: string): string => {
      const head = (n.split(':')[0] ?? n).trim();
      return head.length > 18 ? `${head.slice(0, 17)}…` : head;
    };
    const rows: string[][] = [['atomicity', ...names.map(short), 'lost (all trials)']];
    for (const c of atomicity) {
      rows.push([
        `${c.strategy} (${String(c.params.checkpoints)})`,
        ...names.map((n) => {
          const k = c.correctness.checks?.find((x) => x.name === n);
          if (k === undefined) return '';
          const d = k.observed - k.expected;
          return d === 0 ? 'exact' : `${d > 0 ? '+' : ''}${fmt(d)}`;
        }),
        String(c.correctness.lostUpdates),
      ]);
    }
    out.push('', 'Atomicity: observed − expected per expression (last trial; exact = nothing lost)', table(rows));
  }

  const errors = results.cells.filter((c) => c.error !== undefined);
  const bad = results.cells.filter((c) => c.error === undefined && !c.correctness.ok);
  if (errors.length > 0 || bad.length > 0) {
    out.push('', 'Problems:');
    for (const c of errors) out.push(`  ${c.id}: ${c.error ?? ''}`);
    for (const c of bad) out.push(`  ${c.id}: ${correctnessText(c)}${problemNote(c)}`);
  }

  const h = results.harness;
  if (h !== undefined && (h.emptyNsPerOp !== undefined || h.interfaceFactor !== undefined)) {
    const bits: string[] = [];
    if (h.emptyNsPerOp !== undefined) bits.push(`empty loop ${h.emptyNsPerOp.toFixed(2)} ns/op`);
    if (h.runOverheadMs !== undefined) bits.push(`${h.runOverheadMs.toFixed(0)} ms per run outside the measured window`);
    if (h.bareLoopNsPerOp !== undefined) bits.push(`bare typed-array loop ${h.bareLoopNsPerOp.toFixed(2)} ns/op`);
    if (h.unsafeMicroNsPerOp !== undefined) bits.push(`unsafe on rc-private ${h.unsafeMicroNsPerOp.toFixed(2)} ns/op (×${(h.interfaceFactor ?? 0).toFixed(2)})`);
    out.push('', `Harness: ${bits.join('; ')}`);
  }
  return out.join('\n');
}

/** Why a failed check may be the expected outcome. */
function problemNote(c: Cell): string {
  if (c.strategy === 'unsafe' && c.threads > 1) return ' (expected: unsafe is the negative control)';
  const k = c.correctness;
  const onlyLost = k.leaks === 0 && k.doubleFrees === 0 && k.useAfterFree === 0 && k.auditMismatches === 0;
  if (onlyLost && (c.group === 'atomicity' || c.workload === 'counter')) return ' (what this scenario measures: racy expressions lose updates)';
  return '';
}

function overheadEntry(c: Cell): string {
  if (c.error !== undefined) return 'error';
  const mark = c.correctness.ok ? '' : '!';
  if (c.strategy === 'unsafe') return `${formatRate(c.opsPerSec.median)}${mark}`;
  if (c.relativeToUnsafe === undefined) return `${formatRate(c.opsPerSec.median)}${mark}`;
  return `${c.relativeToUnsafe.median.toFixed(2)}${mark}`;
}

/** Counters worth a column, the GIL's handoff figures first when the strategy reports them. */
const PREFERRED_COUNTERS = ['switches', 'forcedSwitches', 'dropRequests', 'waitMs', 'switchWaitMs'];

function counterKeys(cells: readonly Cell[], max: number): string[] {
  const present = unique(cells.flatMap((c) => Object.keys(c.counters)));
  const preferred = PREFERRED_COUNTERS.filter((k) => present.includes(k));
  return (preferred.length > 0 ? preferred : present).slice(0, max);
}

function fmt(x: number | undefined): string {
  if (x === undefined || !Number.isFinite(x)) return '–';
  if (Math.abs(x) >= 1000) return formatRate(x);
  return Number.isInteger(x) ? String(x) : x.toFixed(2);
}
