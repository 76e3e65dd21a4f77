/**
 * `rclab bench` — the command line of a suite run: parses the options (quick by default,
 * `--full` for the long one, `--resume DIR` to continue one) into suite options and hands over
 * to a `SuiteRun` (suite/session.ts), which journals every block as it finishes, writes
 * results.json and report.html into the output directory, and prints the summary.
 */
import { resolve } from 'node:path';
import { UsageError } from '@rclab/core';
import { type OptionSpec, type ParsedArgs, parseChoice, parseDuration, parseInteger, parseList, parseNumber, parsePairs, parseThreads } from '../args.ts';
import { availableCores } from '../env.ts';
import { FORMAT_OPTION, outputFormat } from '../format/option.ts';
import { type Catalogs, loadCatalogs } from '../suite/catalogs.ts';
import { FTSCALING_WORKLOADS, preset } from '../suite/presets.ts';
import { SuiteRun } from '../suite/session.ts';
import { GROUPS, type GroupName } from '../experiments/index.ts';
import type { SuiteOptions } from '../suite/types.ts';
import type { Command } from './types.ts';

/** Default output directory (relative to the working directory). */
export const DEFAULT_OUT_DIR = 'rclab-results';

const options: OptionSpec[] = [
  { name: 'full', kind: 'flag', help: 'run the full suite (tens of minutes) instead of the quick one (about 3 min on 2 cores)' },
  { name: 'strategies', kind: 'value', value: 'LIST', help: 'strategies to run: built-in names or paths to modules, comma-separated (default: all built-ins)' },
  { name: 'workloads', kind: 'value', value: 'LIST', help: 'workloads to run: built-in names or paths, comma-separated (default: all built-ins)' },
  { name: 'threads', kind: 'value', value: 'LIST', help: 'thread counts of the scaling group, e.g. 1,2,4 (default: 1, 2, 4, … up to twice the cores)' },
  {
    name: 'rounds',
    kind: 'value',
    value: 'N',
    help: 'rounds of the interleaved schedule, one slice of every compared cell each, 1..10000 (default 80 quick, 300 full; 6+ gives 95% intervals)',
  },
  { name: 'slice', kind: 'value', value: 'MS', help: 'length of one slice in the overhead group: 5, 5ms or 0.01s (default 5 ms quick, 10 ms full; other groups use longer ones)' },
  {
    name: 'warmup',
    kind: 'value',
    value: 'MS',
    help: 'least warm-up of each cell before it is measured; it goes on until the throughput is steady (default 30 ms quick, 100 ms full)',
  },
  { name: 'switch-interval', kind: 'value', value: 'MS', help: 'the GIL switch interval in ms outside the sweep (default 5, as CPython)' },
  { name: 'checkpoints', kind: 'value', value: 'every|backedges', help: 'interpreter checkpoints at every instruction or at backward jumps and calls (default backedges)' },
  { name: 'param', kind: 'value', value: 'KEY=VALUE', repeatable: true, help: 'a workload parameter for every run, e.g. --param objects=16 (repeatable; rclab list shows them)' },
  { name: 'groups', kind: 'value', value: 'LIST', help: `parts of the suite to run (default all): ${GROUPS.join(', ')}` },
  { name: 'python', kind: 'value', value: 'PATH', repeatable: true, help: 'an interpreter for the cpython group: a name on PATH or a path (repeatable; default python3)' },
  { name: 'out', kind: 'value', value: 'DIR', help: `output directory for results.json, report.html and the journal (default ./${DEFAULT_OUT_DIR})` },
  { name: 'resume', kind: 'value', value: 'DIR', help: 'continue the interrupted run recorded in DIR (takes no suite options)' },
  { name: 'seed', kind: 'value', value: 'N', help: "seed of the workloads' randomness (default 1; trial r uses seed + r)" },
  { name: 'heap-mb', kind: 'value', value: 'MB', help: 'shared heap size per run in MiB, 1..4096 (default 64)' },
  { name: 'json', kind: 'flag', help: 'print results.json to stdout instead of the summary (progress stays on stderr)' },
  FORMAT_OPTION,
  { name: 'quiet', kind: 'flag', help: 'no progress output' },
  { name: 'help', kind: 'flag', help: 'show this help' },
];

/** Options that define a suite (not allowed with --resume). */
const SUITE_OPTIONS = [
  'full',
  'strategies',
  'workloads',
  'threads',
  'rounds',
  'slice',
  'warmup',
  'param',
  'switch-interval',
  'checkpoints',
  'groups',
  'python',
  'seed',
  'heap-mb',
  'out',
];
/** Options that make a suite `custom`. */
const CUSTOM_OPTIONS = ['strategies', 'workloads', 'threads', 'rounds', 'slice', 'warmup', 'param', 'switch-interval', 'checkpoints', 'groups', 'python'];

