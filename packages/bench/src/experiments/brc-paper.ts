/**
 * `brc-paper`: the BRC paper's §7.5 experiment (Choi, Shull and Torrellas, PACT 2018, Figure 10)
 * — a fixed amount of work per pass, timed, under the `atomic` family's lead and the `biased`
 * family's lead, over the fraction R of objects whose last reference another thread drops.
 * Its grid and plan are `brc-paper/plan.ts`, what it concludes `brc-paper/findings.ts`.
 */
import { brcPaperFindings } from './brc-paper/findings.ts';
import { BRC_PAPER_FULL, BRC_PAPER_QUICK, planBrcPaper } from './brc-paper/plan.ts';
import { ROLE } from './roles.ts';
import { defineExperiment } from './types.ts';

export default defineExperiment({
  name: 'brc-paper',
  description: "the BRC paper's §7.5 experiment: one owner allocates N objects, a releaser drops R·N of them; pass time of biased against atomic over R, and where they cross",
  presets: { quick: true, full: true },
  run: { measure: 'fixed-work' },
  plan(ctx) {
    const grid = ctx.options.brcPaper ?? (ctx.options.suite === 'full' ? BRC_PAPER_FULL : BRC_PAPER_QUICK);
    const atomic = ctx.familyMembers('atomic', true)[0];
    const biased = ctx.familyMembers('biased', true)[0];
    return planBrcPaper(ctx.options, grid, { atomic, biased }, ctx.workloadFor(ROLE.brcPaper), (_group, s, w, threads, extra) => ctx.cell(s, w, threads, extra));
  },
  findings: (cells, ctx) => brcPaperFindings(cells, (s) => ctx.familyOf(s)),
});
