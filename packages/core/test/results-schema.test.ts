/**
 * `results.schema.json` is generated from `src/results/types.ts` (`pnpm schema`): this test
 * regenerates it and fails when the committed file differs, so the types and the schema every
 * read validates against cannot drift apart.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateResultsSchema, SCHEMA_PATH } from '../scripts/results-schema.ts';

describe('results.schema.json', () => {
  it('is what `pnpm schema` generates from the TypeScript types (run it after changing types.ts)', () => {
    expect(readFileSync(SCHEMA_PATH, 'utf8')).toBe(generateResultsSchema());
  }, 60_000);
});
