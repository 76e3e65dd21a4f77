/**
 * Reaching `@rclab/report` (its `writeReport(results[], outPath, opts)`), which `rclab bench`
 * and `rclab report` use. Loaded on demand so that a missing or broken report package costs
 * the report only, never the results.
 */
import type { ResultsFile } from '@rclab/core';

/** The part of `@rclab/report` this package uses. */
export interface ReportModule {
  writeReport(results: readonly ResultsFile[], outPath: string, options?: Readonly<Record<string, unknown>>): unknown;
}

/** The report module, or a one-line reason it is not available. */
export async function loadReportModule(): Promise<ReportModule | string> {
  const name = '@rclab/report';
  try {
    const mod = (await import(name)) as Partial<ReportModule>;
    if (typeof mod.writeReport !== 'function') return '@rclab/report does not export writeReport yet';
    return mod as ReportModule;
  } catch (error) {
    const message = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
    return `@rclab/report is not available (${message})`;
  }
}
