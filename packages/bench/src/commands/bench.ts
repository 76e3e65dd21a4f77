/**
 * `rclab bench` — runs a suite (quick by default, `--full` for the long one), journals every
 * cell as its block finishes, writes results.json and report.html into the output directory,
 * and prints a summary.
 */
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { assertResultsFile, type ResultsEnv, type ResultsFile, UsageError } from '@rclab/core';
import { type OptionSpec, type ParsedArgs, parseChoice, parseDuration, parseInteger, parseList, parseNumber, parsePairs, parseThreads } from '../args.ts';
import { availableCores, collectEnv } from '../env.ts';
import { writeJsonAtomic } from '../journal/files.ts';
import { Journal, readJournal, unplannedCellProblem } from '../journal/journal.ts';
import { moduleSources, sourcesProblem } from '../journal/sources.ts';
import { moveRunAside } from '../preflight/outdir.ts';
import { assertSuiteParams, loadWorkloads } from '../preflight/params.ts';
import { classifyProblems, problemLines } from '../suite/problems.ts';
import { createProgress, Eta, formatDuration } from '../progress.ts';
import { type Catalogs, describeStrategy, describeWorkload, loadCatalogs, type ModuleInfo } from '../suite/catalogs.ts';
import { estimatePlanMs, makePlan, planCells, planSlices } from '../suite/plan.ts';
import { FTSCALING_WORKLOADS, preset } from '../suite/presets.ts';
import { buildResults } from '../suite/results.ts';
import { Interrupted, outcome as outcomeOf, runnerState, runPlan, type SuiteOutcome } from '../suite/runner.ts';
import { GROUPS, type GroupName, type Plan, type SuiteOptions } from '../suite/types.ts';
import { summarize } from '../summary.ts';
import { benchSummaryParts } from '../format/bench-summary.ts';
import { FORMAT_OPTION, outputFormat } from '../format/option.ts';
import { formatSummary } from '../format/summary.ts';
import { harnessWorkloads } from '../harness/catalog.ts';
import { loadReportModule } from './report-module.ts';
import type { Command } from './types.ts';

/** Default output directory (relative to the working directory). */
export const DEFAULT_OUT_DIR = 'rclab-results';

const options: OptionSpec[] = [
  { name: 'full', kind: 'flag', help: 'run the full suite (tens of minutes) instead of the quick one (about 3 min on 2 cores)' },
  { name: 'strategies', kind: 'value', value: 'LIST', help: 'strategies to run: built-in names or paths to modules, comma-separated (default: all built-ins)' },
  { name: 'workloads', kind: 'value', value: 'LIST', help: 'workloads to run: built-in names or paths, comma-separated (default: all built-ins)' },
  { name: 'threads', kind: 'value', value: 'LIST', help: 'thread counts of the scaling group, e.g. 1,2,4 (default: 1, 2, 4, … up to twice the cores)' },
  { name: 'rounds', kind: 'value', value: 'N', help: 'rounds of the interleaved schedule, one slice of every compared cell each, 1..10000 (default 80 quick, 300 full; 6+ gives 95% intervals)' },
  { name: 'slice', kind: 'value', value: 'MS', help: 'length of one slice in the overhead group: 5, 5ms or 0.01s (default 5 ms quick, 10 ms full; other groups use longer ones)' },
  { name: 'warmup', kind: 'value', value: 'MS', help: 'least warm-up of each cell before it is measured; it goes on until the throughput is steady (default 30 ms quick, 100 ms full)' },
  { name: 'switch-interval', kind: 'value', value: 'MS', help: 'the GIL switch interval in ms outside the sweep (default 5, as CPython)' },
  { name: 'checkpoints', kind: 'value', value: 'every|backedges', help: 'interpreter checkpoints at every instruction or at backward jumps and calls (default backedges)' },
  { name: 'param', kind: 'value', value: 'KEY=VALUE', repeatable: true, help: 'a workload parameter for every run, e.g. --param objects=16 (repeatable; rclab list shows them)' },
  { name: 'groups', kind: 'value', value: 'LIST', help: `parts of the suite to run (default all): ${GROUPS.join(', ')}` },
  { name: 'out', kind: 'value', value: 'DIR', help: `output directory for results.json, report.html and the journal (default ./${DEFAULT_OUT_DIR})` },
  { name: 'resume', kind: 'value', value: 'DIR', help: 'continue the interrupted run recorded in DIR (takes no suite options)' },
  { name: 'seed', kind: 'value', value: 'N', help: 'seed of the workloads\' randomness (default 1; trial r uses seed + r)' },
  { name: 'heap-mb', kind: 'value', value: 'MB', help: 'shared heap size per run in MiB, 1..4096 (default 64)' },
  { name: 'json', kind: 'flag', help: 'print results.json to stdout instead of the summary (progress stays on stderr)' },
  FORMAT_OPTION,
  { name: 'quiet', kind: 'flag', help: 'no progress output' },
  { name: 'help', kind: 'flag', help: 'show this help' },
];

