/**
 * The journal: one JSON object per line, appended (and flushed to disk) as each block of cells
 * completes. A block's cells are measured together (interleaved slice by slice), so a cell is
 * journalled once all its slices are done, with the rest of its block. Ctrl-C or a crash loses
 * at most the block that was running; `rclab bench --resume DIR` reads the journal, re-makes
 * the same plan from the options in its first record, and runs only the blocks that are
 * missing. A line cut short by a crash is ignored when read.
 *
 * Records, in the order they are written (their shapes: `records.ts`, checked on every read):
 * - `start`      — once per run: the suite options, the environment, and a fingerprint of every
 *                  strategy and workload module the plan runs (`sources.ts`).
 * - `resume`     — each time the run is resumed: when, and the environment of the resuming process.
 * - `calibration`— a block's calibration kernel times (ns per iteration, one per round).
 * - `timeline`   — a cell's lock-event timeline (its first measured slice).
 * - `harness`    — the harness's own figures.
 * - `cell`       — a finished cell, exactly as it goes into results.json. Never written twice.
 * - `end`        — the suite finished.
 */
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { Cell, ResultsEnv, Timeline } from '@rclab/core';
import { UsageError } from '@rclab/core';
import type { SuiteOptions } from '../suite/types.ts';
import { recordProblem } from './records.ts';
import type { ModuleSource } from './sources.ts';

/**
 * Journal format version (the `version` of the start record). 2: block-by-block records of
 * sliced cells, and the start record holds `sources`. 3: its cell records are results schema v3
 * cells (`baselineRatio`, one `Correctness`).
 */
export const JOURNAL_VERSION = 3;
/** The journal's file name inside the output directory. */
export const JOURNAL_FILE = 'journal.jsonl';

export type JournalRecord =
  | { readonly type: 'start'; readonly version: number; readonly options: SuiteOptions; readonly env: ResultsEnv; readonly sources: readonly ModuleSource[] }
  | { readonly type: 'resume'; readonly date: string; readonly env: ResultsEnv }
  | { readonly type: 'calibration'; readonly block: string; readonly kernelNs: readonly number[] }
  | { readonly type: 'timeline'; readonly cell: string; readonly timeline: Timeline }
  | { readonly type: 'harness'; readonly figures: Readonly<Record<string, number>> }
  | { readonly type: 'cell'; readonly cell: Cell }
  | { readonly type: 'end'; readonly date: string };

/** What a run has measured so far: kept by the suite's runner, journalled, read back on `--resume`. */
export interface MeasuredState {
  /** Calibration kernel times per block id. */
  readonly calibration: Map<string, number[]>;
  readonly timelines: Map<string, Timeline>;
  readonly harness: Record<string, number>;
  /** Finished cells by id. */
  readonly cells: Map<string, Cell>;
}

/** What a journal holds, read back: what was measured, and the journal's own bookkeeping. */
export interface JournalState extends MeasuredState {
  readonly start: Extract<JournalRecord, { type: 'start' }>;
  /** Ids of cells written more than once (never, unless something is wrong). */
  readonly duplicateCells: string[];
  readonly resumes: number;
  readonly ended: boolean;
  /** Lines that could not be read (a line cut short by a crash). */
  readonly badLines: number;
  /** The line (1-based) where each cell id first appears, for messages about a record. */
  readonly cellLines: ReadonlyMap<string, number>;
}

/** Path of the journal in `dir`. */
export function journalPath(dir: string): string {
  return join(dir, JOURNAL_FILE);
}

/**
 * Reads a journal, checking every record's shape first. A missing file, one that is not an rclab
 * journal, or any record that does not fit its shape is one `UsageError` line naming the line.
 * A line that is not JSON is accepted only where a crash leaves one: the last line, or a line
 * followed by a `resume` record (reopening writes a newline after a cut-off line).
 */
export function readJournal(dir: string): JournalState {
  const path = journalPath(dir);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new UsageError(`nothing to resume in ${dir}: it has no ${JOURNAL_FILE} (start a run with rclab bench --out ${dir})`);
  }
  const lines = text.split('\n');
  const records = parseRecords(lines, path);
  let start: Extract<JournalRecord, { type: 'start' }> | undefined;
  const state = {
    calibration: new Map<string, number[]>(),
    timelines: new Map<string, Timeline>(),
    harness: {} as Record<string, number>,
    cells: new Map<string, Cell>(),
    duplicateCells: [] as string[],
    resumes: 0,
    ended: false,
    badLines: 0,
    cellLines: new Map<string, number>(),
  };
  for (const { line, record } of records) {
    if (record === undefined) {
      state.badLines++;
      continue;
    }
    const id = record.type === 'cell' ? record.cell.id : 'cell' in record ? record.cell : undefined;
    if (typeof id === 'string' && !state.cellLines.has(id)) state.cellLines.set(id, line);
    switch (record.type) {
      case 'start':
        if (start === undefined) start = record;
        break;
      case 'resume':
        state.resumes++;
        break;
      case 'calibration':
        state.calibration.set(record.block, [...record.kernelNs]);
        break;
      case 'timeline':
        state.timelines.set(record.cell, record.timeline);
        break;
      case 'harness':
        Object.assign(state.harness, record.figures);
        break;
      case 'cell':
        if (state.cells.has(record.cell.id)) state.duplicateCells.push(record.cell.id);
        else state.cells.set(record.cell.id, record.cell);
        break;
      case 'end':
        state.ended = true;
        break;
    }
  }
  if (start === undefined) throw new UsageError(`${path} is not an rclab journal (version ${JOURNAL_VERSION}): it has no start record`);
  if (start.version !== JOURNAL_VERSION) {
    throw new UsageError(`${path} was written by an earlier rclab (journal version ${String(start.version)}); this one resumes version ${JOURNAL_VERSION} only: start a new run`);
  }
  return { start, ...state };
}

