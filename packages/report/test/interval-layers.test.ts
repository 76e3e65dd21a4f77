/** The interval layers the charts share: a rule from low to high and a cap where the interval was cut. */
import { describe, expect, it } from 'vitest';
import { clipInterval, intervalLayers } from '../src/charts/common.ts';

const x = { field: 'r', type: 'quantitative' as const };
const color = { field: 'strategy', type: 'nominal' as const };

describe('intervalLayers', () => {
  it('draws a vertical rule and a filtered triangle only when some interval is cut', () => {
    const none = intervalLayers({ axis: 'y', at: { x }, color, cap: { mark: 'point', anyClipped: false } });
    const some = intervalLayers({ axis: 'y', at: { x }, color, cap: { mark: 'point', anyClipped: true } });
    expect(none).toEqual([{ mark: { type: 'rule', strokeWidth: 1.5 }, encoding: { x, y: { field: 'lowShown', type: 'quantitative' }, y2: { field: 'highShown' }, color } }]);
    expect(some).toHaveLength(2);
    expect(some[1]).toEqual({
      transform: [{ filter: 'datum.clipped' }],
      mark: { type: 'point', shape: 'triangle-up', filled: true, size: 30 },
      encoding: { x, y: { field: 'highShown', type: 'quantitative' }, color },
    });
  });

  it('draws a horizontal rule with a ▶ glyph on every row, empty where nothing is cut', () => {
    const y = { field: 'strategy', type: 'nominal' as const };
    const [rule, glyph] = intervalLayers({ axis: 'x', at: { y }, color, low: 'a', high: 'b', strokeWidth: 2, cap: { mark: 'glyph', fontSize: 10, align: 'center' } });
    expect(rule?.encoding).toEqual({ y, x: { field: 'a', type: 'quantitative' }, x2: { field: 'b' }, color });
    expect(rule?.mark).toEqual({ type: 'rule', strokeWidth: 2 });
    expect(glyph?.mark).toEqual({ type: 'text', fontSize: 10, align: 'center', baseline: 'middle', aria: false });
    expect(glyph?.encoding?.text).toEqual({ condition: { test: 'datum.clipped', value: '▶' }, value: '' });
  });

  it('marks an interval clipped exactly when its high end passes the cap', () => {
    expect(clipInterval(1, 2, 3)).toEqual({ lowShown: 1, highShown: 2, clipped: false });
    expect(clipInterval(1, 5, 3)).toEqual({ lowShown: 1, highShown: 3, clipped: true });
  });
});
