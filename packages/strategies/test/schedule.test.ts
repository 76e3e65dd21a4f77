import { boundedSchedules, normalizeSchedule, scheduleArbitrary } from '@rclab/strategies/conformance';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

describe('bounded-preemption schedules', () => {
  it('enumerates every schedule with ≤ 2 preemptions when they fit: 1 + S·(T−1) + C(S,2)·(T−1)²', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 12 }), fc.integer({ min: 1, max: 4 }), (steps, threads) => {
        const found = boundedSchedules(steps, threads);
        const o = threads - 1;
        const want = o === 0 || steps === 0 ? 1 : 1 + steps * o + ((steps * (steps - 1)) / 2) * o * o;
        expect(found.exhaustive).toBe(true);
        expect(found.schedules).toHaveLength(want);
        expect(new Set(found.schedules.map((s) => JSON.stringify(s))).size).toBe(want);
        for (const s of found.schedules) expect(normalizeSchedule(s)).toEqual(s);
      }),
    );
  });

  it('past the cap, samples exactly cap distinct schedules, the same ones for the same seed', () => {
    fc.assert(
      fc.property(fc.integer({ min: 30, max: 400 }), fc.integer({ min: 2, max: 4 }), fc.integer({ min: 5, max: 60 }), fc.integer(), (steps, threads, cap, seed) => {
        const a = boundedSchedules(steps, threads, { cap, seed });
        const b = boundedSchedules(steps, threads, { cap, seed });
        expect(a.exhaustive).toBe(false);
        expect(a.schedules.length).toBeLessThanOrEqual(cap);
        expect(a.schedules).toEqual(b.schedules);
        expect(new Set(a.schedules.map((s) => JSON.stringify(s))).size).toBe(a.schedules.length);
        for (const s of a.schedules) {
          for (const p of s.preemptions) {
            expect(p.at).toBeGreaterThanOrEqual(1);
            expect(p.at).toBeLessThanOrEqual(steps);
          }
        }
      }),
    );
  });

  it('generated schedules normalize to sorted preemptions, one per step', () => {
    fc.assert(
      fc.property(scheduleArbitrary(), (s) => {
        const n = normalizeSchedule(s);
        for (let k = 1; k < n.preemptions.length; k++) expect((n.preemptions[k]?.at ?? 0) > (n.preemptions[k - 1]?.at ?? 0)).toBe(true);
      }),
    );
  });
});
