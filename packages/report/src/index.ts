// @rclab/report — rclab results files → one self-contained HTML report (Vega-Lite charts as SVG).
export { renderReport } from './report.ts';
export { writeReport } from './write.ts';
export { buildModel } from './model.ts';
export { CHARTS } from './charts/index.ts';
export { compileSpec, renderSpec, vegaToSvg } from './render/svg.ts';
export { atomicityTable } from './tables/atomicity.ts';
export { summaryTable } from './tables/summary.ts';
export { headline, pairedRatio, timesText, versusText } from './headline.ts';
// Plain-text output of the same results: terminal tables, markdown, CSV, and a Chrome trace.
export { forTerminal } from './text/sanitize.ts';
export { formatSummary } from './text/summary.ts';
export { csvField, csvTable } from './text/csv.ts';
export { markdownCode, markdownProse, markdownTable, markdownText } from './text/markdown.ts';
export { textTable } from './text/aligned-text.ts';
export { isRightAligned, isTable, OUTPUT_FORMATS } from './text/table.ts';
export { chromeTrace, chromeTraceJson, timelineEvents, timelineLabel } from './trace/chrome-trace.ts';

export type { ReportOptions } from './report.ts';
export type { HeadlineLine } from './headline.ts';
export type { ColumnKind, OutputFormat, PlainTable, SummaryPart } from './text/table.ts';
export type { ChromeTrace, TraceEvent } from './trace/chrome-trace.ts';
export type { ModelOptions, ReportModel, Source, SourcedCell, SourcedTimeline } from './model.ts';
export type { ChartBuild, ChartEmpty, ChartModule, ChartSpec } from './charts/types.ts';
export type { TableBuild, TableHtml, TableModule } from './tables/types.ts';
export type { CompileMessage, Compiled } from './render/svg.ts';
