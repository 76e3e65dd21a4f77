import type { Program } from '@rclab/interpreter';
import { atomicityProgram } from '../atomicity.ts';
import { counterProgram } from '../counter.ts';
import { createDictProgram } from '../create_dict.ts';
import { createPyobjectProgram } from '../create_pyobject.ts';
import { loadStringConstProgram } from '../load_string_const.ts';
import { loadTupleConstProgram } from '../load_tuple_const.ts';
import { doubleProgram, moduleFunctionProgram } from '../module_function.ts';
import { nextNumberProgram, pyfunctionProgram } from '../pyfunction.ts';
import { threadLocalReadProgram } from '../thread_local_read.ts';
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
    load_string_const: [loadStringConstProgram],
    load_tuple_const: [loadTupleConstProgram],
    create_dict: [createDictProgram],
    create_pyobject: [createPyobjectProgram],
    pyfunction: [pyfunctionProgram, nextNumberProgram],
    module_function: [moduleFunctionProgram, doubleProgram],
    thread_local_read: [threadLocalReadProgram],
  };
}
