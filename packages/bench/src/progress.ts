/**
 * Progress of a suite: on a terminal, one line redrawn in place (a bar, cells done, the ETA and
 * the current cell); otherwise (a pipe, a CI log) one plain line per finished cell. Progress
 * goes to stderr so stdout carries only the summary (or the JSON with `--json`).
 */
import type { Cell } from '@rclab/core';
import type { MeasuredCell } from '@rclab/core';

/** Where progress is written. */
export interface ProgressStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

/** Formats milliseconds as `1:05` / `12:30` / `1:02:03`. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${String(sec).padStart(2, '0')}` : `${m}:${String(sec).padStart(2, '0')}`;
}

/** Operations per second in short form: `31.2M`, `950k`, `12.0`. */
export function formatRate(x: number): string {
  if (!Number.isFinite(x)) return '–';
  if (x >= 1e9) return `${(x / 1e9).toFixed(2)}G`;
  if (x >= 1e6) return `${(x / 1e6).toFixed(1)}M`;
  if (x >= 1e3) return `${(x / 1e3).toFixed(1)}k`;
  return x.toFixed(1);
}

/** Counts and the ETA: the planner's estimate of what is left, scaled by how fast it has gone. */
export class Eta {
  #estimatedDone = 0;
  #actualDone = 0;
  constructor(
    readonly estimatedTotalMs: number,
    readonly totalCells: number,
    public cellsDone: number,
  ) {}

  add(estimatedMs: number, actualMs: number): void {
    this.#estimatedDone += estimatedMs;
    this.#actualDone += actualMs;
  }

  /** Milliseconds left (the raw estimate until a few seconds of real data exist). */
  remainingMs(): number {
    const left = Math.max(0, this.estimatedTotalMs - this.#estimatedDone);
    const speed = this.#estimatedDone > 2000 ? this.#actualDone / this.#estimatedDone : 1;
    return left * speed;
  }

  fraction(): number {
    return this.estimatedTotalMs > 0 ? Math.min(1, this.#estimatedDone / this.estimatedTotalMs) : 1;
  }
}

/** Shows a suite's progress. */
export interface Progress {
  /** Work the planner estimated at `estimatedMs` took `actualMs` (moves the bar and the ETA). */
  work(estimatedMs: number, actualMs: number): void;
  cellDone(cell: Cell): void;
  busy(label: string): void;
  /** A line of its own (notes, warnings), printed above the bar. */
  line(text: string): void;
  /** Clears the bar; call before printing the summary. */
  stop(): void;
}

/** A progress display for `stream` (TTY → bar, else plain lines; `quiet` → nothing but `line`). */
export function createProgress(stream: ProgressStream, eta: Eta, quiet = false): Progress {
  const tty = stream.isTTY === true && !quiet;
  let current = '';
  let timer: NodeJS.Timeout | undefined;

  const draw = (): void => {
    if (!tty) return;
    const width = Math.max(40, (stream.columns !== undefined && stream.columns > 0 ? stream.columns : 100) - 1);
    const frac = eta.fraction();
    const barWidth = 20;
    const filled = Math.round(frac * barWidth);
    const head = `[${'█'.repeat(filled)}${'░'.repeat(barWidth - filled)}] ${String(Math.floor(frac * 100)).padStart(3)}% ${eta.cellsDone}/${eta.totalCells} cells · ETA ${formatDuration(eta.remainingMs())} · `;
    const text = (head + current).slice(0, width);
    stream.write(`\r\x1b[K${text}`);
  };
  const clear = (): void => {
    if (tty) stream.write('\r\x1b[K');
  };
  if (tty) {
    timer = setInterval(draw, 500);
    timer.unref();
  }

  return {
    work(estimatedMs, actualMs) {
      eta.add(estimatedMs, actualMs);
    },
    cellDone(cell) {
      eta.cellsDone++;
      if (tty) {
        draw();
        return;
      }
      if (quiet) return;
      stream.write(`[${eta.cellsDone}/${eta.totalCells}] ${cellLine(cell)} · ETA ${formatDuration(eta.remainingMs())}\n`);
    },
    busy(label) {
      current = label;
      draw();
    },
    line(text) {
      clear();
      stream.write(`${text}\n`);
      draw();
    },
    stop() {
      if (timer !== undefined) clearInterval(timer);
      clear();
    },
  };
}

/** One line about a finished cell: throughput with interval, ratio, correctness. */
export function cellLine(cell: Cell): string {
  if (cell.status === 'failed') return `${cell.id}: ERROR ${cell.error}`;
  const i = cell.opsPerSec;
  // A fixed-work cell's figure is the time of one unit of work, not a rate.
  const t = cell.timeMs;
  const parts = [
    t !== undefined
      ? `${cell.id}: ${t.median.toFixed(1)} ms per pass [${t.low.toFixed(1)}–${t.high.toFixed(1)}]`
      : `${cell.id}: ${formatRate(i.median)} ops/s [${formatRate(i.low)}–${formatRate(i.high)}]`,
  ];
  const r = (x: { median: number; low: number; high: number }): string => `${x.median.toFixed(2)} [${x.low.toFixed(2)}–${x.high.toFixed(2)}]`;
  const ratio = cell.baselineRatio;
  if (ratio !== undefined && cell.strategy !== ratio.baseline) parts.push(`×${r(ratio)} ${ratio.baseline}`);
  if (cell.speedup !== undefined && cell.threads > 1) parts.push(`speedup ${r(cell.speedup)}`);
  if (cell.oversubscribed) parts.push('oversubscribed');
  parts.push(cell.correctness.ok ? 'ok' : `NOT OK (${correctnessText(cell)})`);
  return parts.join(' · ');
}

/** The non-zero correctness counts of a cell, e.g. `lostUpdates 1234, leaks 2`. */
export function correctnessText(cell: MeasuredCell): string {
  const c = cell.correctness;
  const parts = (['lostUpdates', 'leaks', 'doubleFrees', 'useAfterFree', 'auditMismatches'] as const).filter((k) => c[k] > 0).map((k) => `${k} ${c[k]}`);
  return parts.length > 0 ? parts.join(', ') : 'a check failed';
}
