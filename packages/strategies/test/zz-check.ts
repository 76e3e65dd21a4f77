import { checkStrategy, formatReport } from '@rclab/strategies/conformance';
const names = process.argv.slice(2);
for (const name of names) {
  const spec = name.includes('/') ? new URL(`./${name}`, import.meta.url).href : name;
  const t = performance.now();
  const r = await checkStrategy(spec, { seed: 42, runs: 20, freeRuns: 0, schedulesPerProgram: 60, log: null });
  const failed = r.properties.filter((p) => p.status === 'failed').map((p) => `${p.name}[${p.layer}]: ${p.failure?.slice(0, 120)}`);
  console.log(`${name}: ${r.passed ? 'PASS' : 'FAIL'} ${((performance.now() - t) / 1000).toFixed(1)}s runs=${r.explored.schedules}\n   ${failed.join('\n   ')}`);
  if (process.env.FULL) console.log(formatReport(r));
}
