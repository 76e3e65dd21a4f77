/**
 * The results file's `catalog` entries, made from the factories themselves: what the report
 * knows about a strategy or a workload it reads from here, never from a copy of its own.
 */
import type { StrategyFactory } from '../strategy/types.ts';
import type { WorkloadFactory } from '../workload/types.ts';
import type { StrategyEntry, TimelineRole, WorkloadEntry } from './types.ts';

/** Every timeline role, for checking a user's declaration. */
export const TIMELINE_ROLES = ['acquire', 'release', 'forced-release', 'block', 'unblock', 'request', 'marker'] as const satisfies readonly TimelineRole[];

/** A strategy's catalog entry: its declared facts, with the defaults of the optional ones. */
export function strategyEntry(factory: StrategyFactory): StrategyEntry {
  return {
    name: factory.name,
    description: factory.description,
    threadSafe: factory.threadSafe,
    family: factory.family ?? factory.name,
    counters: (factory.counters ?? []).map((c) => ({ name: c.name, unit: c.unit, ...(c.description !== undefined ? { description: c.description } : {}) })),
    timeline: (factory.timelineKinds ?? []).map((k) => ({ kind: k.kind, role: k.role, ...(k.description !== undefined ? { description: k.description } : {}) })),
  };
}

/** A workload's catalog entry: name, description, what one operation is, its parameters. */
export function workloadEntry(factory: WorkloadFactory): WorkloadEntry {
  return {
    name: factory.name,
    description: factory.description,
    ...(factory.op !== undefined ? { op: factory.op } : {}),
    params: [...(factory.params ?? [])],
  };
}

/** What is wrong with a factory's optional catalog fields (`family`, `counters`, `timelineKinds`), or `undefined`. */
export function strategyCatalogProblem(f: Readonly<Record<string, unknown>>): string | undefined {
  if (f.family !== undefined && (typeof f.family !== 'string' || f.family.length === 0))
    return "'family' must be a non-empty string (gil, biased, atomic, locked, unsafe, or your own)";
  if (f.counters !== undefined) {
    if (!Array.isArray(f.counters)) return "'counters' must be a list of { name, unit, description? }";
    for (const c of f.counters as unknown[]) {
      const o = c as Record<string, unknown> | null;
      if (o === null || typeof o !== 'object' || typeof o.name !== 'string' || typeof o.unit !== 'string')
        return "each of 'counters' must be { name: string, unit: string, description?: string }";
    }
  }
  if (f.timelineKinds !== undefined) {
    if (!Array.isArray(f.timelineKinds)) return "'timelineKinds' must be a list of { kind, role, description? }";
    for (const k of f.timelineKinds as unknown[]) {
      const o = k as Record<string, unknown> | null;
      if (o === null || typeof o !== 'object' || typeof o.kind !== 'string' || !(TIMELINE_ROLES as readonly unknown[]).includes(o.role)) {
        return `each of 'timelineKinds' must be { kind: string, role: ${TIMELINE_ROLES.join(' | ')}, description?: string }`;
      }
    }
  }
  return undefined;
}
