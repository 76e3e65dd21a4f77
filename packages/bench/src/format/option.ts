/** The `--format` option shared by `bench` and `compare`. */
import { UsageError } from '@rclab/core';
import { type OptionSpec, type ParsedArgs, parseChoice } from '../args.ts';
import { OUTPUT_FORMATS, type OutputFormat } from '@rclab/report';

export const FORMAT_OPTION: OptionSpec = {
  name: 'format',
  kind: 'value',
  value: 'text|md|csv',
  help: 'print the tables as aligned text (default), markdown (to paste into an issue or a forum post) or CSV',
};

/** The `--format` given (default `text`); `--json` with another format is a usage error. */
export function outputFormat(args: ParsedArgs, command: string): OutputFormat {
  const raw = args.values.get('format');
  const format = raw === undefined ? 'text' : parseChoice(raw, 'format', OUTPUT_FORMATS);
  if (format !== 'text' && args.flags.has('json')) {
    throw new UsageError(`rclab ${command}: give --json or --format ${format}, not both (--json prints everything; --format picks how the tables look)`);
  }
  return format;
}
