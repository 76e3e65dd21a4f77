/** Small helpers the chart modules share. */
import type { TopLevelSpec } from 'vega-lite';
import type { ReportModel, Source } from '../model.ts';
import { SOURCE_COLORS, chartConfig } from './theme.ts';

/** The Vega-Lite schema URL every spec declares (version 6). */
export const VL_SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** Fields every top-level spec gets: schema, config and title. */
export function topLevel(title: string, subtitle: string | readonly string[] = []): Pick<TopLevelSpec, '$schema' | 'config' | 'title'> {
  const sub = typeof subtitle === 'string' ? [subtitle] : [...subtitle];
  return { $schema: VL_SCHEMA, config: chartConfig, title: sub.length > 0 ? { text: title, subtitle: sub } : { text: title } };
}

/** The colour scale of the source channel (several results files). */
export function sourceScale(model: ReportModel): { domain: string[]; range: string[] } {
  return { domain: model.sources.map((s) => s.label), range: model.sources.map((_, i) => SOURCE_COLORS[i % SOURCE_COLORS.length] ?? '#333') };
}

/** The largest thread count in `threads` within the source's cores; the smallest one if none fits. */
export function largestFitting(threads: readonly number[], source: Source): number | undefined {
  const fitting = threads.filter((t) => t <= source.env.cores);
  if (fitting.length > 0) return Math.max(...fitting);
  return threads.length === 0 ? undefined : Math.min(...threads);
}

/** Distinct values in first-seen order. */
export function distinct<T>(values: Iterable<T>): T[] {
  return [...new Set(values)];
}

/**
 * Where an interval is drawn: `[low, high]` cut at `cap`. Noisy trials can make one interval
 * hundreds of times wider than the medians; drawing it whole would flatten every other point, so
 * the chart's scale follows the medians and a cut interval ends in a caret (`clipped`).
 */
export function clipInterval(low: number, high: number, cap: number): { lowShown: number; highShown: number; clipped: boolean } {
  return { lowShown: Math.min(low, cap), highShown: Math.min(high, cap), clipped: high > cap };
}

/** The cap for intervals of values whose medians are `medians`: `factor` × the largest median (and at least `floor`). */
export function intervalCap(medians: readonly number[], factor = 1.5, floor = 0): number {
  const finite = medians.filter((m) => Number.isFinite(m));
  return Math.max(floor, factor * (finite.length > 0 ? Math.max(...finite) : 1));
}
