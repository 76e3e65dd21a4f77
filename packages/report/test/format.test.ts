import { describe, expect, it } from 'vitest';
import { duration, groupThousands, paramsText, percent, relativeWords, si, sig, times } from '../src/format.ts';
import { escapeHtml, html, jsonForScript, SafeHtml, trustedSvg } from '../src/html/safe.ts';
import { estimateTextWidth } from '../src/render/textWidth.ts';

describe('format', () => {
  it('formats numbers the same on every machine', () => {
    expect(sig(0.0031234)).toBe('0.00312');
    expect(sig(12.3456)).toBe('12.3');
    expect(sig(1234.5)).toBe('1,235');
    expect(sig(0.00001234)).toBe('1.23e-5');
    expect(groupThousands(1234567)).toBe('1,234,567');
    expect(si(12_300_000)).toBe('12.3M');
    expect(times(1.8523)).toBe('1.85×');
    expect(percent(0.1234)).toBe('12%');
    expect(duration(0.0005)).toBe('500 ns');
    expect(duration(0.05)).toBe('50 µs');
    expect(duration(5.07)).toBe('5.07 ms');
    expect(duration(1500)).toBe('1.5 s');
    expect(relativeWords(0.88)).toBe('12% slower');
    expect(relativeWords(1.03)).toBe('3% faster');
    expect(paramsText({ b: 1, a: 'x', skip: true }, ['skip'])).toBe('a=x, b=1');
  });
});

describe('safe HTML', () => {
  it('escapes interpolations and keeps safe fragments', () => {
    const evil = '<script>alert("x")</script>\'`&';
    expect(escapeHtml(evil)).toBe('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39;&#96;&amp;');
    expect(html`<p title="${evil}">${evil}${html`<b>ok</b>`}${[1, 'a<']}</p>`.value).toBe(
      '<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39;&#96;&amp;">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39;&#96;&amp;<b>ok</b>1a&lt;</p>',
    );
  });

  it('writes JSON that cannot close a script element', () => {
    const text = jsonForScript({ a: '</script><script>alert(1)</script>', b: '\u2028' });
    expect(text).not.toMatch(/[<>]|\u2028/);
    expect(JSON.parse(text)).toEqual({ a: '</script><script>alert(1)</script>', b: '\u2028' });
  });

  it('inlines only SVG without active content', () => {
    expect(trustedSvg('<svg><text aria-label="x onerror=1">a onclick=b</text></svg>')).toBeInstanceOf(SafeHtml);
    expect(() => trustedSvg('<svg><script>alert(1)</script></svg>')).toThrow(/script/);
    expect(() => trustedSvg('<svg><rect onclick="alert(1)"/></svg>')).toThrow(/onclick/);
    expect(() => trustedSvg('<svg><foreignObject></foreignObject></svg>')).toThrow(/foreignObject/);
    expect(() => trustedSvg('<svg><a href="javascript:alert(1)"></a></svg>')).toThrow();
    expect(() => trustedSvg('<div></div>')).toThrow(/not an SVG/);
  });
});

describe('estimateTextWidth', () => {
  it('measures narrow and wide characters differently and honours the limit', () => {
    expect(estimateTextWidth({ fontSize: 10 }, 'iiii')).toBeLessThan(estimateTextWidth({ fontSize: 10 }, 'MMMM'));
    expect(estimateTextWidth({ fontSize: 10, fontWeight: 'bold' }, 'abc')).toBeGreaterThan(estimateTextWidth({ fontSize: 10 }, 'abc'));
    expect(estimateTextWidth({ fontSize: 10, limit: 20 }, 'a long label here')).toBe(20);
    expect(estimateTextWidth({}, null)).toBe(0);
  });
});
