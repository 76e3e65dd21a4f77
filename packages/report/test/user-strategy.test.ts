/**
 * A user's strategy is drawn like a built-in one: the report reads its description, family and
 * counter units from the results file's catalog, never from a list of its own.
 */
import { describe, expect, it } from 'vitest';
import { timeGoesRows } from '../src/charts/timeGoes.ts';
import { strategyScale } from '../src/charts/theme.ts';
import { buildModel } from '../src/model.ts';
import { renderReport } from '../src/report.ts';
import { loadFixture } from './__helpers__/fixtures.ts';
import { USER_STRATEGY } from './fixtures/generate.ts';

describe('a user strategy (mystrat, family biased, counter `spills` in pages)', () => {
  const results = loadFixture('user-strategy');
  const model = buildModel([results]);

  it('is in the display order where the catalog puts it', () => {
    expect(model.strategies).toContain('mystrat');
    expect(model.catalog.strategies.get('mystrat')?.family).toBe('biased');
  });

  it('shows its counter with the unit it declared', () => {
    const { rows } = timeGoesRows(model);
    const mine = rows.filter((r) => r.strategy === 'mystrat');
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((r) => r.counter === 'spills (pages) /op')).toBe(true);
  });

  it('takes a colour of its family: a second green beside biased', () => {
    const { domain, range } = strategyScale(model);
    const colour = (s: string): string | undefined => range[domain.indexOf(s)];
    expect(colour('mystrat')).not.toBe(colour('biased'));
    expect(colour('mystrat')).toBe('#8cc99c');
  });

  it('renders in the report with its own description and counter unit', async () => {
    const page = await renderReport([results]);
    expect(page).toContain(USER_STRATEGY.description);
    expect(page).toContain('spills (pages) /op');
    expect(page).not.toContain('Not described in the results file');
  });
});
