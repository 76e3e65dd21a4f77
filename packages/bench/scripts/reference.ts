/**
 * `pnpm reference`: the README's figures from one reference run, generated rather than typed.
 *
 *   pnpm reference [--out docs/reference-results] [--skip-run] [-- <rclab bench options…>]
 *
 * 1. Runs the quick suite (`rclab bench`, plus any options after `--`) into a fresh temporary
 *    directory and commits its `results.json` to `--out`, beside `summary.txt` (the console
 *    summary) and `summary.md` (`--format md`). `--skip-run` reuses the results already there.
 * 2. Renders that run's report and saves its first screen (1280×800, Debian's chromium) as
 *    `docs/report-screenshot.png`.
 * 3. Rewrites every `<!-- reference:NAME -->…<!-- /reference -->` block of README.md from the
 *    results (`packages/bench/src/format/reference.ts` lists the blocks).
 *
 * Run it on a quiet machine: the figures it commits are the ones the README quotes.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { readResultsFile } from '@rclab/core';
import { writeReport } from '@rclab/report';
import { launchChromium } from '../../report/test/e2e/chromium.ts';
import { benchSummaryParts } from '../src/format/bench-summary.ts';
import { referenceBlocks, replaceMarkers } from '../src/format/reference.ts';
import { workloadOps } from '../src/format/reference-ops.ts';
import { formatSummary } from '@rclab/report';
import { summarize } from '../src/summary.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const argv = process.argv.slice(2);
const dash = argv.indexOf('--');
const own = dash < 0 ? argv : argv.slice(0, dash);
const benchArgs = dash < 0 ? [] : argv.slice(dash + 1);
let out = join(ROOT, 'docs/reference-results');
let skipRun = false;
let screenshot = join(ROOT, 'docs/report-screenshot.png');
let readme = join(ROOT, 'README.md');
for (let i = 0; i < own.length; i++) {
  const a = own[i];
  if (a === '--out') out = resolve(own[++i] ?? '');
  else if (a === '--skip-run') skipRun = true;
  else if (a === '--screenshot') screenshot = resolve(own[++i] ?? '');
  else if (a === '--readme') readme = resolve(own[++i] ?? '');
  else {
    console.error(`reference: unknown option '${a}' (allowed: --out DIR, --skip-run, --screenshot PNG, --readme FILE, then -- and rclab bench options)`);
    process.exit(2);
  }
}

/** Writes through a temporary name and a rename, so a reader never sees half a file. */
function writeAtomic(file: string, text: string): void {
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}

mkdirSync(out, { recursive: true });
const resultsPath = join(out, 'results.json');
if (!skipRun) {
  const scratch = mkdtempSync(join(tmpdir(), 'rclab-reference-'));
  const run = join(scratch, 'run');
  console.log(`reference: rclab bench ${benchArgs.join(' ')} → ${run}`);
  const r = spawnSync(
    process.execPath,
    ['--conditions=@rclab/source', '--import', 'tsx', join(ROOT, 'packages/bench/src/cli.ts'), 'bench', '--out', run, '--quiet', ...benchArgs],
    { cwd: ROOT, stdio: 'inherit' },
  );
  if (r.status !== 0) {
    console.error(`reference: rclab bench exited ${r.status ?? r.signal}; nothing was committed (its files are in ${run})`);
    process.exit(1);
  }
  copyFileSync(join(run, 'results.json'), `${resultsPath}.tmp-${process.pid}`);
  renameSync(`${resultsPath}.tmp-${process.pid}`, resultsPath);
  rmSync(scratch, { recursive: true, force: true });
}

const results = readResultsFile(resultsPath);
writeAtomic(join(out, 'summary.txt'), `${summarize(results)}\n`);
writeAtomic(join(out, 'summary.md'), `${formatSummary(benchSummaryParts(results), 'md')}\n`);

// The screenshot: the report's first screen, from this run.
const scratch = mkdtempSync(join(tmpdir(), 'rclab-reference-report-'));
const html = join(scratch, 'report.html');
await writeReport([results], html);
const { context, close } = await launchChromium({ width: 1280, height: 800 });
try {
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(pathToFileURL(html).href);
  await page.screenshot({ path: `${screenshot}.tmp-${process.pid}.png` });
  renameSync(`${screenshot}.tmp-${process.pid}.png`, screenshot);
} finally {
  await close();
  rmSync(scratch, { recursive: true, force: true });
}

const dir = `${relative(dirname(readme), out).split('\\').join('/')}/`;
const blocks = referenceBlocks({ results, ops: await workloadOps(), dir });
writeAtomic(readme, replaceMarkers(readFileSync(readme, 'utf8'), blocks));
console.log(
  `reference: ${relative(ROOT, resultsPath)}, summary.txt, summary.md; ${relative(ROOT, screenshot)}; ${relative(ROOT, readme)} (${Object.keys(blocks).length} blocks known)`,
);
