/**
 * The `brc-paper` group: the BRC paper's §7.5 experiment (Choi, Shull and Torrellas, PACT 2018,
 * Figure 10) as a suite group — its grid, its plan, and what it concludes.
 *
 * The experiment is a fixed amount of work, not a throughput: each cell is the `brc-paper`
 * workload on two threads (owner and releaser) at one R, and each round of its block runs every
 * cell for exactly one complete pass (a fixed-work block, see `Block.fixedWork`), so a round's
 * sample is one pass's wall time — the paper's execution time. The cells of one (k, D) are one
 * block: every R under `atomic` and `biased`, interleaved round by round, so their times are
 * taken side by side on the same machine.
 *
 * What it concludes (per k and D): each strategy's pass time is fitted against R by least
 * squares and the crossing R* of the two lines found with a bootstrap interval
 * (`@rclab/core`'s `stats/crossing.ts`): a crossing, "no crossing in range" (one strategy faster from R = 0 to
 * 1), or "not resolved". No ratio is interpolated. The headline quotes one setting, labelled.
 */
import { type Cell, type CrossingResult, type CrossingSample, estimateCrossing, type MeasuredCell } from '@rclab/core';
import { isFamilyLead } from '../../experiments/types.ts';
import type { ModuleInfo } from '../catalogs.ts';
import type { Block, BrcPaperOptions, CellSpec, SuiteOptions } from '../types.ts';

export type { BrcPaperOptions } from '../types.ts';

/** R from 0 to 1 in steps of 0.05 (the full suite's grid). */
const TWENTIETHS = Array.from({ length: 21 }, (_, i) => i / 20);

/**
 * Quick: one k, N = 50,000 (a pass takes tens of ms here, so 20 cells × 16 passes fit in about
 * half a minute with their start-up and counting passes), R every quarter — a linear fit over
 * 0–1 brackets a crossing anywhere in the range.
 */
export const BRC_PAPER_QUICK: BrcPaperOptions = { objects: 50_000, ks: [2], remoteFractions: [0, 0.25, 0.5, 0.75, 1], dummy: 2, rounds: 16 };
/**
 * Full: the paper's N = 10⁶, k spanning Table 6, R every 5%. A pass then takes 0.3–1.3 s, so
 * 6 passes per cell (the line fit pools 21 R × 6 passes per strategy): about 40 minutes of the
 * full suite on a 2-core machine, warm-ups and counting passes included.
 */
export const BRC_PAPER_FULL: BrcPaperOptions = { objects: 1_000_000, ks: [0, 2, 8, 32], remoteFractions: TWENTIETHS, dummy: 2, rounds: 6 };

/** The paper's published figures (§7.5): biased is worse only from 75% queued; extra memory under 12%. */
export const PUBLISHED_BREAK_EVEN = 0.75;
export const PUBLISHED_MEMORY_BOUND = 0.12;

/** The families compared, as in the paper (atomic counts are its baseline). */
const BASELINE_FAMILY = 'atomic';
const BIASED_FAMILY = 'biased';

/** The family a strategy declares, by display name (`FindingsContext.familyOf`). */
export type FamilyOf = (strategy: string) => string;

/**
 * The two strategies the group's cells compare: the one of the `biased` family and the one of
 * the `atomic` family (each its family's lead when the cells have it, else the first member
 * they have: the plan puts one member of each in the group). Missing when the cells have none.
 */
export interface BrcPaperPair {
  readonly biased: string | undefined;
  readonly atomic: string | undefined;
}

/** The pair the cells compare, found by the families their strategies declare (never by name). */
export function brcPaperPair(cells: readonly Cell[], familyOf: FamilyOf): BrcPaperPair {
  const names = [...new Set(cells.map((c) => c.strategy))];
  const pick = (family: string): string | undefined => {
    const members = names.filter((s) => familyOf(s) === family);
    return members.find((s) => isFamilyLead(s, family)) ?? members[0];
  };
  return { biased: pick(BIASED_FAMILY), atomic: pick(BASELINE_FAMILY) };
}

/** Heap bytes one object takes (a 32-byte size class for both strategies) with room for the allocator's pages. */
const HEAP_BYTES_PER_OBJECT = 48;

/** Makes a cell of the plan (plan.ts's own maker). */
export type CellMaker = (group: 'brc-paper', s: ModuleInfo, w: ModuleInfo, threads: number, extra: { params: Record<string, number | string | boolean> }) => CellSpec;

/** Rough wall time of one pass (ms) on the 2-core reference machine, for the plan's estimate. */
export function estimatePassMs(objects: number, k: number, dummy: number): number {
  return (objects * (300 + 20 * k + 150 * dummy)) / 1e6;
}

