/**
 * Renders a report from results files and saves a screenshot of it in Chromium.
 *
 *   node --conditions=@rclab/source --import tsx packages/report/test/tools/screenshot.ts \
 *     --out docs/report-screenshot.png [--html report.html] [--full] [--height 2400] results.json [more.json…]
 *
 * `docs/report-screenshot.png` (the README's picture) is made this way from a real results file.
 */
import { readResultsFile } from '@rclab/core';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { writeReport } from '../../src/index.ts';
import { launchChromium } from '../e2e/chromium.ts';

const args = process.argv.slice(2);
const files: string[] = [];
let out = 'report-screenshot.png';
let htmlPath = resolve('test-output/screenshot-report.html');
let full = false;
let height = 2200;
let interactive = false;
for (let i = 0; i < args.length; i++) {
  const a = args[i] ?? '';
  if (a === '--out') out = args[++i] ?? out;
  else if (a === '--html') htmlPath = resolve(args[++i] ?? htmlPath);
  else if (a === '--full') full = true;
  else if (a === '--interactive') interactive = true;
  else if (a === '--height') height = Number(args[++i]);
  else files.push(a);
}
if (files.length === 0) throw new Error('usage: screenshot.ts [--out png] [--html file] [--full] [--height px] results.json…');
const results = files.map((f) => readResultsFile(f));
await writeReport(results, htmlPath, { sourceNames: files.length > 1 ? files : undefined, interactive });
const { context, close } = await launchChromium({ width: 1280, height });
try {
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(pathToFileURL(htmlPath).href);
  mkdirSync(dirname(resolve(out)), { recursive: true });
  await page.screenshot({ path: out, fullPage: full });
  console.log(`report: ${htmlPath}\nscreenshot: ${resolve(out)}`);
} finally {
  await close();
}
