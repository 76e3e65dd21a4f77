import { loadStrategyFactory, resolveModuleRef } from '@rclab/core';
import { strategyCatalog } from '@rclab/strategies';
import { ControlledPool } from '../src/conformance/controlled.ts';
import { controlledCanaries } from '../src/conformance/program.ts';
const url = resolveModuleRef('atomic', strategyCatalog, 'strategy');
const factory = await loadStrategyFactory(url, true);
let t = performance.now();
const pool = await ControlledPool.open(url, factory, 4);
console.log('open', performance.now() - t);
for (const c of controlledCanaries(4)) for (const g of ['op', 'access'] as const) {
  t = performance.now();
  const o = await pool.run(c.program, { granularity: g, preemptions: [] }, { rounds: 1, strategyOptions: {} });
  console.log(c.name, g, o.steps, (performance.now() - t).toFixed(1), o.failure?.message ?? '');
}
await pool.close();
