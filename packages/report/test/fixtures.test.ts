import { readFileSync } from 'node:fs';
import { assertResultsFile, resultsProblems } from '@rclab/core';
import { describe, expect, it } from 'vitest';
import { FIXTURE_NAMES, fixturePath } from './__helpers__/fixtures.ts';
import { fixtureText } from './fixtures/generate.ts';

describe('fixture results files', () => {
  for (const name of FIXTURE_NAMES) {
    it(`${name}.json validates against the current results schema`, () => {
      const value: unknown = JSON.parse(readFileSync(fixturePath(name), 'utf8'));
      expect(resultsProblems(value)).toEqual([]);
      expect(() => assertResultsFile(value, name)).not.toThrow();
    });

    it(`${name}.json is what generate.ts produces (regenerate with: pnpm fixtures)`, () => {
      expect(readFileSync(fixturePath(name), 'utf8')).toBe(fixtureText(name));
    });
  }

  it('the full fixture covers every group the report draws', () => {
    const full = JSON.parse(readFileSync(fixturePath('full'), 'utf8')) as { cells: { group: string }[]; timelines: unknown[] };
    const groups = new Set(full.cells.map((c) => c.group));
    for (const g of ['harness', 'overhead', 'scaling', 'brc-sweep', 'switch-interval', 'convoy', 'atomicity']) expect(groups).toContain(g);
    expect(full.timelines.length).toBeGreaterThan(0);
  });
});