/** The group's blocks: one per (k, D), each every R under atomic and biased. */
export function planBrcPaper(
  options: SuiteOptions,
  grid: BrcPaperOptions,
  pair: { readonly atomic: ModuleInfo | undefined; readonly biased: ModuleInfo | undefined },
  workload: ModuleInfo | undefined,
  cell: CellMaker,
): { blocks: Block[]; notes: string[] } {
  const { atomic, biased } = pair;
  if (workload === undefined || atomic === undefined || biased === undefined) {
    return { blocks: [], notes: ['brc-paper group skipped: it needs the brc-paper workload and the atomic and biased strategies'] };
  }
  const notes: string[] = [];
  const objects = grid.objects;
  if ((objects * HEAP_BYTES_PER_OBJECT) / 2 ** 20 > options.heapMB) {
    notes.push(`brc-paper: N = ${objects} objects may not fit a ${options.heapMB} MiB heap: raise --heap-mb to ${Math.ceil((objects * HEAP_BYTES_PER_OBJECT) / 2 ** 20)}`);
  }
  if (options.suite !== 'full') notes.push(`brc-paper at N = ${objects.toLocaleString('en-US')} objects (the paper's is 10⁶: --full), k = ${grid.ks.join(', ')}`);
  const blocks: Block[] = [];
  for (const k of grid.ks) {
    for (const dummy of [grid.dummy, 0]) {
      const cells: CellSpec[] = [];
      for (const r of grid.remoteFractions) {
        for (const s of [atomic, biased]) cells.push(cell('brc-paper', s, workload, 2, { params: { objects, k, dummy, remoteFraction: r } }));
      }
      const d = dummy === 0 ? 'D = 0' : `D long (${dummy} units/object)`;
      blocks.push({
        id: `brc-paper/k=${k}/dummy=${dummy}`,
        group: 'brc-paper',
        label: `BRC paper §7.5 · k = ${k}, ${d}`,
        cells,
        rounds: grid.rounds,
        sliceMs: Math.max(1, estimatePassMs(objects, k, dummy)),
        fixedWork: true,
      });
    }
  }
  return { blocks, notes };
}

/** One setting's verdict, as findings store it. */
export interface BrcPaperCrossing {
  readonly k: number;
  readonly dummy: number;
  readonly kind: CrossingResult['kind'];
  /** R* and its interval (kind `crossing`); null bounds are open (past the range's end). */
  readonly value: number | null;
  readonly low: number | null;
  readonly high: number | null;
  /** One labelled sentence. */
  readonly note: string;
  /** Smallest fraction of passes in which the releaser finished inside D, over the cells. */
  readonly insideDummy: number | null;
}

function timeSamples(c: MeasuredCell): CrossingSample[] {
  const r = Number(c.params.remoteFraction);
  return (c.samples.timeMs ?? []).map((time) => ({ r, time }));
}

function fixed(x: number): number | null {
  return Number.isFinite(x) ? Math.round(x * 1000) / 1000 : null;
}

function settingText(k: number, dummy: number, objects: number, inside: number | null): string {
  const d =
    dummy === 0
      ? 'D = 0 (the releases on the critical path)'
      : `D long (${dummy} units/object; the releaser finished inside it in ${inside === null ? '?' : `${Math.round(inside * 100)}%`} of passes)`;
  return `N = ${objects.toLocaleString('en-US')}, k = ${k}, ${d}`;
}

/** The crossing of the biased and atomic pass times against R for one (k, D), named after the pair's strategies. */
export function crossingOf(cells: readonly MeasuredCell[], k: number, dummy: number, pair: BrcPaperPair): BrcPaperCrossing | undefined {
  const { biased, atomic } = pair;
  if (biased === undefined || atomic === undefined) return undefined;
  const here = cells.filter((c) => c.group === 'brc-paper' && Number(c.params.k) === k && Number(c.params.dummy) === dummy);
  const a = here.filter((c) => c.strategy === biased).flatMap(timeSamples);
  const b = here.filter((c) => c.strategy === atomic).flatMap(timeSamples);
  const rs = (xs: CrossingSample[]): number => new Set(xs.map((x) => x.r)).size;
  if (rs(a) < 2 || rs(b) < 2) return undefined;
  const insides = here.map((c) => c.measurements?.releaserInsideDummy?.value).filter((v): v is number => v !== undefined);
  const inside = insides.length > 0 ? Math.min(...insides) : null;
  const objects = Number(here[0]?.params.objects);
  const setting = settingText(k, dummy, objects, dummy === 0 ? null : inside);
  const result = estimateCrossing(a, b, { range: [0, 1] });
  const base = { k, dummy, kind: result.kind, insideDummy: inside };
  const fit = 'least-squares fit of per-pass times against R, 95% bootstrap interval';
  if (result.kind === 'crossing') {
    const { value, low, high } = result.at;
    const iv = `[${Number.isFinite(low) ? low.toFixed(2) : 'open'}–${Number.isFinite(high) ? high.toFixed(2) : 'open'}]`;
    const who = result.fasterBelow === 'a' ? `${biased} is faster below it, ${atomic} above` : `${atomic} is faster below it, ${biased} above`;
    return { ...base, value: fixed(value), low: fixed(low), high: fixed(high), note: `crossing at R = ${value.toFixed(2)} ${iv}: ${who} (${setting}; ${fit})` };
  }
  if (result.kind === 'no-crossing') {
    const who = result.faster === 'a' ? biased : atomic;
    return { ...base, value: null, low: null, high: null, note: `no crossing in range: ${who} is faster from R = 0 to R = 1, resolved at both ends (${setting}; ${fit})` };
  }
  return { ...base, value: null, low: null, high: null, note: `≈ not resolved: ${result.reason} (${setting}; ${fit})` };
}

