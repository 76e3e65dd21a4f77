import { checkStrategy } from '@rclab/strategies/conformance';
import { runSchedule } from '../src/conformance/check.ts';
const spec = process.argv[2]!;
const r = await checkStrategy(spec, { seed: 42, runs: 20, freeRuns: 0, schedulesPerProgram: 60, log: null, properties: [process.argv[3] as never], path: process.argv[4] });
const p = r.properties[0]!;
const o = await runSchedule(spec, p.counterexample!, p.schedule!);
console.log(o.failure, o.trace.join('\n'));
