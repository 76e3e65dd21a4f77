/**
 * Text widths for Vega's headless renderer. Without a canvas Vega guesses every character at
 * 0.8 em, which truncates axis labels early and leaves wide gutters. This estimator uses
 * per-character advance widths (Helvetica's AFM metrics, widened by 12% to cover DejaVu Sans, the
 * usual sans-serif on Linux, so labels are never cut where a browser would fit them).
 */
import * as vega from 'vega';

/** Helvetica advance widths of printable ASCII (32–126), in 1/1000 em. */
const ASCII_WIDTHS: readonly number[] = [
  278,
  278,
  355,
  556,
  556,
  889,
  667,
  191,
  333,
  333,
  389,
  584,
  278,
  333,
  278,
  278, // space ! " # $ % & ' ( ) * + , - . /
  556,
  556,
  556,
  556,
  556,
  556,
  556,
  556,
  556,
  556,
  278,
  278,
  584,
  584,
  584,
  556, // 0-9 : ; < = > ?
  1015,
  667,
  667,
  722,
  722,
  667,
  611,
  778,
  722,
  278,
  500,
  667,
  556,
  833,
  722,
  778, // @ A-O
  667,
  778,
  722,
  667,
  611,
  722,
  667,
  944,
  667,
  667,
  611,
  278,
  278,
  278,
  469,
  556, // P-Z [ \ ] ^ _
  333,
  556,
  556,
  500,
  556,
  556,
  278,
  556,
  556,
  222,
  222,
  500,
  222,
  833,
  556,
  556, // ` a-o
  556,
  556,
  333,
  500,
  278,
  556,
  500,
  722,
  500,
  500,
  500,
  334,
  260,
  334,
  584, // p-z { | } ~
];
/** Width of anything else (·, ×, ≈, µ, …), in 1/1000 em. */
const OTHER_WIDTH = 620;
const WIDEN = 1.12;
const BOLD = 1.07;

interface TextItem {
  readonly fontSize?: number | string;
  readonly fontWeight?: number | string;
  readonly limit?: number;
}

/** Estimated width in pixels of `text` in the item's font size and weight, capped by the item's `limit`. */
export function estimateTextWidth(item: TextItem, text: unknown): number {
  // Vega passes strings, numbers or arrays of lines; String() is how Vega itself turns them into text.
  // eslint-disable-next-line @typescript-eslint/no-base-to-string
  const s = text === null || text === undefined ? '' : String(text).trim();
  const size = item.fontSize !== undefined ? Number(item.fontSize) || 0 : 11;
  let units = 0;
  for (const ch of s) {
    const code = ch.codePointAt(0) ?? 0;
    units += code >= 32 && code <= 126 ? (ASCII_WIDTHS[code - 32] ?? OTHER_WIDTH) : OTHER_WIDTH;
  }
  const bold = item.fontWeight === 'bold' || Number(item.fontWeight) >= 600;
  const width = (units / 1000) * size * WIDEN * (bold ? BOLD : 1);
  const limit = Number(item.limit);
  return limit > 0 ? Math.min(width, limit) : width;
}

interface TextMetrics {
  width: (item: TextItem, text: unknown) => number;
}

/** Vega's text-metrics object (exported by vega-scenegraph, not in vega's typings). */
const metrics = (vega as unknown as { textMetrics?: TextMetrics }).textMetrics;

/** Runs `f` with the estimator installed as Vega's text measure, then restores Vega's own. */
export async function withTextEstimates<T>(f: () => Promise<T>): Promise<T> {
  if (metrics === undefined) return f();
  const previous = metrics.width;
  metrics.width = estimateTextWidth;
  try {
    return await f();
  } finally {
    metrics.width = previous;
  }
}
