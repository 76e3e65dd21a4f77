import { describe, expect, it } from 'vitest';
import { parseArgs } from '../src/args.ts';
import { benchCommand, suiteOptionsFrom } from '../src/commands/bench.ts';
import type { Catalogs } from '../src/suite/catalogs.ts';

const catalogs: Catalogs = {
  strategies: { unsafe: 'file:///u.ts', atomic: 'file:///a.ts' },
  workloads: { 'rc-private': 'file:///r.ts', empty: 'file:///e.ts' },
  builtinWorkloads: ['rc-private'],
};
const options = (argv: string[]) => suiteOptionsFrom(parseArgs(argv, benchCommand.options, 'bench'), catalogs, 2);

describe('suite options from the command line', () => {
  it('is the quick preset with every built-in by default', () => {
    const o = options([]);
    expect(o).toMatchObject({
      suite: 'quick',
      rounds: 64,
      sliceMs: 5,
      warmupMinMs: 30,
      warmupMaxMs: 400,
      countMs: 30,
      threads: [1, 2, 4],
      strategies: ['unsafe', 'atomic'],
      workloads: ['rc-private'],
    });
  });

  it('is the full preset with --full', () => {
    expect(options(['--full'])).toMatchObject({ suite: 'full', rounds: 300, sliceMs: 10, warmupMinMs: 100, scalingWorkloads: [] });
  });

  it('becomes custom with explicit choices, and the special groups take no more rounds than --rounds', () => {
    const o = options([
      '--rounds',
      '2',
      '--slice',
      '0.002s',
      '--warmup',
      '1s',
      '--workloads',
      'rc-private',
      '--groups',
      'convoy,overhead',
      '--param',
      'objects=16',
      '--param',
      'window=4',
    ]);
    expect(o).toMatchObject({ suite: 'custom', rounds: 2, sliceMs: 2, warmupMinMs: 1000, warmupMaxMs: 1000, convoyRounds: 2, atomicityRounds: 2, scalingWorkloads: [] });
    expect(o.groups).toEqual(['overhead', 'convoy']); // suite order, not command-line order
    expect(o.params).toEqual({ objects: '16', window: '4' });
  });

  it('keeps the preset name for options that do not change what is measured', () => {
    expect(options(['--seed', '7', '--heap-mb', '128']).suite).toBe('quick');
  });
});
