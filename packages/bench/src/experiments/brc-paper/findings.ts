/**
 * What the `brc-paper` experiment concludes, per k and D: each strategy's pass time fitted
 * against R by least squares, and the crossing R* of the two lines with a bootstrap interval
 * (`@rclab/core`'s `estimateCrossing`): a crossing, "no crossing in range", or "not resolved".
 * The two sides are found by the families their strategies declare (`brcPaperPair`).
 */
import { type Cell, type CrossingResult, type CrossingSample, estimateCrossing, type MeasuredCell } from '@rclab/core';
import { BASELINE_FAMILY, BIASED_FAMILY, type BrcPaperPair, brcPaperPair, type FamilyOf, PUBLISHED_BREAK_EVEN, PUBLISHED_MEMORY_BOUND } from './plan.ts';

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
