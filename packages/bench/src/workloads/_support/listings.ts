import type { Program } from '../../interpreter/program.ts';
import { atomicityProgram } from '../atomicity.ts';
import { counterProgram } from '../counter.ts';
import { cpuBoundProgram } from '../cpu-bound.ts';
import { ioBoundProgram } from '../io-bound.ts';
import { nativeHoldProgram, nativeReleaseProgram } from '../native.ts';
import { sharedReadProgram } from '../shared-read.ts';

/**
 * The programs each interpreter scenario runs (with default parameters; `native` has one per
 * value of `hold`), for `dis` listings in the docs and the CLI.
 */
export function scenarioPrograms(): Readonly<Record<string, readonly Program[]>> {
  return {
    'cpu-bound': [cpuBoundProgram],
    'io-bound': [ioBoundProgram],
    native: [nativeReleaseProgram, nativeHoldProgram],
    'shared-read': [sharedReadProgram],
    counter: [counterProgram],
    atomicity: [atomicityProgram()],
  };
}
