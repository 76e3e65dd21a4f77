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
    expect(o).toMatchObject({ suite: 'quick', trials: 6, durationMs: 40, warmupMs: 20, threads: [1, 2, 4], strategies: ['unsafe', 'atomic'], workloads: ['rc-private'] });
  });

  it('is the full preset with --full', () => {
    expect(options(['--full'])).toMatchObject({ suite: 'full', trials: 10, durationMs: 500, warmupMs: 100, scalingWorkloads: [] });
  });

  it('becomes custom with explicit choices, and the special groups follow --duration and --trials', () => {
    const o = options(['--trials', '2', '--duration', '0.02s', '--workloads', 'rc-private', '--groups', 'convoy,overhead', '--param', 'objects=16', '--param', 'window=4']);
    expect(o).toMatchObject({ suite: 'custom', trials: 2, durationMs: 20, convoyDurationMs: 20, convoyTrials: 2, atomicityTrials: 2, scalingWorkloads: [] });
    expect(o.groups).toEqual(['overhead', 'convoy']); // suite order, not command-line order
    expect(o.params).toEqual({ objects: '16', window: '4' });
  });

  it('keeps the preset name for options that do not change what is measured', () => {
    expect(options(['--seed', '7', '--heap-mb', '128']).suite).toBe('quick');
  });
});
