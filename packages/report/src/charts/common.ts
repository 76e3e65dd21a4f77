/** Small helpers the chart modules share. */
import type { TopLevelSpec } from 'vega-lite';
import type { Field } from 'vega-lite/types_unstable/channeldef.js';
import type { FacetMapping } from 'vega-lite/types_unstable/spec/facet.js';
import type { UnitSpec } from 'vega-lite/types_unstable/spec/unit.js';
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

/** One layer of a chart (a unit spec). */
export type Layer = UnitSpec<Field>;
type Encoding = NonNullable<Layer['encoding']>;

/** What {@link intervalLayers} draws, and along which channel. */
export interface IntervalLayersOptions {
  /** The value channel: `'y'` draws a vertical rule capped with ▲, `'x'` a horizontal one capped with ▶. */
  readonly axis: 'x' | 'y';
  /** The channels that place a row on the other axis, shared by every layer (e.g. `{ x }`, or `{ y, yOffset }`). */
  readonly at: Encoding;
  readonly color: Encoding['color'];
  /** A `detail` channel for the rule alone (keeps one series' rules apart). */
  readonly detail?: Pick<Encoding, 'detail'>;
  /** The fields of the interval as drawn (see {@link clipInterval}). @defaultValue `lowShown`, `highShown` */
  readonly low?: string;
  readonly high?: string;
  /** @defaultValue 1.5 */
  readonly strokeWidth?: number;
  /**
   * How a cut end is marked. `point`: a filled triangle on the rows that are cut, drawn only when
   * `anyClipped` (an empty layer is left out). `glyph`: a text caret on every row, empty where
   * nothing is cut: in a faceted chart a filtered layer would leave some facets without data,
   * which Vega warns about.
   */
  readonly cap: { readonly mark: 'point'; readonly anyClipped: boolean } | { readonly mark: 'glyph'; readonly fontSize: number; readonly align?: 'center' };
}

/**
 * The layers of an interval: a rule from the low to the high end as drawn, and a cap (▲ or ▶)
 * where the interval was cut at the chart's edge (rows carry `clipped`, see {@link clipInterval}).
 */
export function intervalLayers(options: IntervalLayersOptions): Layer[] {
  const { axis, at, color, detail = {}, low = 'lowShown', high = 'highShown', strokeWidth = 1.5, cap } = options;
  const value = (field: string): Encoding => (axis === 'y' ? { y: { field, type: 'quantitative' } } : { x: { field, type: 'quantitative' } });
  const value2: Encoding = axis === 'y' ? { y2: { field: high } } : { x2: { field: high } };
  const rule: Layer = { mark: { type: 'rule', strokeWidth }, encoding: { ...at, ...value(low), ...value2, color, ...detail } };
  if (cap.mark === 'glyph') {
    const glyph = axis === 'y' ? '▲' : '▶';
    return [
      rule,
      {
        mark: { type: 'text', fontSize: cap.fontSize, ...(cap.align !== undefined ? { align: cap.align } : {}), baseline: 'middle', aria: false },
        encoding: { ...at, ...value(high), color, text: { condition: { test: 'datum.clipped', value: glyph }, value: '' } },
      },
    ];
  }
  if (!cap.anyClipped) return [rule];
  const shape = axis === 'y' ? 'triangle-up' : 'triangle-right';
  return [rule, { transform: [{ filter: 'datum.clipped' }], mark: { type: 'point', shape, filled: true, size: 30 }, encoding: { ...at, ...value(high), color } }];
}

/** The y channels of a chart with one band per strategy (display order) and, across results files, one offset per file. */
export function strategyBands(model: ReportModel): Pick<Encoding, 'y' | 'yOffset'> {
  const y: Encoding['y'] = { field: 'strategy', type: 'nominal', sort: [...model.strategies], title: null, axis: { labelLimit: 200 } };
  return model.multiSource ? { y, yOffset: { field: 'source', type: 'nominal', sort: model.sources.map((s) => s.label) } } : { y };
}

/** The facet of a chart with one row per workload of `rows` (display order), each row's label above it. */
export function workloadRowFacet(model: ReportModel, rows: readonly { readonly workload: string }[]): FacetMapping<Field> {
  return {
    row: {
      field: 'workload',
      type: 'nominal',
      sort: distinct(model.workloads.filter((w) => rows.some((r) => r.workload === w))),
      title: null,
      header: { labelAngle: 0, labelAlign: 'left', labelOrient: 'top', labelAnchor: 'start', labelPadding: 2 },
    },
  };
}

/** A dotted horizontal rule at a ratio of 1 (no difference), with its own one-row data. */
export function ratioOneRule(): Layer {
  return { data: { values: [{ y: 1 }] }, mark: { type: 'rule', color: '#777', strokeDash: [1, 3] }, encoding: { y: { field: 'y', type: 'quantitative' } } };
}
