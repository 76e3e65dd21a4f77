/** Writing the report to disk atomically: a temporary file beside the target, then a rename. */
import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { ResultsFile } from '@rclab/core';
import { renderReport, type ReportOptions } from './report.ts';

/**
 * Renders the report and writes it to `outPath` atomically: readers see the old file or the
 * whole new one, never a partial file. Creates the directory if needed.
 */
export async function writeReport(results: readonly ResultsFile[], outPath: string, options: ReportOptions = {}): Promise<void> {
  const text = await renderReport(results, options);
  const dir = dirname(outPath);
  await mkdir(dir, { recursive: true });
  const temp = join(dir, `.${basename(outPath)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(temp, text, 'utf8');
    await rename(temp, outPath);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
