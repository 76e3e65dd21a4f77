import { editDistance, nearest } from '@rclab/core/internal';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvField, csvTable } from '../src/text/csv.ts';
import { markdownCode, markdownProse, markdownTable, markdownText } from '../src/text/markdown.ts';
import { formatSummary } from '../src/text/summary.ts';
import type { PlainTable } from '../src/text/table.ts';
import { forTerminal } from '../src/text/sanitize.ts';

/** A minimal RFC 4180 reader, to check that every CSV we write reads back cell for cell. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  row.push(field);
  rows.push(row);
  return rows;
}

/** Splits a GFM table row into its cells at unescaped pipes. */
function mdCells(line: string): string[] {
  return line.slice(2, -2).split(/(?<!\\) \| /);
}

const hostile = fc.string({
  unit: fc.constantFrom(
    'a',
    'b',
    '|',
    '\n',
    '\r',
    '"',
    ',',
    '`',
    '<',
    '>',
    '&',
    '\\',
    '*',
    '_',
    '[',
    ']',
    '(',
    ')',
    '=',
    '-',
    '@',
    '\u001b',
    '\u0007',
    '\u009b',
    ' ',
    '#',
    '1',
    '.',
  ),
});

describe('terminal text', () => {
  it('removes C0, DEL, C1 and bidi controls, and turns line breaks into spaces', () => {
    expect(forTerminal('a\u001b[31mred\u001b[0m\u0007\u009b2J b')).toBe('a[31mred[0m2J b');
    expect(forTerminal('one\r\ntwo\nthree\rfour\tfive')).toBe('one two three fourfive');
    expect(forTerminal('x\u202eevil\u2066y')).toBe('xevily');
    expect(forTerminal('plain — ≈ × ünïcode')).toBe('plain — ≈ × ünïcode');
  });
});

describe('markdown', () => {
  const table: PlainTable = {
    title: 'T',
    headers: ['name', 'value'],
    rows: [
      ['a|b', '1'],
      ['<script>alert(1)</script>', '[0.9–1.1]'],
    ],
    kinds: ['code', 'text'],
  };

  it('renders a GFM table with right-aligned numbers and names as code spans', () => {
    expect(markdownTable(table)).toBe(['**T**', '', '| name | value |', '| --- | ---: |', '| `a\\|b` | 1 |', '| `<script>alert(1)</script>` | [0.9–1.1] |'].join('\n'));
  });

  it('escapes text cells: markup, pipes, links and emphasis render literally', () => {
    expect(markdownText('<b>x</b> | *y* _z_ [l](http://e) &amp; `c`')).toBe('\\<b\\>x\\</b\\> \\| \\*y\\* \\_z\\_ [l]\\(http://e) \\&amp; \\`c\\`');
    expect(markdownProse('# not a heading')).toBe('\\# not a heading');
    expect(markdownProse('1. not a list')).toBe('1\\. not a list');
    expect(markdownCode('a`b')).toBe('``a`b``');
    expect(markdownCode('`x')).toBe('`` `x ``');
  });

  it('property: any cell text keeps the table shape (one row per line, one cell per column), with no control character', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(hostile, hostile), { minLength: 1, maxLength: 5 }), (rows) => {
        const md = markdownTable({ headers: ['name', 'text'], rows, kinds: ['code', 'text'] });
        const lines = md.split('\n');
        expect(lines).toHaveLength(rows.length + 2);
        for (const line of lines) {
          expect(mdCells(line)).toHaveLength(2);
          // eslint-disable-next-line no-control-regex
          expect(line).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
        }
        // No raw HTML can open in a text cell.
        for (const line of lines.slice(2)) expect(mdCells(line)[1]).not.toMatch(/(?<!\\)</);
      }),
      { numRuns: 300 },
    );
  });
});

describe('CSV', () => {
  it('quotes what needs quoting and defuses formulas', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('=HYPERLINK("http://e")')).toBe('"\'=HYPERLINK(""http://e"")"');
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('-0.5')).toBe('-0.5');
    expect(csvField('-1e3')).toBe('-1e3');
    expect(csvField('a\u001b[2Jb')).toBe('a[2Jb');
  });

  it('property: any table reads back with the same shape and the cleaned cells', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(hostile, hostile, hostile), { minLength: 1, maxLength: 6 }), (rows) => {
        const parsed = parseCsv(csvTable({ headers: ['a', 'b', 'c'], rows }));
        expect(parsed).toHaveLength(rows.length + 1);
        parsed.slice(1).forEach((r, i) => {
          expect(r).toHaveLength(3);
          r.forEach((cell, j) => {
            const clean = forTerminal((rows[i] as string[])[j] as string);
            expect(cell === clean || cell === `'${clean}`).toBe(true);
          });
        });
      }),
      { numRuns: 300 },
    );
  });
});

describe('formatSummary', () => {
  const parts = [{ text: ['line one', 'line two'] }, { title: 'First', headers: ['k', 'v'], rows: [['x', '1']] }, { title: 'Second', headers: ['k'], rows: [['y']] }];
  it('text: prose lines then aligned tables', () => {
    expect(formatSummary(parts, 'text')).toBe('line one\nline two\n\nFirst\nk  v\nx  1\n\nSecond\nk\ny');
  });
  it('md: prose paragraphs and GFM tables', () => {
    expect(formatSummary(parts, 'md')).toBe('line one\n\nline two\n\n**First**\n\n| k | v |\n| --- | ---: |\n| x | 1 |\n\n**Second**\n\n| k |\n| --- |\n| y |');
  });
  it('csv: one table plain, several as titled blocks, prose left out', () => {
    expect(formatSummary([parts[1] as PlainTable], 'csv')).toBe('k,v\nx,1');
    expect(formatSummary(parts, 'csv')).toBe('First\nk,v\nx,1\n\nSecond\nk\ny');
  });
});

describe('did you mean', () => {
  it('suggests the nearest name for typos, swaps and abbreviations, and nothing for a different word', () => {
    const options = ['full', 'strategies', 'workloads', 'threads', 'trials', 'duration', 'json', 'format'];
    expect(nearest('stratgies', options)).toBe('strategies');
    expect(nearest('therads', options)).toBe('threads');
    expect(nearest('josn', options)).toBe('json');
    expect(nearest('strat', options)).toBe('strategies');
    expect(nearest('bogus', options)).toBeUndefined();
    expect(nearest('x', options)).toBeUndefined();
    expect(editDistance('ab', 'ba')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });

  it('property: edit distance is a metric-like count (0 iff equal, symmetric, at most the longer length)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), fc.string({ maxLength: 12 }), (a, b) => {
        const d = editDistance(a, b);
        expect(d === 0).toBe(a === b);
        expect(editDistance(b, a)).toBe(d);
        expect(d).toBeLessThanOrEqual(Math.max(a.length, b.length));
      }),
    );
  });
});