/** Suite options from the command line (without strategies/workloads defaults resolved). */
export function suiteOptionsFrom(args: ParsedArgs, catalogs: Catalogs, cores: number): SuiteOptions {
  const v = args.values;
  const base = preset(args.flags.has('full') ? 'full' : 'quick', cores);
  const custom = args.given.some((g) => CUSTOM_OPTIONS.includes(g));
  const get = <T>(name: string, parse: (raw: string) => T, fallback: T): T => {
    const raw = v.get(name);
    return raw === undefined ? fallback : parse(raw);
  };
  const strategies = get('strategies', (r) => parseList(r, 'strategies', 'strategy names or paths'), Object.keys(catalogs.strategies));
  const defaultWorkloads = catalogs.builtinWorkloads.filter((w) => base.suite === 'full' || !FTSCALING_WORKLOADS.has(w));
  const workloads = get('workloads', (r) => parseList(r, 'workloads', 'workload names or paths'), defaultWorkloads);
  const rounds = get('rounds', (r) => parseInteger(r, 'rounds', 1, 10_000), base.rounds);
  const sliceMs = get('slice', (r) => parseDuration(r, 'slice', 0.5, 10_000), base.sliceMs);
  const warmupMinMs = get('warmup', (r) => parseDuration(r, 'warmup', 0, 60_000), base.warmupMinMs);
  const groups = get('groups', (r) => parseList(r, 'groups', 'group names').map((g) => parseChoice(g, 'groups', GROUPS)), [...base.groups] as GroupName[]);
  const pythons = args.repeated.get('python') ?? [];
  if (pythons.some((p) => p.trim() === '')) throw new UsageError('--python needs a Python: a name on PATH or a path (e.g. --python python3.13t), got an empty value');
  if (pythons.length > 0 && !groups.includes('cpython')) {
    throw new UsageError(`--python picks the interpreters of the cpython group, which --groups leaves out: add cpython to --groups (got ${groups.join(',')})`);
  }
  return {
    ...base,
    suite: custom ? 'custom' : base.suite,
    strategies,
    workloads,
    threads: get('threads', (r) => parseThreads(r), base.threads),
    rounds,
    sliceMs,
    warmupMinMs,
    warmupMaxMs: Math.max(base.warmupMaxMs, warmupMinMs),
    switchIntervalMs: get('switch-interval', (r) => parseNumber(r, 'switch-interval', 0, 10_000, true), base.switchIntervalMs),
    checkpoints: get('checkpoints', (r) => parseChoice(r, 'checkpoints', ['every', 'backedges'] as const), base.checkpoints),
    groups: GROUPS.filter((g) => groups.includes(g)),
    seed: get('seed', (r) => parseInteger(r, 'seed', 0, 2 ** 31 - 1), base.seed),
    heapMB: get('heap-mb', (r) => parseInteger(r, 'heap-mb', 1, 4096), base.heapMB),
    ...(args.repeated.has('param') ? { params: parsePairs(args.repeated.get('param') ?? [], 'param') } : {}),
    ...(pythons.length > 0 ? { pythons } : {}),
    // Explicit workloads: all of them scale. Explicit rounds: the special groups take no more.
    scalingWorkloads: v.has('workloads') ? [] : base.scalingWorkloads,
    convoyRounds: v.has('rounds') ? Math.min(rounds, base.convoyRounds) : base.convoyRounds,
    atomicityRounds: v.has('rounds') ? Math.min(rounds, base.atomicityRounds) : base.atomicityRounds,
  };
}

export const benchCommand: Command = {
  name: 'bench',
  summary: 'run the benchmark suite (quick by default) and write results.json and the report',
  usage: 'rclab bench [--full] [options]   |   rclab bench --resume DIR',
  options,
  async run(args, io, argv) {
    if (args.positionals.length > 0) {
      throw new UsageError(`rclab bench takes no arguments besides options (got '${args.positionals[0]}'); use --strategies, --workloads, …`);
    }
    // Checked before anything runs, so a bad --format never costs a suite.
    const format = outputFormat(args, 'bench');
    const resumeDir = args.values.get('resume');
    if (resumeDir !== undefined) {
      const extra = args.given.filter((g) => SUITE_OPTIONS.includes(g));
      if (extra.length > 0) {
        throw new UsageError(`--resume DIR continues the run recorded in DIR with its own options; drop --${extra[0]} (allowed with --resume: --json, --quiet)`);
      }
    }
    const catalogs = await loadCatalogs();
    const cores = availableCores();
    const session =
      resumeDir !== undefined
        ? await SuiteRun.resume(resolve(io.cwd, resumeDir), catalogs, io, argv)
        : await SuiteRun.begin(
            {
              options: suiteOptionsFrom(args, catalogs, cores),
              strategiesGiven: args.values.has('strategies'),
              workloadsGiven: args.values.has('workloads'),
              dir: resolve(io.cwd, args.values.get('out') ?? DEFAULT_OUT_DIR),
              cores,
            },
            catalogs,
            io,
            argv,
          );
    return session.run({ quiet: args.flags.has('quiet'), json: args.flags.has('json'), format, dirAsGiven: resumeDir ?? args.values.get('out') ?? DEFAULT_OUT_DIR });
  },
};
