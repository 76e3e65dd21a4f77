/**
 * The summary claims a resolution only when the run has one, and an older results file is one
 * line naming its version; the baseline it speaks of is the results' own (`config.baseline`).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assertResultsFile, type ResultsFile } from '@rclab/core';
import { describe, expect, it } from 'vitest';
import { benchSummaryParts } from '../src/format/bench-summary.ts';
import { cellLine } from '../src/progress.ts';
import { summarize } from '../src/summary.ts';
import { ROOT } from './cli-helpers.ts';

const full = JSON.parse(readFileSync(join(ROOT, 'packages/report/test/fixtures/full.json'), 'utf8')) as ResultsFile;

describe('the summary', () => {
  it('never says a difference is resolved by a run with too few slices for a 95% interval', () => {
    const one = { ...full, findings: { ...full.findings, slicesPerCell: 1, medianRatioIntervalWidth: 0 } };
    const text = summarize(one);
    expect(text).toMatch(/resolution: 1 slices per cell give no 95% interval, so no difference is resolved/);
    expect(text).not.toMatch(/differences of 10% are resolved/);
  });

  it('says 10% is resolved only when the ratio intervals are narrow enough', () => {
    expect(summarize({ ...full, findings: { ...full.findings, slicesPerCell: 80, medianRatioIntervalWidth: 0.03 } })).toMatch(/differences of 10% are resolved/);
    expect(summarize({ ...full, findings: { ...full.findings, slicesPerCell: 80, medianRatioIntervalWidth: 0.2 } })).toMatch(/not resolved by this run/);
  });

  it('leads with the computed headline and warns about an unsteady machine', () => {
    const text = summarize(full);
    expect(text).toMatch(/Who wins where/);
    expect(text.indexOf('Who wins where')).toBeLessThan(text.indexOf('Single thread:'));
    expect(text).toMatch(/WARNING: the machine was not steady/);
  });
});

describe('results files of an earlier schema', () => {
  it('are refused in one line that names their version', () => {
    for (const version of ['rclab/results@1', 'rclab/results@2']) {
      const old = { ...full, schema: version };
      let message = '';
      try {
        assertResultsFile(old, 'old.json');
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).toBe(`old.json was written with results schema "${version}"; this rclab reads rclab/results@3 only: run \`rclab bench\` again to measure it anew`);
      expect(message).not.toContain('\n');
    }
  });
});

describe('the baseline in the terminal output', () => {
  // The same run with its control strategy (family `unsafe`) under another name: every line that
  // speaks of the baseline names the results' `config.baseline`, not a strategy called 'unsafe'.
  const renamed = JSON.parse(
    JSON.stringify(full)
      .replace(/"unsafe"/g, '"control"')
      .replace(/\/unsafe\//g, '/control/'),
  ) as ResultsFile;

  it('is the one config.baseline names, whatever it is called', () => {
    expect(renamed.config.baseline).toBe('control');
    const text = summarize(renamed);
    expect(text).toContain('Single thread: throughput relative to control, median');
    expect(text).toMatch(/^workload +control ops\/s /m);
    expect(text).not.toMatch(/unsafe/);
    // The control's failed checks on several threads are the expected outcome, said of it by name.
    expect(text).toMatch(/^ {2}scaling\/control\/rc-shared\/2: .* \(expected: control is the negative control\)$/m);
    expect(benchSummaryParts(renamed).some((p) => 'title' in p && p.title === 'Single thread: throughput relative to control (control: ops/s)')).toBe(true);
    const atomic = renamed.cells.find((c) => c.status === 'measured' && c.group === 'overhead' && c.strategy === 'atomic');
    expect(atomic === undefined ? '' : cellLine(atomic)).toMatch(/ · ×[\d.]+ \[[\d.]+–[\d.]+\] control · /);
  });
});
