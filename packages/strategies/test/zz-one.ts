import { checkStrategy, formatReport } from '@rclab/strategies/conformance';
const spec = new URL(`./${process.argv[2]}`, import.meta.url).href;
const r = await checkStrategy(spec, { seed: 42, runs: 20, freeRuns: 0, schedulesPerProgram: 60, log: null, properties: [process.argv[3] as never] });
console.log(formatReport(r));
