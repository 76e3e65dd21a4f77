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

/** The parts the harness block's cells play (its plan records them in `block.roles`, cell id → part). */
export const HARNESS_PART = {
  /** The `harness-empty` probe under the baseline. */
  empty: 'empty',
  /** The bare loop, plain and with `Atomics`, under the baseline. */
  bare: 'bare',
  bareAtomic: 'bare-atomic',
  /** The mirrored workload (`rc-private`) under the baseline and under the `atomic` family. */
  baseline: 'baseline-mirrored',
  atomic: 'atomic-mirrored',
} as const;

/** Figures from the harness block's cells; `roles` maps cell id → part ({@link HARNESS_PART}). */
export function harnessFigures(cells: readonly Cell[], roles: Readonly<Record<string, string>>): Record<string, number> {
  const out: Record<string, number> = {};
  const m = cells.filter((c): c is MeasuredCell => c.status === 'measured');
  const find = (part: string): MeasuredCell | undefined => m.find((c) => roles[c.id] === part);
  const ns = (c: MeasuredCell | undefined): number | undefined => (c !== undefined && c.opsPerSec.median > 0 ? 1e9 / c.opsPerSec.median : undefined);
  const put = (key: string, v: number | undefined): void => {
    if (v !== undefined && Number.isFinite(v)) out[key] = Math.round(v * 10000) / 10000;
  };
  const empty = find(HARNESS_PART.empty);
  const bare = find(HARNESS_PART.bare);
  const bareAtomic = find(HARNESS_PART.bareAtomic);
  const unsafe = find(HARNESS_PART.baseline);
  const atomic = find(HARNESS_PART.atomic);
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
