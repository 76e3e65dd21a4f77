import type { TopLevelSpec } from 'vega-lite';
import type { ReportModel } from '../model.ts';

/** A chart that has data: its Vega-Lite spec and a few computed sentences to read it by. */
export interface ChartSpec {
  readonly kind: 'chart';
  readonly spec: TopLevelSpec;
  /** Computed findings, plain text (escaped when rendered). */
  readonly notes: readonly string[];
}

/** A chart with nothing to draw in this run, and why. */
export interface ChartEmpty {
  readonly kind: 'empty';
  /** Plain text, e.g. "no cells of group 'brc-sweep' in this run". */
  readonly reason: string;
}

export type ChartBuild = ChartSpec | ChartEmpty;

/** One chart of the report: one module per chart under `src/charts/`. */
export interface ChartModule {
  /** Stable id: the HTML anchor, `data-chart` attribute and golden-file name. */
  readonly id: string;
  readonly title: string;
  /** How to read the chart, for a newcomer: one or two plain sentences. */
  readonly howToRead: string;
  /** Builds the spec from the model. Must not mutate the model; returns `empty` when there is no data. */
  build(model: ReportModel): ChartBuild;
}

/** The note shown for a chart or table with no data. */
export function notMeasured(why: string): ChartEmpty {
  return { kind: 'empty', reason: why };
}
