import { describe, expect, it } from 'vitest';
import { splitCheckName } from '../src/article.ts';
import { buildModel } from '../src/model.ts';
import { atomicityTable } from '../src/tables/atomicity.ts';
import { summaryTable } from '../src/tables/summary.ts';
import { loadFixture } from './__helpers__/fixtures.ts';

/** Table cells as text, row by row (tags stripped, entities decoded). */
function rows(markup: string): string[][] {
  const text = (s: string): string =>
    s
      .replace(/<[^>]+>/g, ' ')
      .replace(/&#39;/g, "'")
      .replace(/&quot;/g, '"')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&')
      .replace(/\s+/g, ' ')
      .trim();
  const body = markup.slice(markup.indexOf('<tbody>'));
  return [...body.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((r) => [...(r[1] ?? '').matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((c) => text(c[1] ?? '')));
}

describe('the atomicity table', () => {
  const build = atomicityTable.build(buildModel([loadFixture('full')]));
  if (build.kind !== 'table') throw new Error('expected a table');
  const table = rows(build.html.value);

  it("has the article's six expressions in its order, then the other checks", () => {
    expect(table.map((r) => r[0]?.split(' checked:')[0])).toEqual([
      'L.append(item)',
      'counter += 1',
      'd[k] = v',
      'd[k] = d[k] + 1',
      'q.put(x)',
      'x = obj.field',
      'interpreter faults (freed or wrong objects, Python errors)',
    ]);
    expect(table[0]?.[0]).toBe('L.append(item) checked: len(L)');
  });

  it("sets the measured verdict per strategy and checkpoint placement beside the article's", () => {
    const counter = table[1] ?? [];
    expect(counter[1]).toMatch(/^RACY · always/);
    const gil = counter[3] ?? '';
    expect(gil).toMatch(/every RACY lost \d+ of 400k .*as the article says/);
    expect(gil).toMatch(/backedges exact \(400k\) · differs from the article/);
    expect(table[0]?.[3]).toMatch(/every exact \(400k\) · as the article says/);
    expect(table[0]?.[2]).toMatch(/every RACY lost/);
  });

  it('explains every disagreement with the article', () => {
    expect(build.notes).toEqual([
      expect.stringMatching(/^counter \+= 1 under gil with checkpoints=backedges: the result was exact, .* the GIL is never dropped inside the expression\.$/),
      expect.stringMatching(/^d\[k\] = d\[k\] \+ 1 under gil with checkpoints=backedges/),
    ]);
  });

  it('splits check names into the expression and what was checked', () => {
    expect(splitCheckName("d[k] = d[k] + 1: hits['k']")).toEqual({ expression: 'd[k] = d[k] + 1', detail: "hits['k']" });
    expect(splitCheckName('q.put(x)')).toEqual({ expression: 'q.put(x)', detail: '' });
  });
});

describe('the summary table', () => {
  it("restates the article's §7 rows with the measured speedups and checks", () => {
    const build = summaryTable.build(buildModel([loadFixture('full')]));
    if (build.kind !== 'table') throw new Error('expected a table');
    const table = rows(build.html.value);
    expect(table.slice(0, 3).map((r) => r[0])).toEqual(['cpu-bound Pure Python · CPU-bound', 'io-bound I/O-bound · few connections', 'native C extension heavy lifting']);
    expect(table[0]?.[1]).toMatch(/^Slower than serial\. GIL contention dominates\. agrees: gil measured 0\.\d+× \[[\d.]+×–[\d.]+×\], slower than one thread$/);
    expect(table[0]?.[3]).toMatch(/^0\.\d+× on 2 threads \d+(\.\d+)?% of unsafe ✓ clean$/);
    const rcShared = table.find((r) => r[0]?.startsWith('rc-shared')) ?? [];
    expect(rcShared[2]).toMatch(/baseline ✗ .*lost/);
    expect(build.notes).toContain('Not measured in this run: "I/O-bound · many thousands" (article: "Memory cost of stacks bites at ~1000+.").');
  });
});