/** Options that define a suite (not allowed with --resume). */
const SUITE_OPTIONS = ['full', 'strategies', 'workloads', 'threads', 'rounds', 'slice', 'warmup', 'param', 'switch-interval', 'checkpoints', 'groups', 'seed', 'heap-mb', 'out'];
/** Options that make a suite `custom`. */
const CUSTOM_OPTIONS = ['strategies', 'workloads', 'threads', 'rounds', 'slice', 'warmup', 'param', 'switch-interval', 'checkpoints', 'groups'];

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
    // Explicit workloads: all of them scale. Explicit rounds: the special groups take no more.
    scalingWorkloads: v.has('workloads') ? [] : base.scalingWorkloads,
    convoyRounds: v.has('rounds') ? Math.min(rounds, base.convoyRounds) : base.convoyRounds,
    atomicityRounds: v.has('rounds') ? Math.min(rounds, base.atomicityRounds) : base.atomicityRounds,
  };
}

/** Loads the selected strategies and workloads and makes the plan. */
export async function planFor(options: SuiteOptions, catalogs: Catalogs, cores: number): Promise<Plan> {
  const strategies: ModuleInfo[] = [];
  for (const ref of options.strategies) strategies.push(await describeStrategy(ref, catalogs.strategies));
  const workloads: ModuleInfo[] = [];
  for (const ref of options.workloads) workloads.push(await describeWorkload(ref, catalogs.workloads));
  const named: Record<string, ModuleInfo | undefined> = {};
  for (const name of ['handoff', 'cpu-bound', 'atomicity', 'convoy', 'empty', 'bare', 'rc-private']) {
    if (catalogs.workloads[name] !== undefined) named[name] = await describeWorkload(name, catalogs.workloads);
  }
  const unsafe = catalogs.strategies.unsafe !== undefined ? await describeStrategy('unsafe', catalogs.strategies) : undefined;
  const atomic = catalogs.strategies.atomic !== undefined ? await describeStrategy('atomic', catalogs.strategies) : undefined;
  return makePlan(options, {
    strategies,
    workloads,
    ...(unsafe !== undefined ? { unsafe } : {}),
    ...(atomic !== undefined ? { atomic } : {}),
    named,
    harnessConvoy: catalogs.workloads.convoy === harnessWorkloads.convoy,
    cores,
  });
}

