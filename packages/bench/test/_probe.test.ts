import { openCell } from '@rclab/core';
import { strategyCatalog } from '@rclab/strategies';
import { it } from 'vitest';
import { workloadCatalog } from '../src/workloads/catalog.ts';

it('probe', async () => {
  for (const [objects, dummy] of [[100000, 1], [100000, 2]] as const) {
    for (const strategy of ['atomic', 'biased']) {
      for (const r of [1]) {
        const live = await openCell({ strategy, strategies: strategyCatalog, workload: 'brc-paper', workloads: workloadCatalog, threads: 2, heapMB: 64, params: { objects, dummy, k: 2, remoteFraction: r } });
        const t: number[] = [];
        for (let i = 0; i < 6; i++) t.push((await live.sliceOps(1)).elapsedMs);
        const o = await live.close();
        const m = Object.fromEntries(o.measurements.map((x) => [x.name, x.value]));
        console.log(objects, dummy, strategy, r, t.map((x) => x.toFixed(1)).join(' '), 'inside', m.releaserInsideDummy, 'wall', m.wallMs?.toFixed(1), 'ok', o.correctness.ok, 'peakQ', m.peakQueueLength);
      }
    }
  }
}, 120000);
