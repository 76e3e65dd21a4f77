import { type TimelineEvent } from '@rclab/core';
import { wallMs } from '@rclab/core/internal';

/** Default bound on recorded events per thread. */
export const DEFAULT_TIMELINE_LIMIT = 4096;

/**
 * A bounded per-thread record of lock events for `report().timeline`. Preallocated typed
 * arrays, so recording costs two stores and no allocation; once full, further events are only
 * counted (`dropped`), so a long run keeps its first `limit` events.
 */
export class TimelineRecorder {
  readonly #thread: number;
  readonly #kinds: readonly string[];
  readonly #t: Float64Array;
  readonly #kind: Uint8Array;
  #length = 0;
  /** Events not recorded because the buffer was full. */
  dropped = 0;

  /** `kinds` names the event codes passed to `record`, by index. */
  constructor(thread: number, kinds: readonly string[], limit: number) {
    this.#thread = thread;
    this.#kinds = kinds;
    const n = Math.max(0, Math.floor(limit));
    this.#t = new Float64Array(n);
    this.#kind = new Uint8Array(n);
  }

  record(kind: number): void {
    const i = this.#length;
    if (i === this.#t.length) {
      this.dropped++;
      return;
    }
    this.#t[i] = wallMs();
    this.#kind[i] = kind;
    this.#length = i + 1;
  }

  events(): TimelineEvent[] {
    const out: TimelineEvent[] = [];
    for (let i = 0; i < this.#length; i++) {
      out.push({ t: this.#t[i] as number, thread: this.#thread, kind: this.#kinds[this.#kind[i] as number] ?? 'unknown' });
    }
    return out;
  }
}
