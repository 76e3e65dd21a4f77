/**
 * The main thread's watchdog: a long-lived process arms it many times, late in its life, around
 * waits that end in time — it must never fire early (its deadline is wall-clock time, not a
 * worker's own clock). That it does fire on a real hang is tested end to end in
 * packages/bench/test/cli-runsafe.test.ts (a strategy whose detach() keeps the GIL).
 */
import { guardMainThread } from '@rclab/core/internal';
import { describe, expect, it } from 'vitest';

const block = (ms: number): void => {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
};

describe('guardMainThread', () => {
  it('lets a wait that ends in time return its value, however long the process has lived', async () => {
    // Well past the deadline below since the process started: a deadline taken on the wrong
    // clock would fire at once and kill this test's process.
    await new Promise((resolve) => setTimeout(resolve, 1600));
    for (let k = 0; k < 5; k++) {
      expect(
        guardMainThread(1500, 'must not fire', () => {
          block(200);
          return k;
        }),
      ).toBe(k);
    }
  }, 20_000);

  it('disarms when the guarded call throws', () => {
    expect(() =>
      guardMainThread(300, 'must not fire', () => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    block(600);
  });
});
