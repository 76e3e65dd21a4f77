/**
 * The switch interval: how long a thread waits for the GIL before it asks the holder to drop
 * it (CPython's `interval`, set by `sys.setswitchinterval`), and the timed wait in `take_gil`
 * that enforces it.
 */
import { BREAKER_STRIDE, DROP_REQUEST } from './layout.ts';
import { type GilThread } from './thread.ts';
import { EV_DROP_REQUEST } from './timeline.ts';

/** Default switch interval in ms (CPython `DEFAULT_INTERVAL`, 5000 µs). */
export const DEFAULT_SWITCH_INTERVAL_MS = 5;

/** The switch interval option, checked: a positive number of milliseconds. */
export function switchIntervalMs(value: unknown): number {
  if (value === undefined) return DEFAULT_SWITCH_INTERVAL_MS;
  const ms = Number(value);
  // The message echoes whatever was passed, objects included.
  // eslint-disable-next-line @typescript-eslint/no-base-to-string
  if (!Number.isFinite(ms) || ms <= 0) throw new RangeError(`switchIntervalMs must be a positive number of milliseconds, got ${String(value)}`);
  return ms;
}

/**
 * `take_gil`'s wait, once the lock was found taken: `COND_TIMED_WAIT` on the lock word for one
 * interval at a time until the lock is ours; after an interval that timed out with the lock
 * still taken and no switch meanwhile (`switch_number` unchanged), `SET_GIL_DROP_REQUEST` on
 * the holder's eval breaker.
 */
export function waitForGil(g: GilThread): void {
  const i32 = g.i32;
  g.contended++;
  const t0 = performance.now();
  for (;;) {
    const saved = Atomics.load(i32, g.switchNumber);
    const woke = Atomics.wait(i32, g.locked, 1, g.intervalMs);
    if (Atomics.compareExchange(i32, g.locked, 0, 1) === 0) break;
    // Timed out, still taken, and nobody switched in meanwhile: ask the holder to drop.
    if (woke === 'timed-out' && Atomics.load(i32, g.switchNumber) === saved) {
      const holder = Atomics.load(i32, g.lastHolder);
      if (holder !== 0 && holder !== g.me) {
        Atomics.or(i32, g.breakers + (holder - 1) * BREAKER_STRIDE, DROP_REQUEST);
        g.dropRequests++;
        g.timeline?.record(EV_DROP_REQUEST);
      }
    }
  }
  g.waitMs += performance.now() - t0;
}
