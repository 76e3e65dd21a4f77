/**
 * The crossing estimator on synthetic lines: a clear crossing is found with an interval that
 * contains it, one strategy faster everywhere is "no crossing" (naming it), two lines that
 * cannot be told apart at an end are "not resolved", and noiseless lines give the exact
 * analytic crossing whichever series is named first.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CrossingSample, estimateCrossing, fitLine, lineCrossing } from '../src/stats/crossing.ts';

const GRID = [0, 0.25, 0.5, 0.75, 1];

/** Trials of `intercept + slope·R` at each R, with seeded uniform noise of ±`noise`. */
function series(intercept: number, slope: number, noise: number, seed: number, trials = 6): CrossingSample[] {
  let s = seed >>> 0 || 1;
  const next = (): number => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
  return GRID.flatMap((r) => Array.from({ length: trials }, () => ({ r, time: intercept + slope * r + (next() * 2 - 1) * noise })));
}

describe('fitLine', () => {
  it('recovers an exact line', () => {
    const l = fitLine(series(3, -2, 0, 1));
    expect(l.intercept).toBeCloseTo(3, 12);
    expect(l.slope).toBeCloseTo(-2, 12);
  });

  it('refuses samples at a single R with one line', () => {
    expect(() =>
      fitLine([
        { r: 0.5, time: 1 },
        { r: 0.5, time: 2 },
      ]),
    ).toThrow('fitLine needs samples at two or more distinct values of R, got samples only at R = 0.5');
  });
});

describe('estimateCrossing', () => {
  it('finds a clear crossing with an interval around it', () => {
    // a: 100 + 40R (biased: cheap at R = 0, dearer per release), b: 110 + 20R: they meet at R = 0.5.
    const result = estimateCrossing(series(100, 40, 2, 7), series(110, 20, 2, 8));
    expect(result.kind).toBe('crossing');
    if (result.kind !== 'crossing') return;
    expect(result.at.value).toBeGreaterThan(0.45);
    expect(result.at.value).toBeLessThan(0.55);
    expect(result.at.low).toBeLessThan(result.at.value);
    expect(result.at.high).toBeGreaterThan(result.at.value);
    expect(result.at.low).toBeGreaterThan(0.35);
    expect(result.at.high).toBeLessThan(0.65);
    expect(result.fasterBelow).toBe('a');
  });

  it('says which side wins when the lines do not cross in the range', () => {
    const result = estimateCrossing(series(100, 10, 2, 3), series(130, 5, 2, 4));
    expect(result.kind).toBe('no-crossing');
    if (result.kind === 'no-crossing') expect(result.faster).toBe('a');
    const swapped = estimateCrossing(series(130, 5, 2, 4), series(100, 10, 2, 3));
    expect(swapped.kind === 'no-crossing' && swapped.faster).toBe('b');
  });

  it('is not resolved when the two cannot be told apart at an end', () => {
    // Different at R = 0, the same line at R = 1 within noise far larger than their gap there.
    const result = estimateCrossing(series(100, 10, 15, 5), series(130, -20, 15, 6));
    expect(result.kind).toBe('not-resolved');
    if (result.kind !== 'not-resolved') return;
    expect(result.reason).toMatch(/cannot be told apart at R = 1 /);
    expect(result.differenceAtHigh.low).toBeLessThan(0);
    expect(result.differenceAtHigh.high).toBeGreaterThan(0);
  });

  it('is not resolved for identical noisy series', () => {
    const result = estimateCrossing(series(100, 10, 5, 11), series(100, 10, 5, 12));
    expect(result.kind).toBe('not-resolved');
  });

  it('noiseless lines: the exact crossing, a collapsed interval, and the same answer with a and b swapped', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.05, max: 0.95, noNaN: true }),
        fc.double({ min: 50, max: 200, noNaN: true }),
        fc.double({ min: 1, max: 100, noNaN: true }),
        fc.double({ min: -100, max: 0.5, noNaN: true }),
        (cross, base, slopeA, slopeGap) => {
          // a and b meet at `cross`: a has the steeper slope by at least 0.5.
          const slopeB = slopeA - Math.abs(slopeGap) - 0.5;
          const a = { intercept: base, slope: slopeA };
          const b = { intercept: base + (slopeA - slopeB) * cross, slope: slopeB };
          expect(lineCrossing(a, b)).toBeCloseTo(cross, 9);
          const sa = series(a.intercept, a.slope, 0, 1, 2);
          const sb = series(b.intercept, b.slope, 0, 2, 2);
          const ab = estimateCrossing(sa, sb, { resamples: 50 });
          const ba = estimateCrossing(sb, sa, { resamples: 50 });
          expect(ab.kind).toBe('crossing');
          expect(ba.kind).toBe('crossing');
          if (ab.kind !== 'crossing' || ba.kind !== 'crossing') return;
          expect(ab.at.value).toBeCloseTo(cross, 6);
          expect(ab.at.low).toBeCloseTo(cross, 6);
          expect(ab.at.high).toBeCloseTo(cross, 6);
          expect(ba.at.value).toBeCloseTo(cross, 6);
          expect(ab.fasterBelow).toBe('a');
          expect(ba.fasterBelow).toBe('b');
        },
      ),
      { numRuns: 50 },
    );
  });

  it('is deterministic for a seed', () => {
    const a = series(100, 40, 3, 1);
    const b = series(110, 20, 3, 2);
    expect(estimateCrossing(a, b, { seed: 9 })).toEqual(estimateCrossing(a, b, { seed: 9 }));
  });

  it('refuses bad input with one line', () => {
    const a = series(100, 40, 3, 1);
    expect(() => estimateCrossing(a, [{ r: 0, time: 1 }], {})).toThrow(/distinct values of R/);
    expect(() => estimateCrossing(a, a, { confidence: 1 })).toThrow('estimateCrossing: confidence must be between 0 and 1, got 1');
    expect(() => estimateCrossing(a, [...a, { r: 0.5, time: Number.NaN }])).toThrow(/series b has a sample that is not finite/);
  });
});