/** The refs among `refs` whose modules load; each one that does not is named in a note. */
async function loadable(refs: readonly string[], describe: (ref: string) => Promise<unknown>, kind: string, say: (s: string) => void): Promise<string[]> {
  const out: string[] = [];
  for (const ref of refs) {
    try {
      await describe(ref);
      out.push(ref);
    } catch (error) {
      say(`note: built-in ${kind} '${ref}' left out: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return out;
}

/** Whether each strategy of the plan (by display name) says it is thread-safe. */
async function threadSafety(plan: Plan, catalogs: Catalogs): Promise<(strategy: string) => boolean | undefined> {
  const safe = new Map<string, boolean | undefined>();
  for (const ref of new Set(plan.blocks.flatMap((b) => b.cells.map((c) => c.strategyRef)))) {
    const info = await describeStrategy(ref, catalogs.strategies);
    safe.set(info.name, info.threadSafe);
  }
  return (strategy) => safe.get(strategy);
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
    const quiet = args.flags.has('quiet');
    const json = args.flags.has('json');
    const say = (text: string): void => {
      io.stderr.write(`${text}\n`);
    };

    let dir: string;
    let plan: Plan;
    let env: ResultsEnv;
    let journal: Journal;
    let state = runnerState();
    let sessions = 1;
    if (resumeDir !== undefined) {
      dir = resolve(io.cwd, resumeDir);
      const read = readJournal(dir);
      env = read.start.env;
      plan = await planFor(read.start.options, catalogs, env.cores);
      // Before anything is re-measured or appended: every record belongs to this plan, and the
      // code is the code the run began with.
      const unplanned = unplannedCellProblem(read, new Set(plan.blocks.flatMap((b) => b.cells.map((c) => c.id))), dir);
      if (unplanned !== undefined) throw new UsageError(unplanned);
      const changed = sourcesProblem(read.start.sources, await moduleSources(plan, catalogs));
      if (changed !== undefined) {
        throw new UsageError(`cannot resume ${dir}: ${changed}; its finished cells were measured with the old code (start a new run, or restore the old code)`);
      }
      state = runnerState(read);
      sessions = read.resumes + 2;
      const here = collectEnv(argv, read.start.options.seed);
      journal = Journal.reopen(dir);
      journal.append({ type: 'resume', date: here.date, env: here });
      const done = planCells(plan) - plan.blocks.reduce((n, b) => n + b.cells.filter((c) => !state.cells.has(c.id)).length, 0);
      say(`resuming ${dir}: ${done} of ${planCells(plan)} cells already finished${read.badLines > 0 ? ` (${read.badLines} cut-off journal line ignored)` : ''}`);
      if (here.cpuModel !== env.cpuModel || here.cores !== env.cores || here.node !== env.node) {
        say(`warning: this machine (${here.cpuModel}, ${here.cores} cores, Node ${here.node}) differs from the one that started the run (${env.cpuModel}, ${env.cores} cores, Node ${env.node})`);
      }
    } else {
      const cores = availableCores();
      let suite = suiteOptionsFrom(args, catalogs, cores);
      // Defaults are "every built-in": one that cannot load is left out with a note, not fatal.
      if (!args.values.has('strategies')) suite = { ...suite, strategies: await loadable(suite.strategies, (r) => describeStrategy(r, catalogs.strategies), 'strategy', say) };
      if (!args.values.has('workloads')) suite = { ...suite, workloads: await loadable(suite.workloads, (r) => describeWorkload(r, catalogs.workloads), 'workload', say) };
      plan = await planFor(suite, catalogs, cores);
      if (planCells(plan) === 0) throw new UsageError('nothing to run: the selected groups, strategies and workloads give no cell (see rclab list)');
      if (suite.params !== undefined) {
        const used = [...new Set(plan.blocks.flatMap((b) => b.cells.map((c) => c.workloadRef)))];
        assertSuiteParams(suite.params, await loadWorkloads(used, catalogs.workloads));
      }
      dir = resolve(io.cwd, args.values.get('out') ?? DEFAULT_OUT_DIR);
      if (existsSync(dir) && !statSync(dir).isDirectory()) throw new UsageError(`--out must name a directory, but ${dir} is a file`);
      const sources = await moduleSources(plan, catalogs);
      const movedTo = moveRunAside(dir, io.cwd);
      if (movedTo !== undefined) say(`note: the previous run in ${dir} was moved to ${movedTo}`);
      env = collectEnv(argv, suite.seed);
      const created = Journal.create(dir, { options: suite, env, sources });
      journal = created.journal;
      if (created.keptAs !== undefined) say(`note: an unfinished run in ${dir} was kept as ${created.keptAs} (rclab bench --resume continues only the newest)`);
    }

    for (const n of plan.notes) if (!quiet) say(`note: ${n}`);
    const total = planCells(plan);
    const done = (id: string): boolean => state.cells.has(id);
    const remainingMs = estimatePlanMs(plan, done);
    const eta = new Eta(remainingMs, total, plan.blocks.reduce((n, b) => n + b.cells.filter((c) => done(c.id)).length, 0));
    if (!quiet) say(`rclab bench: ${plan.options.suite} suite, ${total} cells, ${planSlices(plan)} slices, about ${formatDuration(remainingMs)} on ${plan.cores} cores (warm-ups and counting passes included) → ${dir}`);
    const progress = createProgress(io.stderr, eta, quiet);

    const resultsPath = join(dir, 'results.json');
    const write = (o: SuiteOutcome, extra: Record<string, number | string | null>): ResultsFile => {
      const results = buildResults(plan, env, o, { sessions, ...extra });
      assertResultsFile(results, resultsPath);
      writeJsonAtomic(resultsPath, results);
      return results;
    };

    const controller = new AbortController();
    let interrupts = 0;
    const onSigint = (): void => {
      interrupts++;
      if (interrupts === 1) {
        progress.line('interrupted: stopping the current run; finished cells are kept (Ctrl-C again to quit at once)');
        controller.abort();
      } else {
        process.exit(130);
      }
    };
    process.on('SIGINT', onSigint);
    let outcome: SuiteOutcome;
    try {
      outcome = await runPlan({
        plan,
        catalogs,
        journal,
        state,
        signal: controller.signal,
        events: progress,
        checkpoint: (o) => write(o, { unfinishedCells: o.unfinished }),
      });
    } catch (error) {
      progress.stop();
      if (!(error instanceof Interrupted)) throw error;
      const partial = outcomeOf(plan, state);
      write(partial, { unfinishedCells: partial.unfinished });
      journal.close();
      say(`interrupted: ${partial.cells.length} of ${total} cells finished, kept in ${join(dir, 'journal.jsonl')} and ${resultsPath}`);
      say(`continue with: pnpm rclab bench --resume ${resumeDir ?? args.values.get('out') ?? DEFAULT_OUT_DIR}`);
      return 130;
    } finally {
      process.off('SIGINT', onSigint);
    }
    progress.stop();
    journal.append({ type: 'end', date: new Date().toISOString() });
    journal.close();
    const results = write(outcome, {});

    let reportLine: string;
    const report = await loadReportModule();
    const reportPath = join(dir, 'report.html');
    if (typeof report === 'string') reportLine = `report:  not written — ${report}`;
    else {
      try {
        await report.writeReport([results], reportPath, {});
        reportLine = `report:  ${reportPath}`;
      } catch (error) {
        reportLine = `report:  not written — ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`;
      }
    }

    const files = [`results: ${resultsPath}`, reportLine, `journal: ${join(dir, 'journal.jsonl')}`].join('\n');
    // Expected (the unsafe control, the racy expressions) and unexpected problems, apart.
    const problems = classifyProblems(results.cells, await threadSafety(plan, catalogs));
    if (json) {
      io.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
      say(files);
    } else if (format !== 'text') {
      // stdout carries only the tables, so `> summary.md` or `> summary.csv` is clean.
      io.stdout.write(`${formatSummary(benchSummaryParts(results), format)}\n`);
      say(files);
    } else {
      io.stdout.write(`${summarize(results, problems)}\n\n${files}\n`);
    }
    if (!existsSync(resultsPath)) return 1;
    // Exit 1 when anything happened that a correct run never shows (results and report are written).
    if (problems.unexpected.length > 0) {
      say(problemLines({ expected: [], unexpected: problems.unexpected }).join('\n'));
      return 1;
    }
    return 0;
  },
};