/**
 * Every non-empty line as a checked record (`undefined` for a line cut short by a crash). The
 * first record must be a `start` of this journal version; any other problem names its line.
 */
function parseRecords(lines: readonly string[], path: string): { line: number; record: JournalRecord | undefined }[] {
  const out: { line: number; record: JournalRecord | undefined }[] = [];
  const numbered = lines.map((text, i) => ({ text, line: i + 1 })).filter((l) => l.text.trim().length > 0);
  const bad = (line: number, what: string): never => {
    throw new UsageError(`${path}:${line}: ${what}; the journal is damaged, so --resume stops before re-measuring anything (start a new run with --out)`);
  };
  numbered.forEach(({ text, line }, k) => {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      const next = numbered[k + 1];
      const cutOff = next === undefined || /^\{"type":"resume"/.test(next.text);
      if (!cutOff || k === 0) bad(line, 'not a JSON record');
      out.push({ line, record: undefined });
      return;
    }
    if (k === 0) {
      const v = value as { type?: unknown; version?: unknown } | null;
      if (v?.type !== 'start') bad(line, 'the first record is not a start record, so this is not an rclab journal');
      if (v?.version !== JOURNAL_VERSION) {
        bad(line, `journal version ${JSON.stringify(v?.version)}, but this rclab resumes version ${JOURNAL_VERSION} only`);
      }
    }
    const problem = recordProblem(value);
    if (problem !== undefined) bad(line, problem);
    out.push({ line, record: value as JournalRecord });
  });
  return out;
}

/** An open journal: appends one record per call, each written and flushed before it returns. */
export class Journal {
  readonly path: string;
  #fd: number;

  private constructor(path: string, fd: number) {
    this.path = path;
    this.#fd = fd;
  }

  /**
   * Starts a new journal in `dir`. An unfinished journal already there is kept, renamed to
   * `journal.unfinished-<time>.jsonl`, and its name returned, so nothing is ever lost silently.
   */
  static create(dir: string, start: Omit<Extract<JournalRecord, { type: 'start' }>, 'type' | 'version'>): { journal: Journal; keptAs?: string } {
    mkdirSync(dir, { recursive: true });
    const path = journalPath(dir);
    let keptAs: string | undefined;
    if (existsSync(path)) {
      const text = readFileSync(path, 'utf8');
      if (!/"type":"end"/.test(text)) {
        keptAs = join(dir, `journal.unfinished-${new Date().toISOString().replace(/[:.]/g, '-')}.jsonl`);
        renameSync(path, keptAs);
      }
    }
    const fd = openSync(path, 'w');
    const journal = new Journal(path, fd);
    journal.append({ type: 'start', version: JOURNAL_VERSION, ...start });
    return keptAs !== undefined ? { journal, keptAs } : { journal };
  }

  /** Opens the journal in `dir` for appending (after `readJournal` checked it). */
  static reopen(dir: string): Journal {
    const path = journalPath(dir);
    const text = readFileSync(path, 'utf8');
    const fd = openSync(path, 'a');
    // A line cut short by a crash must not swallow the next record.
    if (text.length > 0 && !text.endsWith('\n')) writeSync(fd, '\n');
    return new Journal(path, fd);
  }

  append(record: JournalRecord): void {
    writeSync(this.#fd, `${JSON.stringify(record)}\n`);
    fsyncSync(this.#fd);
  }

  close(): void {
    if (this.#fd >= 0) {
      closeSync(this.#fd);
      this.#fd = -1;
    }
  }
}

/**
 * The first record naming a cell the plan does not have (the journal belongs to another plan,
 * or was edited), as one line with its line number; `undefined` when every cell is planned.
 */
export function unplannedCellProblem(state: JournalState, planned: ReadonlySet<string>, dir: string): string | undefined {
  for (const [id, line] of state.cellLines) {
    if (!planned.has(id)) {
      return `${journalPath(dir)}:${line}: cell '${id}' is not in the plan that this journal's start record makes; the journal is damaged, so --resume stops before re-measuring anything`;
    }
  }
  return undefined;
}
