/**
 * The harness's own cost, so nobody mistakes it for a strategy's — from the harness block,
 * whose cells are interleaved slice by slice like any comparison:
 * - `emptyNsPerOp`: the `empty` workload under `unsafe`: the batch loop's cost per operation;
 * - `bareLoopNsPerOp`, `bareAtomicLoopNsPerOp`: `rc-private`'s operations as a bare typed-array
 *   loop, plain and with `Atomics`;
 * - `unsafeMicroNsPerOp`, `atomicMicroNsPerOp`: `rc-private` under `unsafe` and `atomic`
 *   through the strategy and workload interfaces;
 * - `interfaceFactor`, `atomicInterfaceFactor`: the bare loop's throughput over the strategy's,
 *   the median of per-round ratios (the abstraction's cost), with `…Low`/`…High` bounds.
 */
import type { Cell, MeasuredCell } from '@rclab/core';
import { pairedRatio } from '../suite/aggregate.ts';

/** Figures from the harness block's cells. */
export function harnessFigures(cells: readonly Cell[]): Record<string, number> {
  const out: Record<string, number> = {};
  const m = cells.filter((c): c is MeasuredCell => c.status === 'measured');
  const find = (strategy: string, workload: string, atomic?: boolean): MeasuredCell | undefined =>
    m.find((c) => c.strategy === strategy && c.workload === workload && (atomic === undefined || c.params.atomic === atomic));
  const ns = (c: MeasuredCell | undefined): number | undefined => (c !== undefined && c.opsPerSec.median > 0 ? 1e9 / c.opsPerSec.median : undefined);
  const put = (key: string, v: number | undefined): void => {
    if (v !== undefined && Number.isFinite(v)) out[key] = Math.round(v * 10000) / 10000;
  };
  const empty = find('unsafe', 'empty');
  const bare = find('unsafe', 'bare', false);
  const bareAtomic = find('unsafe', 'bare', true);
  const unsafe = find('unsafe', 'rc-private');
  const atomic = find('atomic', 'rc-private');
  put('emptyNsPerOp', ns(empty));
  put('bareLoopNsPerOp', ns(bare));
  put('bareAtomicLoopNsPerOp', ns(bareAtomic));
  put('unsafeMicroNsPerOp', ns(unsafe));
  put('atomicMicroNsPerOp', ns(atomic));
  const factor = (key: string, loop: MeasuredCell | undefined, strategy: MeasuredCell | undefined): void => {
    if (loop === undefined || strategy === undefined) return;
    const r = pairedRatio(loop, strategy);
    if (r === undefined) return;
    put(key, r.median);
    put(`${key}Low`, r.low);
    put(`${key}High`, r.high);
  };
  factor('interfaceFactor', bare, unsafe);
  factor('atomicInterfaceFactor', bareAtomic, atomic);
  return out;
}
