/**
 * One `rclab bench` run, from a new suite or a journal to resume, to the files it leaves: the
 * journal (every block as it finishes), results.json (after every block, and at the end or on
 * Ctrl-C), report.html, the summary and the exit code. `commands/bench.ts` only parses the
 * command line and hands over to a {@link SuiteRun}.
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { assertResultsFile, ModuleLoader, type ResultsEnv, type ResultsFile, UsageError } from '@rclab/core';
import type { CommandIO } from '../commands/types.ts';
import { loadReportModule } from '../commands/report-module.ts';
import { collectEnv } from '../env.ts';
import { benchSummaryParts } from '../format/bench-summary.ts';
import { formatSummary, type OutputFormat } from '@rclab/report';
import { writeJsonAtomic } from '../journal/files.ts';
import { Journal, readJournal, unplannedCellProblem } from '../journal/journal.ts';
import { moduleSources, sourcesProblem } from '../journal/sources.ts';
import { moveRunAside } from '../preflight/outdir.ts';
import { assertSuiteParams, loadWorkloads } from '../preflight/params.ts';
import { createProgress, Eta, formatDuration } from '../progress.ts';
import { resolvePythons } from '../cpython/describe.ts';
import { summarize } from '../summary.ts';
import { type Catalogs, describeCatalog, describeStrategy, describeWorkload, type ModuleInfo } from './catalogs.ts';
import { estimatePlanMs, makePlan, planCells, planSlices } from './plan.ts';
import { classifyProblems, problemLines } from './problems.ts';
import { buildResults } from './results.ts';
import { Interrupted, outcome as outcomeOf, type RunnerState, runnerState, runPlan, type SuiteOutcome } from './runner.ts';
import type { Plan, SuiteOptions } from './types.ts';

/** Exit code of a run stopped by Ctrl-C (128 + SIGINT). */
export const EXIT_INTERRUPTED = 130;

