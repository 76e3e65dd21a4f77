/**
 * Did a change move rclab's figures? `pnpm figures-diff BEFORE.json AFTER.json` puts the two
 * runs' figures side by side, cell by cell: the ratio to the baseline and the speedup (each a
 * median of per-round paired ratios with its 95% interval, the figures that survive the machine's
 * drift between runs), and the exact counters per operation. A ratio "moved" when the two
 * intervals do not overlap; a counter moved when it differs by more than 5%. Counters are compared
 * on one-thread cells only, and not those counting time: with more threads, contention events
 * depend on the interleaving, while one thread's counts per operation are set by the code.
 *
 * Absolute throughput is not compared: on a shared VM it swings by a third between runs, which
 * is why rclab reports ratios measured within one run. Reads results v2 (`relativeToUnsafe`)
 * and v3 (`baselineRatio`), so a restructuring that bumped the schema can be checked against
 * the run before it.
 */
import { readFileSync } from 'node:fs';

interface Span {
  readonly median: number;
  readonly low: number;
  readonly high: number;
}
interface LooseCell {
  readonly id: string;
  readonly status: string;
  readonly threads: number;
  readonly relativeToUnsafe?: Span;
  readonly baselineRatio?: Span;
  readonly speedup?: Span;
  readonly countersPerOp?: Readonly<Record<string, number>>;
}

/** A counter per operation that moved by more than this share counts as changed. */
const COUNTER_TOLERANCE = 0.05;
/** Counters smaller than this per operation are noise of the slice boundaries, not behaviour. */
const COUNTER_FLOOR = 0.01;

/** A results file's measured cells by id, and the counters that count something other than operations (time). */
interface LooseRun {
  readonly cells: Map<string, LooseCell>;
  /** From the catalog's declared units (v3); undefined for a v2 file, which declares none. */
  readonly notCounts: ReadonlySet<string> | undefined;
}

function load(path: string): LooseRun {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new Error(`${path}: not a readable JSON file (${(e as Error).message})`, { cause: e });
  }
  const list = (parsed as { cells?: unknown }).cells;
  if (!Array.isArray(list)) throw new Error(`${path}: no "cells" array: not an rclab results file`);
  const cells = new Map((list as LooseCell[]).filter((c) => c.status === 'measured').map((c) => [c.id, c]));
  const strategies = (parsed as { catalog?: { strategies?: { counters?: { name: string; unit: string }[] }[] } }).catalog?.strategies;
  const notCounts = strategies === undefined ? undefined : new Set(strategies.flatMap((e) => (e.counters ?? []).filter((k) => k.unit !== 'count').map((k) => k.name)));
  return { cells, notCounts };
}

/** Counters that measure time, not operations: by the files' declared units, else (v2) by the `…Ms` names v2 used. */
function timeCounter(name: string, runs: readonly LooseRun[]): boolean {
  const declared = runs.filter((r) => r.notCounts !== undefined);
  return declared.length > 0 ? declared.some((r) => r.notCounts?.has(name) === true) : /Ms$/.test(name);
}

const f = (x: number): string => (Number.isFinite(x) ? x.toFixed(3) : String(x));
const show = (s: Span): string => `${f(s.median)} [${f(s.low)}–${f(s.high)}]`;
const overlap = (a: Span, b: Span): boolean => !(a.high < b.low || b.high < a.low);

function main(argv: readonly string[]): number {
  if (argv.length !== 2) {
    process.stderr.write('usage: pnpm figures-diff BEFORE.json AFTER.json (two rclab results files, v2 or v3)\n');
    return 2;
  }
  const runs = [load(argv[0] as string), load(argv[1] as string)];
  const [before, after] = [(runs[0] as LooseRun).cells, (runs[1] as LooseRun).cells];
  const rows: string[] = [];
  let ratios = 0;
  let counters = 0;
  const moved: string[] = [];
  for (const [id, a] of before) {
    const b = after.get(id);
    if (b === undefined) continue;
    const pairs: [string, Span | undefined, Span | undefined][] = [
      ['×baseline', a.baselineRatio ?? a.relativeToUnsafe, b.baselineRatio ?? b.relativeToUnsafe],
      ['speedup', a.speedup, b.speedup],
    ];
    for (const [name, x, y] of pairs) {
      if (x === undefined || y === undefined || x.low === x.high) continue;
      ratios++;
      const ok = overlap(x, y);
      rows.push(`${ok ? '  ' : '≠ '}${id} ${name}: ${show(x)} → ${show(y)}`);
      if (!ok) moved.push(`${id} ${name}`);
    }
    for (const [name, x] of Object.entries(a.threads === 1 ? (a.countersPerOp ?? {}) : {})) {
      const y = b.countersPerOp?.[name];
      if (y === undefined || Math.max(x, y) < COUNTER_FLOOR || timeCounter(name, runs)) continue;
      counters++;
      const ok = Math.abs(x - y) <= COUNTER_TOLERANCE * Math.max(x, y);
      if (!ok) {
        rows.push(`≠ ${id} ${name}/op: ${f(x)} → ${f(y)}`);
        moved.push(`${id} ${name}/op`);
      }
    }
  }
  process.stdout.write(`${rows.join('\n')}\n\n`);
  process.stdout.write(`${ratios} ratios compared (95% intervals): ${ratios - moved.filter((m) => !m.endsWith('/op')).length} overlap.\n`);
  process.stdout.write(`${counters} counters per operation compared (±${COUNTER_TOLERANCE * 100}%): ${counters - moved.filter((m) => m.endsWith('/op')).length} agree.\n`);
  if (moved.length > 0) process.stdout.write(`moved:\n${moved.map((m) => `  ${m}`).join('\n')}\n`);
  return 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (e) {
  process.stderr.write(`figures-diff: ${(e as Error).message}\n`);
  process.exitCode = 2;
}
