/**
 * The compact tables: the single-thread cost as one matrix (a cell per workload and strategy with
 * its interval and n, the control marked as such, biased counting on objects another thread owns
 * marked †), and the counters as one cross-strategy table with the units the catalog declares.
 */
import type { ResultsFile } from '@rclab/core';
import { describe, expect, it } from 'vitest';
import { buildModel } from '../src/model.ts';
import { countersTable } from '../src/tables/counters.ts';
import { overheadMatrixTable } from '../src/tables/overheadMatrix.ts';
import { loadFixture } from './__helpers__/fixtures.ts';

const htmlOf = (build: ReturnType<typeof overheadMatrixTable.build>): string => (build.kind === 'table' ? String(build.html) : '');

describe('the overhead matrix', () => {
  const full = loadFixture('full');
  it('has a cell per workload and strategy, each with its interval and n; the control says control', () => {
    const text = htmlOf(overheadMatrixTable.build(buildModel([full])));
    const overhead = full.cells.filter((c) => c.status === 'measured' && c.group === 'overhead');
    const workloads = new Set(overhead.map((c) => c.workload));
    const rows = text.match(/<tr><th scope="row">/g) ?? [];
    expect(rows.length).toBe(workloads.size);
    expect(text).toContain('>control<');
    expect(text).toMatch(/\[\d\.\d\d–\d\.\d\d\] n=\d+/);
  });

  it('marks biased counting that took the shared path on one thread (objects owned by another thread) with †, and says why', () => {
    const withShared = (workloads: readonly string[]): ResultsFile => ({
      ...full,
      cells: full.cells.map((c) =>
        c.status === 'measured' && c.group === 'overhead' && c.strategy === 'biased'
          ? { ...c, countersPerOp: { ...c.countersPerOp, sharedOps: workloads.includes(c.workload) ? 2 : 0 } }
          : c,
      ),
    });
    const owner = overheadMatrixTable.build(buildModel([withShared([])]));
    expect(htmlOf(owner)).not.toContain('†');
    expect(owner.kind === 'table' ? owner.notes : ['?']).toEqual([]);
    const shared = withShared(['rc-shared']);
    const build = overheadMatrixTable.build(buildModel([shared]));
    expect(htmlOf(build)).toContain('†');
    expect(build.kind === 'table' ? build.notes.join(' ') : '').toMatch(/rc-shared: biased on one thread counts objects another thread made/);
  });
});

describe('the counters table', () => {
  it('shows each strategy’s non-zero counters per operation with the unit its catalog entry declares', () => {
    const user = loadFixture('user-strategy');
    const text = htmlOf(countersTable.build(buildModel([user])));
    expect(text).toContain('spills');
    expect(text).toContain('pages/op');
    expect(text).toMatch(/<th scope="col">mystrat<\/th>/);
  });
});
