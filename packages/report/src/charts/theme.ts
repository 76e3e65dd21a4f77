/**
 * What every chart shares: the Vega-Lite config (type, sizes, quiet gridlines) and the colour of
 * each strategy, fixed across charts so a strategy is the same colour everywhere.
 */
import type { Config } from 'vega-lite';
import { type ReportModel, strategyFamily } from '../model.ts';

/** The font stack of the page; the SVG text uses it too. */
export const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';

/** Vega-Lite config shared by every chart. */
export const chartConfig: Config = {
  font: FONT,
  background: 'white',
  padding: 8,
  view: { stroke: '#e3e3e3' },
  axis: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal', titleColor: '#333', labelColor: '#333', gridColor: '#eee', domainColor: '#999', tickColor: '#999' },
  header: { labelFontSize: 12, labelFontWeight: 'bold', titleFontSize: 12, titleFontWeight: 'normal', labelColor: '#222' },
  legend: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal', orient: 'bottom', direction: 'horizontal', labelLimit: 260 },
  title: { fontSize: 14, fontWeight: 'bold', anchor: 'start', subtitleFontSize: 12, subtitleColor: '#555', offset: 10 },
  text: { fontSize: 11 },
};

/**
 * Colours of the built-in families, read from each strategy's catalog entry: the first strategy
 * of a family (in display order) gets the first shade, a variant the next, so `gil` and
 * `gil-noforce` are two reds and a user's `biased`-family strategy is a green. `unsafe` is the
 * grey baseline.
 */
const FAMILY_COLORS: Readonly<Record<string, readonly string[]>> = {
  unsafe: ['#8c8c8c', '#b5b5b5'],
  gil: ['#d1495b', '#e8919c', '#a8323f'],
  atomic: ['#3b6fb6', '#8fb0de', '#24487d'],
  locked: ['#e8871e', '#f3bb7d', '#a85d0f'],
  biased: ['#3c9d5d', '#8cc99c', '#246b3c'],
};

/** Colours for other strategies, in order of appearance. */
const OTHER_COLORS: readonly string[] = ['#8e6bbf', '#2bb3b1', '#c7a21a', '#d66bb0', '#8c6d4f', '#5f7f3f', '#4a4a8c', '#b5542c'];

/**
 * The colour scale of the strategy channel: domain in display order, range to match. Colours
 * are assigned over all of the model's strategies, so a strategy keeps its colour in every chart
 * even when a chart shows only some of them (`present`).
 */
export function strategyScale(model: ReportModel, present?: Iterable<string>): { domain: string[]; range: string[] } {
  let other = 0;
  const perFamily = new Map<string, number>();
  const colorOf = (s: string): string => {
    const family = strategyFamily(model, s);
    const shades = FAMILY_COLORS[family];
    const i = perFamily.get(family) ?? 0;
    perFamily.set(family, i + 1);
    const shade = shades?.[i];
    return shade ?? OTHER_COLORS[other++ % OTHER_COLORS.length] ?? '#555';
  };
  const colors = new Map(model.strategies.map((s) => [s, colorOf(s)]));
  const keep = present === undefined ? undefined : new Set(present);
  const domain = model.strategies.filter((s) => keep === undefined || keep.has(s));
  return { domain, range: domain.map((s) => colors.get(s) ?? '#555') };
}

/** Colours for sources (results files) when a report combines several. */
export const SOURCE_COLORS: readonly string[] = ['#1f4e79', '#c0392b', '#2e8b57', '#8e44ad', '#d4a017', '#16a085'];

/** Colour of clean results and of problems. */
export const GOOD = '#d9f0dc';
export const BAD = '#f6c7c3';

/** The colour channel of the strategies a chart draws (`present`), with `extra` properties such as its title or `legend: null`. */
export function strategyColor<E extends object>(
  model: ReportModel,
  present: Iterable<string>,
  extra: E,
): { field: 'strategy'; type: 'nominal'; scale: { domain: string[]; range: string[] } } & E {
  return { field: 'strategy', type: 'nominal', scale: strategyScale(model, present), ...extra };
}
