import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MeasuredCell, ResultsFile } from '@rclab/core';
import { describe, expect, it } from 'vitest';
import { benchSummaryParts } from '../src/format/bench-summary.ts';
import { formatSummary } from '@rclab/report';
import { ROOT } from './cli-helpers.ts';

const load = (name: string): ResultsFile => JSON.parse(readFileSync(join(ROOT, `packages/report/test/fixtures/${name}.json`), 'utf8')) as ResultsFile;

describe('rclab bench --format md|csv', () => {
  it('md: the overhead matrix and a scaling table per workload, each figure with its interval', () => {
    const full = load('full');
    const md = formatSummary(benchSummaryParts(full), 'md');
    const overheadWorkloads = [...new Set(full.cells.filter((c) => c.group === 'overhead').map((c) => c.workload))];
    expect(md).toContain('**Single thread: throughput relative to unsafe (unsafe: ops/s)**');
    for (const w of overheadWorkloads) expect(md).toMatch(new RegExp(`^\\| \`${w}\` \\| [\\d.]+[kMG]? \\[`, 'm'));
    const atomic = full.cells.find((c): c is MeasuredCell => c.group === 'overhead' && c.strategy === 'atomic' && c.workload === 'rc-private' && c.status === 'measured');
    const r = atomic?.baselineRatio;
    expect(md).toContain(`${r?.median.toFixed(2)} [${r?.low.toFixed(2)}–${r?.high.toFixed(2)}]`);
    expect(md).toMatch(/\*\*Scaling on rc-shared: speedup over 1 thread/);
  });

  it('csv: one block per table, each with a title row and a header row; hostile names stay in their cells', () => {
    const csv = formatSummary(benchSummaryParts(load('hostile')), 'csv');
    const blocks = csv.split('\n\n');
    expect(blocks.length).toBeGreaterThanOrEqual(2);
    expect(blocks[0]?.split('\n')[0]).toBe('Single thread: throughput relative to unsafe (unsafe: ops/s)');
    for (const b of blocks) {
      const lines = b.split('\n');
      const columns = (lines[1] as string).split(',').length;
      // No name containing a comma in these fixtures is unquoted: every data row has the header's column count outside quotes.
      for (const line of lines.slice(2)) expect(line.replace(/"(?:[^"]|"")*"/g, 'Q').split(',')).toHaveLength(columns);
    }
    const header = (blocks[0]?.split('\n')[1] as string).split(',');
    expect(header).toContain('<script>alert(1)</script>');
    expect(header).toContain('"a.b[0]"" onmouseover=""alert(2)"');
  });
});
