/**
 * The `brc-paper` experiment's grid and plan: the BRC paper's §7.5 experiment (Choi, Shull and
 * Torrellas, PACT 2018, Figure 10). What it concludes is `findings.ts` beside this file.
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
import type { Cell } from '@rclab/core';
import { isFamilyLead } from '../types.ts';
import type { ModuleInfo } from '../../suite/catalogs.ts';
import type { Block, BrcPaperOptions, CellSpec, SuiteOptions } from '../../suite/types.ts';

export type { BrcPaperOptions } from '../../suite/types.ts';

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
export const BASELINE_FAMILY = 'atomic';
export const BIASED_FAMILY = 'biased';

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
