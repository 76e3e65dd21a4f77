/**
 * The shape of every journal record, in one table: `--resume` checks each line against it when
 * it opens the journal, before anything is re-measured, so a damaged or foreign record is one
 * line naming its line number and what is wrong — not a failure after the remaining cells ran.
 *
 * To change a record's shape, change its entry in {@link RECORD_SHAPES} and the `JournalRecord`
 * type in `journal.ts`; nothing else reads shapes. A `cell` record is checked against the
 * results schema's own cell definition, so the two can never disagree.
 */
import { cellProblems } from '@rclab/core';
import { GROUPS } from '../experiments/index.ts';
import { count, int, listOf, nonNegative, num, object, oneOf, recordOf, scalar, type Shape, str } from './shapes.ts';

const numbers = recordOf(num);

/** `SuiteOptions` (suite/types.ts). */
const suiteOptions = object(
  {
    suite: oneOf(['quick', 'full', 'custom']),
    strategies: listOf(str),
    workloads: listOf(str),
    threads: listOf(count),
    rounds: count,
    sliceMs: nonNegative,
    warmupMinMs: nonNegative,
    warmupMaxMs: nonNegative,
    countMs: nonNegative,
    switchIntervalMs: nonNegative,
    checkpoints: oneOf(['every', 'backedges']),
    heapMB: count,
    seed: int,
    groups: listOf(oneOf(GROUPS)),
    scalingWorkloads: listOf(str),
    remoteFractions: listOf(num),
    switchIntervals: listOf(num),
    convoySliceMs: nonNegative,
    convoyRounds: count,
    atomicityRounds: count,
    stallTimeoutMs: nonNegative,
  },
  {
    params: recordOf(str),
    brcPaper: object({ objects: count, ks: listOf(int), remoteFractions: listOf(num), dummy: nonNegative, rounds: count }),
    pythons: listOf(str),
  },
);

/** `ResultsEnv` (core's results types). */
const env = object({
  node: str,
  v8: str,
  cpuModel: str,
  cores: count,
  platform: str,
  arch: str,
  osRelease: str,
  totalMemoryMB: nonNegative,
  date: str,
  rclabVersion: str,
  commandLine: listOf(str),
  seed: int,
});

/** A module's source hashes (`sources.ts`). */
const moduleSource = object({ kind: oneOf(['strategy', 'workload']), ref: str, sha256: str, files: recordOf(str) });

const timeline = object({
  strategy: str,
  workload: str,
  threads: count,
  params: recordOf(scalar),
  events: listOf(object({ t: num, thread: int, kind: str })),
});

/** A cell of the results schema (core's `results.schema.json`, the one definition of it). */
const cell: Shape = (value, path) => {
  const problems = cellProblems(value);
  return problems.length === 0 ? undefined : `${path} does not match the results schema: ${problems.join('; ')}`;
};

const date = str;

/** Every record type and its shape (the `type` field itself is checked by the reader). */
export const RECORD_SHAPES = {
  start: object({ version: int, options: suiteOptions, env, sources: listOf(moduleSource) }),
  resume: object({ date, env }),
  calibration: object({ block: str, kernelNs: listOf(num) }),
  timeline: object({ cell: str, timeline }),
  harness: object({ figures: numbers }),
  cell: object({ cell }),
  end: object({ date }),
} as const satisfies Readonly<Record<string, Shape>>;

export type RecordType = keyof typeof RECORD_SHAPES;

/** What is wrong with `value` as a journal record, or `undefined` when it fits its type's shape. */
export function recordProblem(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return 'it is not a JSON object';
  const type = (value as { type?: unknown }).type;
  if (typeof type !== 'string' || !Object.hasOwn(RECORD_SHAPES, type)) {
    return `unknown record type ${JSON.stringify(type)} (known: ${Object.keys(RECORD_SHAPES).join(', ')})`;
  }
  const problem = RECORD_SHAPES[type as RecordType](value, '');
  return problem === undefined ? undefined : `'${type}' record: ${problem}`;
}
