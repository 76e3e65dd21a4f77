/**
 * The report's BRC section from the full fixture: the paper's experiment is drawn with each
 * setting's crossing and interval, the paper's published break-even and memory bound are drawn
 * apart and labelled "published", the hand-off chart no longer draws the paper's R ≈ 0.75 as if
 * comparable, and the headline quotes the faithful experiment first, labelled.
 */
import { describe, expect, it } from 'vitest';
import { brcPaperChart, brcSweepChart } from '../src/charts/index.ts';
import { headline } from '../src/headline.ts';
import { buildModel } from '../src/model.ts';
import { loadFixture } from './__helpers__/fixtures.ts';

describe('BRC section', () => {
  const model = buildModel([loadFixture('full')]);

  it("draws the paper's experiment with its crossings and the published figures, labelled", () => {
    const build = brcPaperChart.build(model);
    if (build.kind !== 'chart') throw new Error(`no chart: ${build.reason}`);
    const text = JSON.stringify(build.spec);
    expect(text).toContain('published break-even R ≈ 0.75');
    expect(text).toContain('published: extra memory under 12%');
    // The crossing bands of both settings, from the run's findings.
    expect(text).toContain('"value":0.6,"low":0.52,"high":0.69');
    expect(text).toContain('"value":0.42,"low":0.35,"high":0.5');
    expect(build.notes.some((n) => n.startsWith('k = 2, D long: crossing at R = 0.60'))).toBe(true);
    expect(build.notes.some((n) => n.startsWith('k = 2, D = 0: crossing at R = 0.42'))).toBe(true);
    expect(build.notes.some((n) => n.startsWith('Published (the paper'))).toBe(true);
  });

  it("does not draw the paper's break-even on the hand-off chart", () => {
    const build = brcSweepChart.build(model);
    if (build.kind !== 'chart') throw new Error('no chart');
    expect(JSON.stringify(build.spec)).not.toMatch(/paper/);
    expect(build.notes.join(' ')).not.toMatch(/paper/);
  });

  it('says why when the experiment did not run', () => {
    expect(brcPaperChart.build(buildModel([loadFixture('one-strategy')])).kind).toBe('empty');
  });

  it('the headline quotes the faithful experiment first, and labels the hand-off as a different one', () => {
    const full = loadFixture('full');
    const brc = headline({ ...full, findings: { ...full.findings, brcBreakEvenNote: 'biased falls below atomic between R = 0.05 and R = 0.1' } })
      .filter((l) => l.topic === 'brc')
      .map((l) => l.text);
    expect(brc[0]).toMatch(/^biased against atomic, the BRC paper's §7\.5 experiment \(D long, as in the paper\): crossing at R = 0\.60/);
    expect(brc[1]).toMatch(/D = 0\): crossing at R = 0\.42/);
    expect(brc[2]).toBe("biased against atomic, producer/consumer hand-off (not comparable with the paper's R ≈ 0.75): biased falls below atomic between R = 0.05 and R = 0.1");
  });
});
