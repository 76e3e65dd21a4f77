/** The results file's catalog entries come from the factories, with defaults for what a user's module leaves out. */
import { describe, expect, it } from 'vitest';
import { RESULTS_SCHEMA, resultsProblems, type ResultsFile, strategyEntry, workloadEntry } from '@rclab/core';
import { strategyFactoryProblem } from '../src/strategy/define.ts';
import type { StrategyFactory } from '../src/strategy/types.ts';
import type { WorkloadFactory } from '../src/workload/types.ts';

const bare: StrategyFactory = {
  name: 'mine',
  description: 'a user strategy that declares nothing optional',
  headerWords: 1,
  threadSafe: true,
  create: () => {
    throw new Error('not created in this test');
  },
};

function fileWith(strategies: ResultsFile['catalog']['strategies'], workloads: ResultsFile['catalog']['workloads'] = []): unknown {
  return {
    schema: RESULTS_SCHEMA,
    env: {
      node: '20',
      v8: '11',
      cpuModel: 'cpu',
      cores: 2,
      platform: 'linux',
      arch: 'x64',
      osRelease: '6',
      totalMemoryMB: 1024,
      date: '2026-11-29T00:00:00Z',
      rclabVersion: '0.1.0',
      commandLine: [],
      seed: 1,
    },
    config: { suite: 'custom', strategies: [], workloads: [], threads: [1], rounds: 1, sliceMs: 1, warmup: { minMs: 0, maxMs: 0 }, suiteOptions: {}, heapMB: 16, seed: 1 },
    catalog: { strategies, workloads },
    cells: [],
    timelines: [],
  };
}

describe('catalog entries', () => {
  it('give a strategy without the optional facts a family of its own and no counters or timeline kinds', () => {
    expect(strategyEntry(bare)).toEqual({ name: 'mine', description: bare.description, threadSafe: true, family: 'mine', counters: [], timeline: [] });
    expect(resultsProblems(fileWith([strategyEntry(bare)]))).toEqual([]);
  });

  it('carry declared families, counters with units and timeline roles into a valid file', () => {
    const entry = strategyEntry({
      ...bare,
      family: 'biased',
      counters: [{ name: 'spills', unit: 'pages' }],
      timelineKinds: [{ kind: 'take', role: 'acquire', description: 'took it' }],
    });
    expect(entry).toMatchObject({ family: 'biased', counters: [{ name: 'spills', unit: 'pages' }], timeline: [{ kind: 'take', role: 'acquire' }] });
    expect(resultsProblems(fileWith([entry]))).toEqual([]);
    expect(resultsProblems(fileWith([{ ...entry, timeline: [{ kind: 'take', role: 'grab' as 'acquire' }] }]))[0]).toMatch(/role/);
  });

  it('describe a workload by its op and declared parameters', () => {
    const w = {
      name: 'w',
      description: 'd',
      op: 'one step',
      params: [{ name: 'n', kind: 'int', description: 'how many', default: 2, min: 1, max: 9 }],
    } as unknown as WorkloadFactory;
    expect(workloadEntry(w)).toEqual({ name: 'w', description: 'd', op: 'one step', params: [{ name: 'n', kind: 'int', description: 'how many', default: 2, min: 1, max: 9 }] });
    expect(resultsProblems(fileWith([], [workloadEntry(w)]))).toEqual([]);
  });

  it('refuse a factory whose optional facts are malformed, in one line', () => {
    expect(strategyFactoryProblem(bare)).toBeUndefined();
    expect(strategyFactoryProblem({ ...bare, family: '' })).toMatch(/'family' must be a non-empty string/);
    expect(strategyFactoryProblem({ ...bare, counters: [{ name: 'x' }] })).toMatch(/each of 'counters' must be/);
    expect(strategyFactoryProblem({ ...bare, timelineKinds: [{ kind: 'x', role: 'grab' }] })).toMatch(/each of 'timelineKinds' must be .*acquire/);
  });
});
