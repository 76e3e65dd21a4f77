import { checkStrategy, formatReport } from '@rclab/strategies/conformance';
const name = process.argv[2] ?? 'atomic';
const runs = Number(process.argv[3] ?? 40);
const free = Number(process.argv[4] ?? 0);
const r = await checkStrategy(name, { seed: 42, runs, freeRuns: free, log: null, onProgress: (t) => console.error(`[${(performance.now()/1000).toFixed(1)}] ${t}`) });
console.log(formatReport(r));
