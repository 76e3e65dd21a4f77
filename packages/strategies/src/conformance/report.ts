/** The report of a check: its shape, the error `assertConformance` throws with it, and its text. */
import type { Program } from './program.ts';
import type { PropertyName } from './properties.ts';
import type { Schedule } from './schedule.ts';

/** The verdict on one property. */
export interface PropertyResult {
  readonly name: PropertyName;
  readonly description: string;
  /** `skipped`: the property does not apply (lost updates, for a strategy that is not thread-safe). */
  readonly status: 'passed' | 'failed' | 'skipped';
  /** True unless `status` is `failed`. */
  readonly passed: boolean;
  /** (program, schedule) pairs checked (up to and including the first failure). */
  readonly runs: number;
  /** Shrinking steps that led to the counterexample. */
  readonly shrinks: number;
  /** The seed the programs came from. */
  readonly seed: number;
  /** With `seed`, replays straight to the counterexample (`rclab check FILE --seed S --path P`). */
  readonly path?: string;
  /** Which layer found it: `controlled` (replays exactly) or `free` (real parallel threads, replays only as reliably as the bug). */
  readonly layer?: 'controlled' | 'free';
  /** The smallest failing program found. */
  readonly counterexample?: Program;
  /** `counterexample` as text. */
  readonly counterexampleText?: string;
  /** The shrunk schedule (controlled layer). */
  readonly schedule?: Schedule;
  /** `schedule` as text. */
  readonly scheduleText?: string;
  /** The interleaving the counterexample ran, one line per stretch of one thread. */
  readonly trace?: readonly string[];
  /** What the checks found on the counterexample. */
  readonly failure?: string;
  /** One command that replays it. */
  readonly replay?: string;
  /** Why the property was skipped. */
  readonly reason?: string;
}

/** What the check explored. */
export interface Explored {
  /** Distinct programs run under the controlled scheduler. */
  readonly programs: number;
  /** Controlled runs (one program under one schedule each). */
  readonly schedules: number;
  /** The systematic layer: programs, schedules, and whether every schedule up to the bound was run. */
  readonly systematic: { readonly programs: number; readonly schedules: number; readonly total: number; readonly exhaustive: boolean; readonly preemptionBound: number };
  /** Random (program, schedule) pairs per property. */
  readonly random: number;
  /** Free-running programs (core's `run()`, `rounds` passes). */
  readonly free: { readonly programs: number; readonly rounds: number };
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
  readonly runsPerProperty: number;
  /** Distinct programs actually run on threads (controlled and free). */
  readonly programsRun: number;
  readonly explored: Explored;
  readonly properties: readonly PropertyResult[];
  readonly elapsedMs: number;
  /** True if the check was stopped (signal) before it finished. */
  readonly stopped: boolean;
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

/** Most trace lines printed per counterexample (the end of the interleaving, where it failed). */
const TRACE_LINES = 40;

/** The report as text: one line per property, and for each failure the shrunk program, schedule and interleaving, and how to replay it. */
export function formatReport(report: ConformanceReport): string {
  const e = report.explored;
  const lines = [
    `conformance of '${report.strategy}' (${report.specifier}): ${report.stopped ? 'STOPPED' : report.passed ? 'passed' : 'FAILED'} — seed ${report.seed}, ${(report.elapsedMs / 1000).toFixed(1)} s`,
    `  explored: ${e.schedules} controlled runs of ${e.programs} programs on up to ${report.threads} threads — ` +
      `systematic: ${e.systematic.programs} programs × ${e.systematic.exhaustive ? 'every' : 'an even sample of the'} schedule${e.systematic.exhaustive ? '' : 's'} with ≤ ${e.systematic.preemptionBound} preemptions ` +
      `(${e.systematic.schedules}${e.systematic.exhaustive ? '' : ` of ${e.systematic.total}`}); random: ${e.random} (program, schedule) pairs per property; ` +
      `free-running: ${e.free.programs} programs × ${e.free.rounds} passes`,
  ];
  for (const p of report.properties) {
    const mark = p.status === 'passed' ? 'ok  ' : p.status === 'skipped' ? 'skip' : 'FAIL';
    lines.push(`  ${mark} ${p.name} — ${p.status === 'skipped' ? p.reason : p.description}`);
  }
  for (const p of report.properties) {
    if (p.status !== 'failed') continue;
    lines.push('', `${p.name} FAILED (${p.layer} layer) after ${p.runs} run(s), shrunk in ${p.shrinks} step(s): ${p.failure}`);
    if (p.counterexampleText !== undefined) lines.push('program:', ...p.counterexampleText.split('\n').map((l) => `  ${l}`));
    if (p.scheduleText !== undefined) lines.push(`schedule: ${p.scheduleText}`);
    if (p.trace !== undefined && p.trace.length > 0) {
      lines.push('interleaving (strategy calls in the order they ran):');
      if (p.trace.length > TRACE_LINES) lines.push(`  … ${p.trace.length - TRACE_LINES} earlier stretch(es)`);
      for (const t of p.trace.slice(-TRACE_LINES)) lines.push(`  ${t}`);
    }
    lines.push(`seed: ${p.seed}${p.path !== undefined ? `, path: ${p.path}` : ''}`);
    if (p.replay !== undefined) lines.push(`replay: ${p.replay}`);
  }
  return lines.join('\n');
}
