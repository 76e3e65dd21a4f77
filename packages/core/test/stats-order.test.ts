import { mulberry32 } from '@rclab/core/internal';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  binomialHalfCdf,
  median,
  medianCoverage,
  medianInterval,
  medianIntervalRank,
  orderIntervalCoverage,
  pairedRatios,
  quantile,
  ratioOfIntervals,
  separated,
} from '../src/stats/order.ts';

const finite = fc.double({ min: -1e9, max: 1e9, noNaN: true, noDefaultInfinity: true });
const samples = fc.array(finite, { minLength: 1, maxLength: 40 });

describe('median and quantile', () => {
  it('median lies within the samples and ignores their order', () => {
    fc.assert(
      fc.property(samples, (xs) => {
        const m = median(xs);
        expect(m).toBeGreaterThanOrEqual(Math.min(...xs));
        expect(m).toBeLessThanOrEqual(Math.max(...xs));
        expect(median([...xs].reverse())).toBe(m);
      }),
    );
  });

  it('has the textbook values', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(Number.isNaN(median([]))).toBe(true);
    expect(quantile([1, 2, 3, 4, 5], 0.5)).toBe(3);
    expect(quantile([1, 2, 3, 4], 0.25)).toBeCloseTo(1.75);
    expect(quantile([10], 0.99)).toBe(10);
  });

  it('quantile is monotone in q', () => {
    fc.assert(
      fc.property(samples, fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (xs, p, q) => {
        const [lo, hi] = p <= q ? [p, q] : [q, p];
        expect(quantile(xs, lo)).toBeLessThanOrEqual(quantile(xs, hi) + 1e-9 * Math.max(1, Math.abs(quantile(xs, hi))));
      }),
    );
  });
});

describe('binomial tail', () => {
  it('is a distribution: symmetric, 0 below, 1 at n', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200 }), fc.integer({ min: 0, max: 200 }), (n, k0) => {
        const k = k0 % (n + 1);
        expect(binomialHalfCdf(n, -1)).toBe(0);
        expect(binomialHalfCdf(n, n)).toBe(1);
        // P(B <= k) + P(B <= n-k-1) = 1 by symmetry of Binomial(n, 1/2).
        expect(binomialHalfCdf(n, k) + binomialHalfCdf(n, n - k - 1)).toBeCloseTo(1, 9);
      }),
    );
  });
});

describe('order-statistic interval of the median', () => {
  it('has the exact coverage of the range for small n, and reaches 95% from 6 trials', () => {
    expect(medianCoverage(5)).toBeCloseTo(1 - 2 / 32, 12); // 0.9375: the range of 5
    expect(medianCoverage(6)).toBeCloseTo(1 - 2 / 64, 12); // 0.96875: the range of 6
    expect(medianCoverage(1)).toBe(0);
    for (let n = 6; n <= 200; n++) expect(medianCoverage(n)).toBeGreaterThanOrEqual(0.95);
    for (let n = 1; n <= 5; n++) expect(medianCoverage(n)).toBeLessThan(0.95);
  });

  it('takes the narrowest interval that reaches 95%', () => {
    for (let n = 6; n <= 200; n++) {
      const k = medianIntervalRank(n);
      expect(orderIntervalCoverage(n, k)).toBeGreaterThanOrEqual(0.95);
      if (2 * (k + 1) <= n + 1) expect(orderIntervalCoverage(n, k + 1)).toBeLessThan(0.95);
    }
    expect(medianIntervalRank(10)).toBe(2); // [x(2), x(9)], 97.9%
    expect(medianIntervalRank(20)).toBe(6); // [x(6), x(15)], 95.9%
  });

  it('brackets the median with two of the samples', () => {
    fc.assert(
      fc.property(samples, (xs) => {
        const m = medianInterval(xs);
        expect(m.n).toBe(xs.length);
        expect(m.low).toBeLessThanOrEqual(m.median);
        expect(m.median).toBeLessThanOrEqual(m.high);
        expect(xs).toContain(m.low);
        expect(xs).toContain(m.high);
      }),
    );
  });

  it('drops non-finite values and is empty without values', () => {
    expect(medianInterval([1, Number.NaN, 3, Number.POSITIVE_INFINITY, 2]).n).toBe(3);
    const e = medianInterval([]);
    expect(e.n).toBe(0);
    expect(Number.isNaN(e.median)).toBe(true);
  });

  it('covers the true median as often as it claims (simulation, skewed data)', () => {
    // Exponential(1) trials: skewed like benchmark trials; the true median is ln 2.
    const random = mulberry32(12345);
    for (const n of [6, 10]) {
      const reps = 4000;
      let hits = 0;
      for (let r = 0; r < reps; r++) {
        const xs = Array.from({ length: n }, () => -Math.log(1 - random()));
        const m = medianInterval(xs);
        if (m.low <= Math.LN2 && Math.LN2 <= m.high) hits++;
      }
      const observed = hits / reps;
      const claimed = medianCoverage(n);
      // Binomial standard error at 4000 replications is under 0.003; allow 4 of them.
      expect(Math.abs(observed - claimed)).toBeLessThan(0.012);
    }
  });
});

describe('ratios', () => {
  it('paired ratios do not change when both sides are scaled alike', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.double({ min: 1, max: 1e9, noNaN: true }), fc.double({ min: 1, max: 1e9, noNaN: true })), { minLength: 1, maxLength: 20 }),
        fc.double({ min: 0.001, max: 1000, noNaN: true }),
        (pairs, c) => {
          const a = pairs.map((p) => p[0]);
          const b = pairs.map((p) => p[1]);
          const r1 = pairedRatios(a, b);
          const r2 = pairedRatios(
            a.map((x) => x * c),
            b.map((x) => x * c),
          );
          r1.forEach((x, i) => expect(r2[i]).toBeCloseTo(x, 6));
        },
      ),
    );
  });

  it('drops pairs with a zero or non-finite side', () => {
    expect(pairedRatios([1, 2, 3, 4], [2, 0, Number.NaN, 8])).toEqual([0.5, 0.5]);
  });

  it('the ratio of two intervals contains the ratio of their medians', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 1, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 12 }),
        fc.array(fc.double({ min: 1, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 12 }),
        (xs, ys) => {
          const a = medianInterval(xs);
          const b = medianInterval(ys);
          const r = ratioOfIntervals(a, b);
          expect(r.low).toBeLessThanOrEqual(r.median * (1 + 1e-12));
          expect(r.median).toBeLessThanOrEqual(r.high * (1 + 1e-12));
        },
      ),
    );
  });

  it('calls intervals separated only when they do not overlap', () => {
    expect(separated({ low: 1, high: 2 }, { low: 2.1, high: 3 })).toBe(true);
    expect(separated({ low: 1, high: 2 }, { low: 1.9, high: 3 })).toBe(false);
    expect(separated({ low: 5, high: 6 }, { low: 1, high: 4 })).toBe(true);
  });
});
