// @rclab/bench — the rclab command as a library (`main`), the built-in workloads (the
// bytecode interpreter they run on is @rclab/interpreter), the CPython side, and
// what reads results (compare, summaries, traces). The suite's own machinery (plan, runner,
// journal, statistics) is internal: use the command.
export * from './workloads/index.ts';
export * from './cpython/index.ts';
export { main, commands, USAGE_EXIT } from './main.ts';
export { compareResults } from './compare.ts';
export { summarize } from './summary.ts';

export type { CompareRow, Comparison } from './compare.ts';
export type { Command, CommandIO } from './commands/types.ts';
