/** The messages between the main thread (`controlled.ts`) and the kit's workers (`controlled-worker.ts`). */
import type { Program } from './program.ts';
import type { Schedule } from './schedule.ts';

/** main → worker: run one program under one schedule in role `role`. */
export interface RunMessage {
  readonly type: 'run';
  readonly id: number;
  readonly role: number;
  readonly heap: SharedArrayBuffer;
  readonly ctl: SharedArrayBuffer;
  readonly program: Program;
  readonly schedule: Schedule;
  readonly rounds: number;
  readonly strategyOptions: Readonly<Record<string, number | string | boolean>>;
}

/** worker → main. */
export type WorkerReply =
  | { readonly type: 'loaded' }
  | { readonly type: 'names'; readonly id: number; readonly names: Readonly<Record<number, string>> }
  | { readonly type: 'failure'; readonly id: number; readonly kind: number; readonly thread: number; readonly message: string }
  | { readonly type: 'result'; readonly id: number; readonly result: ControlledResult }
  | { readonly type: 'idle'; readonly id: number };

/** What thread 0 found after a completed controlled run. */
export interface ControlledResult {
  readonly lostUpdates: number;
  readonly checks: readonly { readonly name: string; readonly expected: number; readonly observed: number }[];
  readonly leaks: number;
  readonly doubleFrees: number;
  readonly useAfterFree: number;
  readonly auditMismatches: number;
  readonly corruptions: number;
  readonly mismatches: readonly { readonly ref: number; readonly tag: number; readonly expected: number; readonly actual: number }[];
  /** Names of the shared objects by ref, for the trace (`g0`, `c1`). */
  readonly names: Readonly<Record<number, string>>;
}
