/**
 * Taking and dropping the GIL, and the drop request: CPython's `Python/ceval_gil.c` (at commit
 * adeee1bd), the "new GIL" of 3.2. The timed wait of `take_gil` is in `switch-interval.ts`.
 *
 *   CPython                                          here
 *   take_gil                                         takeGil (its timed wait: waitForGil)
 *   drop_gil + its FORCE_SWITCHING wait              dropGil(forced)
 *   _Py_HandlePending, the gil_drop_request part     handleDropRequest
 *
 * Slow paths only: a thread reaches them at attach and detach, around a blocking call, and at a
 * checkpoint that finds its eval breaker set, never per reference-count operation. Plain
 * functions over a `GilThread` (`thread.ts`), so the strategy calls them directly.
 */
import { DROP_REQUEST } from './layout.ts';
import { type GilThread } from './thread.ts';
import { waitForGil } from './switch-interval.ts';
import { EV_ACQUIRE, EV_FORCED_DROP, EV_RELEASE } from './timeline.ts';

/** `take_gil`. */
export function takeGil(g: GilThread): void {
  const i32 = g.i32;
  if (Atomics.compareExchange(i32, g.locked, 0, 1) !== 0) waitForGil(g);
  g.acquisitions++;
  if (Atomics.load(i32, g.lastHolder) !== g.me) {
    Atomics.store(i32, g.lastHolder, g.me);
    Atomics.add(i32, g.switchNumber, 1);
    // COND_SIGNAL(switch_cond): a holder that dropped on request waits for this change.
    Atomics.notify(i32, g.lastHolder);
    g.switches++;
  }
  if ((Atomics.load(i32, g.breaker) & DROP_REQUEST) !== 0) Atomics.and(i32, g.breaker, ~DROP_REQUEST);
  g.acquiredAt = performance.now();
  g.timeline?.record(EV_ACQUIRE);
}

/** `drop_gil`; `forced`: we were asked to drop, so wait until somebody else took the lock. */
export function dropGil(g: GilThread, forced: boolean): void {
  const i32 = g.i32;
  g.heldMs += performance.now() - g.acquiredAt;
  Atomics.store(i32, g.locked, 0);
  Atomics.notify(i32, g.locked, 1);
  g.timeline?.record(EV_RELEASE);
  if (!forced) return;
  // Already switched (the waiter took the lock the moment it was free): nothing to wait for.
  if (Atomics.load(i32, g.lastHolder) !== g.me) return;
  Atomics.and(i32, g.breaker, ~DROP_REQUEST);
  const t0 = performance.now();
  while (Atomics.load(i32, g.lastHolder) === g.me) Atomics.wait(i32, g.lastHolder, g.me);
  g.switchWaitMs += performance.now() - t0;
  g.forcedSwitchWaits++;
}

/** `_Py_HandlePending` for the drop request: drop (and wait for the switch), then retake. */
export function handleDropRequest(g: GilThread): void {
  if ((Atomics.load(g.i32, g.breaker) & DROP_REQUEST) === 0) return;
  g.forcedDrops++;
  g.timeline?.record(EV_FORCED_DROP);
  const switches = g.switches;
  dropGil(g, g.forceSwitching);
  takeGil(g);
  // Another thread held the lock in between: the request was honoured with a real switch.
  if (g.switches !== switches) g.forcedSwitches++;
}