/** Loads the selected strategies and workloads, and every one of the catalogs, and makes the plan. */
export async function planFor(options: SuiteOptions, catalogs: Catalogs, cores: number, loader: ModuleLoader): Promise<Plan> {
  const strategies: ModuleInfo[] = [];
  for (const ref of options.strategies) strategies.push(await describeStrategy(ref, catalogs.strategies, loader));
  const workloads: ModuleInfo[] = [];
  for (const ref of options.workloads) workloads.push(await describeWorkload(ref, catalogs.workloads, loader));
  // The cpython group's interpreters are described now: the plan has a cell only for those that run.
  const pythons = options.groups.includes('cpython') ? await resolvePythons(options.pythons ?? []) : undefined;
  return makePlan(options, {
    ...(pythons !== undefined ? { pythons } : {}),
    strategies,
    workloads,
    catalogStrategies: await describeCatalog(catalogs.strategies, (r, c) => describeStrategy(r, c, loader)),
    catalogWorkloads: await describeCatalog(catalogs.workloads, (r, c) => describeWorkload(r, c, loader)),
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
async function threadSafety(plan: Plan, catalogs: Catalogs, loader: ModuleLoader): Promise<(strategy: string) => boolean | undefined> {
  const safe = new Map<string, boolean | undefined>();
  for (const ref of new Set(plan.blocks.flatMap((b) => b.cells.filter((c) => c.python === undefined).map((c) => c.strategyRef)))) {
    const info = await describeStrategy(ref, catalogs.strategies, loader);
    safe.set(info.name, info.threadSafe);
  }
  return (strategy) => safe.get(strategy);
}

/** A new run. */
export interface NewRunRequest {
  readonly options: SuiteOptions;
  /** `--strategies`/`--workloads` given: every one must load. Otherwise (the built-ins) one that cannot is left out with a note. */
  readonly strategiesGiven: boolean;
  readonly workloadsGiven: boolean;
  /** The output directory, resolved. */
  readonly dir: string;
  readonly cores: number;
}

/** How the run reports: on stderr (progress, notes) and stdout (summary, or results with `json`). */
export interface RunOutput {
  readonly quiet: boolean;
  readonly json: boolean;
  readonly format: OutputFormat;
  /** The directory as the user gave it, for the "continue with" line. */
  readonly dirAsGiven: string;
}

/** A suite run: its plan, its journal and where it writes. Made by {@link SuiteRun.begin} or {@link SuiteRun.resume}. */
export class SuiteRun {
  private constructor(
    readonly dir: string,
    readonly plan: Plan,
    private readonly env: ResultsEnv,
    private readonly journal: Journal,
    private readonly state: RunnerState,
    /** Sessions of this run so far, this one included (1 for a new run). */
    private readonly sessions: number,
    private readonly catalogs: Catalogs,
    private readonly io: CommandIO,
    /** The run's module loader: every module loaded and every bundle built once per run. */
    private readonly loader: ModuleLoader,
  ) {}

  /**
   * Starts a new run: plans it, checks `--param` against the workloads used, moves a previous
   * run in `dir` aside and creates the journal. Usage errors are thrown before anything is written.
   */
  static async begin(request: NewRunRequest, catalogs: Catalogs, io: CommandIO, argv: readonly string[]): Promise<SuiteRun> {
    const say = sayOn(io);
    // One loader for the whole run: every module is loaded and every bundle built once.
    const loader = new ModuleLoader();
    let suite = request.options;
    // Defaults are "every built-in": one that cannot load is left out with a note, not fatal.
    if (!request.strategiesGiven) suite = { ...suite, strategies: await loadable(suite.strategies, (r) => describeStrategy(r, catalogs.strategies, loader), 'strategy', say) };
    if (!request.workloadsGiven) suite = { ...suite, workloads: await loadable(suite.workloads, (r) => describeWorkload(r, catalogs.workloads, loader), 'workload', say) };
    const plan = await planFor(suite, catalogs, request.cores, loader);
    // A plan left empty only by a skipped group (no Python) still runs: its results record why.
    if (planCells(plan) === 0 && (plan.skipped ?? []).length === 0)
      throw new UsageError('nothing to run: the selected groups, strategies and workloads give no cell (see rclab list)');
    if (suite.params !== undefined) {
      const used = [...new Set(plan.blocks.flatMap((b) => b.cells.filter((c) => c.python === undefined).map((c) => c.workloadRef)))];
      assertSuiteParams(suite.params, await loadWorkloads(used, catalogs.workloads, loader));
    }
    const dir = request.dir;
    if (existsSync(dir) && !statSync(dir).isDirectory()) throw new UsageError(`--out must name a directory, but ${dir} is a file`);
    const sources = await moduleSources(plan, catalogs);
    const movedTo = moveRunAside(dir, io.cwd);
    if (movedTo !== undefined) say(`note: the previous run in ${dir} was moved to ${movedTo}`);
    const env = collectEnv(argv, suite.seed);
    const created = Journal.create(dir, { options: suite, env, sources });
    if (created.keptAs !== undefined) say(`note: an unfinished run in ${dir} was kept as ${created.keptAs} (rclab bench --resume continues only the newest)`);
    return new SuiteRun(dir, plan, env, created.journal, runnerState(), 1, catalogs, io, loader);
  }

  /**
   * Continues the run recorded in `dir`: re-plans it from the journal's options, refuses
   * records of another plan and modules that changed since, and reopens the journal.
   */
  static async resume(dir: string, catalogs: Catalogs, io: CommandIO, argv: readonly string[]): Promise<SuiteRun> {
    const say = sayOn(io);
    const loader = new ModuleLoader();
    const read = readJournal(dir);
    const env = read.start.env;
    const plan = await planFor(read.start.options, catalogs, env.cores, loader);
    // Before anything is re-measured or appended: every record belongs to this plan, and the
    // code is the code the run began with.
    const unplanned = unplannedCellProblem(read, new Set(plan.blocks.flatMap((b) => b.cells.map((c) => c.id))), dir);
    if (unplanned !== undefined) throw new UsageError(unplanned);
    const changed = sourcesProblem(read.start.sources, await moduleSources(plan, catalogs));
    if (changed !== undefined) {
      throw new UsageError(`cannot resume ${dir}: ${changed}; its finished cells were measured with the old code (start a new run, or restore the old code)`);
    }
    const state = runnerState(read);
    const here = collectEnv(argv, read.start.options.seed);
    const journal = Journal.reopen(dir);
    journal.append({ type: 'resume', date: here.date, env: here });
    const done = planCells(plan) - plan.blocks.reduce((n, b) => n + b.cells.filter((c) => !state.cells.has(c.id)).length, 0);
    say(`resuming ${dir}: ${done} of ${planCells(plan)} cells already finished${read.badLines > 0 ? ` (${read.badLines} cut-off journal line ignored)` : ''}`);
    if (here.cpuModel !== env.cpuModel || here.cores !== env.cores || here.node !== env.node) {
      say(
        `warning: this machine (${here.cpuModel}, ${here.cores} cores, Node ${here.node}) differs from the one that started the run (${env.cpuModel}, ${env.cores} cores, Node ${env.node})`,
      );
    }
    return new SuiteRun(dir, plan, env, journal, state, read.resumes + 2, catalogs, io, loader);
  }

  private get resultsPath(): string {
    return join(this.dir, 'results.json');
  }

  /** Writes results.json (validated, to a temp name and renamed). */
  private write(o: SuiteOutcome, extra: Record<string, number | string | null>): ResultsFile {
    const results = buildResults(this.plan, this.env, o, { sessions: this.sessions, ...extra });
    assertResultsFile(results, this.resultsPath);
    writeJsonAtomic(this.resultsPath, results);
    return results;
  }

  /**
   * Measures every unfinished block, then writes results, report and summary. Ctrl-C stops the
   * current block, keeps what finished and returns {@link EXIT_INTERRUPTED}; a second Ctrl-C
   * exits at once. Returns 1 when anything unexpected happened, else 0.
   */
  async run(out: RunOutput): Promise<number> {
    const { plan, state, journal, io } = this;
    const say = sayOn(io);
    for (const n of plan.notes) if (!out.quiet) say(`note: ${n}`);
    // A skipped group is said even with --quiet: the run goes on without it, and exits 0 for that.
    for (const sk of plan.skipped ?? []) say(`rclab: ${sk.group} group skipped: ${sk.reason}`);
    const total = planCells(plan);
    const done = (id: string): boolean => state.cells.has(id);
    const remainingMs = estimatePlanMs(plan, done);
    const eta = new Eta(
      remainingMs,
      total,
      plan.blocks.reduce((n, b) => n + b.cells.filter((c) => done(c.id)).length, 0),
    );
    if (!out.quiet)
      say(
        `rclab bench: ${plan.options.suite} suite, ${total} cells, ${planSlices(plan)} slices, about ${formatDuration(remainingMs)} on ${plan.cores} cores (warm-ups and counting passes included) → ${this.dir}`,
      );
    const progress = createProgress(io.stderr, eta, out.quiet);

    const controller = new AbortController();
    let interrupts = 0;
    const onSigint = (): void => {
      interrupts++;
      if (interrupts === 1) {
        progress.line('interrupted: stopping the current run; finished cells are kept (Ctrl-C again to quit at once)');
        controller.abort();
      } else {
        process.exit(EXIT_INTERRUPTED);
      }
    };
    process.on('SIGINT', onSigint);
    let outcome: SuiteOutcome;
    try {
      outcome = await runPlan({
        plan,
        catalogs: this.catalogs,
        loader: this.loader,
        journal,
        state,
        signal: controller.signal,
        events: progress,
        checkpoint: (o) => this.write(o, { unfinishedCells: o.unfinished }),
      });
    } catch (error) {
      progress.stop();
      if (!(error instanceof Interrupted)) throw error;
      const partial = outcomeOf(plan, state);
      this.write(partial, { unfinishedCells: partial.unfinished });
      journal.close();
      say(`interrupted: ${partial.cells.length} of ${total} cells finished, kept in ${join(this.dir, 'journal.jsonl')} and ${this.resultsPath}`);
      say(`continue with: pnpm rclab bench --resume ${out.dirAsGiven}`);
      return EXIT_INTERRUPTED;
    } finally {
      process.off('SIGINT', onSigint);
      await this.loader.dispose();
    }
    progress.stop();
    journal.append({ type: 'end', date: new Date().toISOString() });
    journal.close();
    const results = this.write(outcome, {});
    return this.finish(results, out);
  }

  /** Writes the report, prints the summary and the file list, and decides the exit code. */
  private async finish(results: ResultsFile, out: RunOutput): Promise<number> {
    const { io } = this;
    const say = sayOn(io);
    let reportLine: string;
    const report = await loadReportModule();
    const reportPath = join(this.dir, 'report.html');
    if (typeof report === 'string') reportLine = `report:  not written — ${report}`;
    else {
      try {
        await report.writeReport([results], reportPath, {});
        reportLine = `report:  ${reportPath}`;
      } catch (error) {
        reportLine = `report:  not written — ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`;
      }
    }

    const files = [`results: ${this.resultsPath}`, reportLine, `journal: ${join(this.dir, 'journal.jsonl')}`].join('\n');
    // Expected (the unsafe control, the racy expressions) and unexpected problems, apart.
    const problems = classifyProblems(results.cells, await threadSafety(this.plan, this.catalogs, this.loader));
    if (out.json) {
      io.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
      say(files);
    } else if (out.format !== 'text') {
      // stdout carries only the tables, so `> summary.md` or `> summary.csv` is clean.
      io.stdout.write(`${formatSummary(benchSummaryParts(results), out.format)}\n`);
      say(files);
    } else {
      io.stdout.write(`${summarize(results, problems)}\n\n${files}\n`);
    }
    if (!existsSync(this.resultsPath)) return 1;
    // Exit 1 when anything happened that a correct run never shows (results and report are written).
    if (problems.unexpected.length > 0) {
      say(problemLines({ expected: [], unexpected: problems.unexpected }).join('\n'));
      return 1;
    }
    return 0;
  }
}

function sayOn(io: CommandIO): (text: string) => void {
  return (text) => {
    io.stderr.write(`${text}\n`);
  };
}
