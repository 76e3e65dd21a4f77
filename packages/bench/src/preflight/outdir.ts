/**
 * A new run never overwrites an earlier one. When the output folder (`--out`, or the default
 * `rclab-results/`) already holds a run — finished or interrupted: a journal or a results file —
 * the whole folder is renamed to a timestamped sibling (`rclab-results-2026-11-29T14-55-02`) in
 * one atomic rename, and the caller prints where it went. When that is impossible (the folder
 * also holds files that are not rclab's, it contains the working directory, or the rename
 * fails), the run is refused with one line before anything is measured.
 */
import { existsSync, readdirSync, readFileSync, renameSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { UsageError } from '@rclab/core';

/** Files whose presence means the folder holds a run. */
export const RUN_MARKERS = ['journal.jsonl', 'results.json'] as const;

/** Files rclab writes into an output folder (anything else there is the user's). */
export function isRclabFile(name: string): boolean {
  return name === 'journal.jsonl' || name === 'results.json' || name === 'report.html' || /^journal\.unfinished-.*\.jsonl$/.test(name) || name.startsWith('.rclab-tmp-');
}

/** True when `dir` holds a finished or interrupted run. */
export function holdsRun(dir: string): boolean {
  return RUN_MARKERS.some((f) => existsSync(join(dir, f)));
}

/** When the run in `dir` started: the journal's start record, else results.json, else the folder's mtime. */
export function runStartedAt(dir: string): Date {
  const fromJson = (text: string, pick: (v: Record<string, unknown>) => unknown): Date | undefined => {
    try {
      const value = pick(JSON.parse(text) as Record<string, unknown>);
      const d = typeof value === 'string' ? new Date(value) : undefined;
      return d !== undefined && Number.isFinite(d.getTime()) ? d : undefined;
    } catch {
      return undefined;
    }
  };
  const env = (v: Record<string, unknown>): unknown => (v.env as Record<string, unknown> | undefined)?.date;
  const journal = join(dir, 'journal.jsonl');
  if (existsSync(journal)) {
    const first = readFileSync(journal, 'utf8').split('\n', 1)[0] ?? '';
    const d = fromJson(first, env);
    if (d !== undefined) return d;
  }
  const results = join(dir, 'results.json');
  if (existsSync(results)) {
    const d = fromJson(readFileSync(results, 'utf8'), env);
    if (d !== undefined) return d;
  }
  return statSync(dir).mtime;
}

/** `dir-2026-11-29T14-55-02` (UTC), with `-2`, `-3`, … when that name is taken. */
export function asideName(dir: string, started: Date): string {
  const stamp = started.toISOString().slice(0, 19).replace(/:/g, '-');
  const base = join(dirname(dir), `${basename(dir)}-${stamp}`);
  let candidate = base;
  for (let k = 2; existsSync(candidate); k++) candidate = `${base}-${k}`;
  return candidate;
}

/**
 * Makes `dir` free for a new run: returns `undefined` when it holds no run, or the folder the
 * old run was moved to. Throws a one-line `UsageError` when the old run cannot be moved.
 * `rename` is `fs.renameSync` (a parameter so a test can make it fail as a read-only parent would).
 */
export function moveRunAside(dir: string, cwd: string, rename: (from: string, to: string) => void = renameSync): string | undefined {
  if (!existsSync(dir) || !statSync(dir).isDirectory() || !holdsRun(dir)) return undefined;
  const refuse = (why: string): never => {
    throw new UsageError(`--out ${dir} holds a previous run that rclab will not overwrite, and cannot move it aside: ${why}; choose another --out, or move it yourself`);
  };
  const foreign = readdirSync(dir).filter((name) => !isRclabFile(name));
  if (foreign.length > 0) refuse(`the folder also holds ${foreign.length === 1 ? 'a file' : `${foreign.length} files`} that rclab did not write ('${foreign[0] as string}')`);
  const inside = relative(resolve(dir), resolve(cwd));
  if (inside === '' || !(inside === '..' || inside.startsWith(`..${sep}`))) refuse('it contains the working directory');
  const target = asideName(dir, runStartedAt(dir));
  try {
    rename(dir, target);
  } catch (error) {
    refuse(`renaming it to ${target} failed (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  return target;
}
