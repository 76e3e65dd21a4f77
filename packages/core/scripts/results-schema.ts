/**
 * Generates `src/results/results.schema.json` from the TypeScript types in
 * `src/results/types.ts` (the whole file; it re-exports its parts from `src/results/types/`, and
 * the generator follows them), so the file's contract is declared once. `pnpm schema` writes it;
 * `test/results-schema.test.ts` regenerates it and fails when the committed file differs.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createGenerator } from 'ts-json-schema-generator';

const TYPES = fileURLToPath(new URL('../src/results/types.ts', import.meta.url));
const TSCONFIG = fileURLToPath(new URL('../tsconfig.json', import.meta.url));
/** The committed schema. */
export const SCHEMA_PATH = fileURLToPath(new URL('../src/results/results.schema.json', import.meta.url));

/** The schema's text as `pnpm schema` writes it (2-space JSON, one trailing newline). */
export function generateResultsSchema(): string {
  const generated = createGenerator({
    path: TYPES,
    tsconfig: TSCONFIG,
    type: 'ResultsFile',
    expose: 'export',
    topRef: true,
    jsDoc: 'extended',
    // Readers accept fields they do not know: adding an optional field is not a version bump.
    additionalProperties: true,
    // tsc checks the types (`pnpm typecheck`); checking again here only costs time.
    skipTypeCheck: true,
    sortProps: true,
  }).createSchema('ResultsFile');
  const schema = {
    $schema: generated.$schema,
    $id: 'https://github.com/rclab/rclab/results.schema.json',
    title: 'rclab results file',
    description: 'Generated from packages/core/src/results/types.ts by `pnpm schema`: edit the types, not this file.',
    $ref: generated.$ref,
    definitions: generated.definitions,
  };
  return `${JSON.stringify(schema, null, 2)}\n`;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const text = generateResultsSchema();
  const before = (() => {
    try {
      return readFileSync(SCHEMA_PATH, 'utf8');
    } catch {
      return '';
    }
  })();
  if (before === text) {
    console.log('results.schema.json is up to date');
  } else {
    const tmp = `${SCHEMA_PATH}.${process.pid}.tmp`;
    writeFileSync(tmp, text);
    renameSync(tmp, SCHEMA_PATH);
    console.log('wrote packages/core/src/results/results.schema.json');
  }
}
