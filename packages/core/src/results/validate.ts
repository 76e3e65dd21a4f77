import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { UsageError } from '../errors.ts';
import schema from './results.schema.json' with { type: 'json' };
import { RESULTS_SCHEMA, type ResultsFile } from './types.ts';

/** The JSON Schema of `results.json`, as an object. */
export const resultsSchema: Readonly<Record<string, unknown>> = schema;

const ajv = new Ajv({ allErrors: true, strict: false });
const check = ajv.compile(schema);

const checkCell = ajv.compile({ definitions: (schema as { definitions: unknown }).definitions, $ref: '#/definitions/Cell' });

/**
 * What the schema cannot say about a schema-valid cell: a fixed-work cell has one unit time per
 * slice, so `samples.timeMs` is as long as `samples.opsPerSec`.
 */
function cellSemantics(cell: unknown, at: string): string[] {
  const samples = (cell as { samples?: { opsPerSec?: unknown[]; timeMs?: unknown[] } } | null)?.samples;
  if (samples?.timeMs === undefined || samples.opsPerSec === undefined || samples.timeMs.length === samples.opsPerSec.length) return [];
  return [`${at}/samples/timeMs must have one entry per slice (${samples.opsPerSec.length}, as samples/opsPerSec), got ${samples.timeMs.length}`];
}

/** Problems with `value` as one cell of a results file (empty when it is valid): the journal checks its cell records with it. */
export function cellProblems(value: unknown): string[] {
  if (checkCell(value)) return cellSemantics(value, '');
  return (checkCell.errors ?? []).slice(0, 3).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`);
}

/** Problems with `value` as a results file (empty when it is valid). */
export function resultsProblems(value: unknown): string[] {
  if (!check(value)) return (check.errors ?? []).slice(0, 5).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`);
  const cells = (value as { cells: unknown[] }).cells;
  return [...cells.flatMap((c, i) => cellSemantics(c, `/cells/${i}`)).slice(0, 5), ...systemProblems(value as ResultsFile)];
}

/**
 * What the schema cannot say about `systems`: each name is unique, and none is also a strategy
 * of the run (a system's cells carry its name as their `strategy`, so the two must not mix).
 */
function systemProblems(file: ResultsFile): string[] {
  const names = (file.systems ?? []).map((s) => s.name);
  const problems: string[] = [];
  names.forEach((n, k) => {
    if (names.indexOf(n) !== k) problems.push(`/systems/${k}/name '${n}' is given to two systems`);
    else if (file.config.strategies.includes(n)) problems.push(`/systems/${k}/name '${n}' is also a strategy of the run`);
  });
  return problems;
}

/** Validates `value` as a results file or throws a `UsageError` naming `where` and the first problems. */
export function assertResultsFile(value: unknown, where: string): asserts value is ResultsFile {
  if (value === null || typeof value !== 'object' || (value as { schema?: unknown }).schema !== RESULTS_SCHEMA) {
    const found = (value as { schema?: unknown } | null)?.schema;
    if (typeof found === 'string' && found.startsWith('rclab/results@')) {
      throw new UsageError(
        // eslint-disable-next-line no-control-regex -- the schema string is echoed without control characters
        `${where} was written with results schema ${JSON.stringify(found).replace(/[\u0000-\u001f\u007f]/g, '')}; this rclab reads ${RESULTS_SCHEMA} only: run \`rclab bench\` again to measure it anew`,
      );
    }
    throw new UsageError(`${where} is not an rclab results file: expected "schema": "${RESULTS_SCHEMA}"` + (found !== undefined ? `, found ${JSON.stringify(found)}` : ''));
  }
  const problems = resultsProblems(value);
  if (problems.length > 0) throw new UsageError(`${where} does not match ${RESULTS_SCHEMA}: ${problems.join('; ')}`);
}

/** Reads and validates a results file; every failure is one `UsageError` line. */
export function readResultsFile(path: string): ResultsFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new UsageError(code === 'ENOENT' ? `results file not found: ${path}` : `cannot read ${path}: ${(error as Error).message}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new UsageError(`${path} is not JSON, so not an rclab results file`);
  }
  assertResultsFile(value, path);
  return value;
}
