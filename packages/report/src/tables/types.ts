import type { ChartEmpty } from '../charts/types.ts';
import type { SafeHtml } from '../html/safe.ts';
import type { ReportModel } from '../model.ts';

/** A table that has data: its markup (built with `html`, so escaped) and computed notes. */
export interface TableHtml {
  readonly kind: 'table';
  readonly html: SafeHtml;
  readonly notes: readonly string[];
}

export type TableBuild = TableHtml | ChartEmpty;

/** One HTML table of the report (`src/tables/`): same contract as a chart module. */
export interface TableModule {
  readonly id: string;
  readonly title: string;
  readonly howToRead: string;
  build(model: ReportModel): TableBuild;
}