/** The setting the headline quotes: k = 2 (near the paper's 1–2 operations per object) if measured, else the smallest k. */
export function headlineK(ks: readonly number[]): number | undefined {
  return ks.includes(2) ? 2 : [...ks].sort((x, y) => x - y)[0];
}

/**
 * Findings of the group: every (k, D)'s crossing, and the headline's pair (D long and D = 0).
 * `familyOf` tells which strategy is which side (the run's `FindingsContext`).
 */
export function brcPaperFindings(cells: readonly Cell[], familyOf: FamilyOf): Record<string, number | string | null> {
  const measured = cells.filter((c): c is MeasuredCell => c.status === 'measured' && c.group === 'brc-paper');
  const f: Record<string, number | string | null> = {};
  if (measured.length === 0) return f;
  const pair = brcPaperPair(measured, familyOf);
  const ks = [...new Set(measured.map((c) => Number(c.params.k)))].sort((x, y) => x - y);
  const dummies = [...new Set(measured.map((c) => Number(c.params.dummy)))].sort((x, y) => y - x);
  const store = (prefix: string, x: BrcPaperCrossing): void => {
    f[`${prefix}Kind`] = x.kind;
    f[prefix] = x.value;
    f[`${prefix}Low`] = x.low;
    f[`${prefix}High`] = x.high;
    f[`${prefix}Note`] = x.note;
  };
  for (const k of ks) {
    for (const dummy of dummies) {
      const x = crossingOf(measured, k, dummy, pair);
      if (x === undefined) continue;
      store(`brcPaper.k${k}.dummy${dummy}.crossing`, x);
      if (x.insideDummy !== null && dummy > 0) f[`brcPaper.k${k}.dummy${dummy}.releaserInsideDummy`] = x.insideDummy;
    }
  }
  const k = headlineK(ks);
  const long = dummies.find((d) => d > 0);
  if (k !== undefined) {
    const x = long !== undefined ? crossingOf(measured, k, long, pair) : undefined;
    if (x !== undefined) store('brcPaperCrossing', x);
    const zero = crossingOf(measured, k, 0, pair);
    if (zero !== undefined) store('brcPaperCrossingD0', zero);
  }
  f.brcPaperPublished = `the paper (Choi, Shull and Torrellas, PACT 2018, §7.5): biased is slower than atomic only from R ≈ ${PUBLISHED_BREAK_EVEN}, extra memory under ${PUBLISHED_MEMORY_BOUND * 100}%`;
  return f;
}

/**
 * The console summary's part: per (k, D), the median pass time of each strategy at each R, then
 * the crossings, the headline pair first, and the published figure beside them. `familyOf`
 * (from the results' catalog) tells which strategy is which side.
 */
export function brcPaperSummary(
  cells: readonly MeasuredCell[],
  findings: Readonly<Record<string, number | string | null>>,
  table: (rows: readonly (readonly string[])[]) => string,
  familyOf: FamilyOf,
): string[] {
  const mine = cells.filter((c) => c.group === 'brc-paper' && c.timeMs !== undefined);
  if (mine.length === 0) return [];
  const out: string[] = [];
  const { biased, atomic } = brcPaperPair(mine, familyOf);
  const sides = [atomic, biased].filter((s): s is string => s !== undefined);
  const rs = [...new Set(mine.map((c) => Number(c.params.remoteFraction)))].sort((a, b) => a - b);
  const settings = [...new Map(mine.map((c) => [`${String(c.params.k)}/${String(c.params.dummy)}`, { k: Number(c.params.k), dummy: Number(c.params.dummy) }])).values()];
  for (const { k, dummy } of settings) {
    const here = mine.filter((c) => Number(c.params.k) === k && Number(c.params.dummy) === dummy);
    const rows: string[][] = [[`BRC paper §7.5, k=${k}, D=${dummy === 0 ? '0' : 'long'}: ms/pass`, ...rs.map((r) => `R=${r}`)]];
    for (const s of sides) {
      rows.push([s, ...rs.map((r) => here.find((c) => c.strategy === s && Number(c.params.remoteFraction) === r)?.timeMs?.median.toFixed(1) ?? '')]);
    }
    out.push('', table(rows));
    const note = findings[`brcPaper.k${k}.dummy${dummy}.crossingNote`];
    if (typeof note === 'string') out.push(`${biased ?? BIASED_FAMILY} vs ${atomic ?? BASELINE_FAMILY}: ${note}`);
  }
  out.push(`published: biased is slower than atomic only from R ≈ ${PUBLISHED_BREAK_EVEN} (§7.5, N = 10⁶; extra memory under ${PUBLISHED_MEMORY_BOUND * 100}%)`);
  return out;
}
