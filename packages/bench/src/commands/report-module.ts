/**
 * Reaching `@rclab/report` (`writeReport(results[], outPath, options)`), which `rclab bench` and
 * `rclab report` use. Imported on demand: the charting stack (vega, vega-lite) is large, and
 * the other commands — and every usage error — should not wait for it to load; a report that
 * fails costs the report only, never the results.
 */
import type { ResultsFile } from '@rclab/core';
import type { ReportOptions } from '@rclab/report';

/** The part of `@rclab/report` this package uses. */
export interface ReportModule {
  writeReport(results: readonly ResultsFile[], outPath: string, options?: ReportOptions): Promise<void>;
}

/** The report module, or a one-line reason it is not available. */
export async function loadReportModule(): Promise<ReportModule | string> {
  try {
    return await import('@rclab/report');
  } catch (error) {
    const message = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
    return `@rclab/report could not be loaded (${message})`;
  }
}
