/** `rclab trace RESULTS.json --out trace.json` — the recorded lock timelines for Perfetto / chrome://tracing. */
import { dirname, resolve } from 'node:path';
import { readResultsFile, UsageError } from '@rclab/core';
import type { OptionSpec } from '../args.ts';
import { writeFileAtomic } from '../journal/files.ts';
import { chromeTrace, chromeTraceJson, forTerminal } from '@rclab/report';
import type { Command } from './types.ts';

const options: OptionSpec[] = [
  { name: 'out', kind: 'value', value: 'FILE', help: 'where to write the trace (default: trace.json beside the results file)' },
  { name: 'help', kind: 'flag', help: 'show this help' },
];

export const traceCommand: Command = {
  name: 'trace',
  summary: 'write the recorded GIL and lock events as a Chrome trace (open in ui.perfetto.dev or chrome://tracing)',
  usage: 'rclab trace RESULTS.json [--out trace.json]',
  options,
  async run(args, io) {
    if (args.positionals.length !== 1) {
      throw new UsageError(`rclab trace needs exactly one results file (e.g. rclab-results/results.json), got ${args.positionals.length}`);
    }
    const file = resolve(io.cwd, args.positionals[0] as string);
    const results = readResultsFile(file);
    if (results.timelines.length === 0) {
      throw new UsageError(`${file} holds no lock timelines to trace: they are recorded by the switch-interval and convoy groups (rclab bench --groups switch-interval,convoy)`);
    }
    const out = resolve(io.cwd, args.values.get('out') ?? resolve(dirname(file), 'trace.json'));
    const trace = chromeTrace(results);
    writeFileAtomic(out, chromeTraceJson(trace));
    const tracks = trace.traceEvents.filter((e) => e.name === 'thread_name').length;
    io.stdout.write(
      `trace: ${forTerminal(out)} — ${results.timelines.length} timeline${results.timelines.length === 1 ? '' : 's'}, ${tracks} thread tracks; open it in https://ui.perfetto.dev or chrome://tracing\n`,
    );
    return 0;
  },
};
