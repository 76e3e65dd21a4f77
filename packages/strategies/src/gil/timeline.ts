import { type TimelineKindSpec } from '@rclab/core';

// The GIL's timeline event codes, as `TimelineRecorder.record` takes them: indexes into
// GIL_EVENT_KINDS.
export const EV_ACQUIRE = 0;
export const EV_RELEASE = 1;
export const EV_DROP_REQUEST = 2;
export const EV_FORCED_DROP = 3;
export const EV_BLOCK = 4;
export const EV_UNBLOCK = 5;
/** The event kinds by code. */
export const GIL_EVENT_KINDS = ['acquire', 'release', 'drop-request', 'forced-drop', 'block', 'unblock'] as const;

/** What each event kind means, for the results catalog (the report's timeline reads them by role). */
export const GIL_TIMELINE_KINDS: readonly TimelineKindSpec[] = [
  { kind: 'acquire', role: 'acquire', description: 'took the GIL' },
  { kind: 'release', role: 'release', description: 'released the GIL (a blocking call or the end of the thread)' },
  { kind: 'drop-request', role: 'request', description: 'waited a switch interval and asked the holder to drop (gil_drop_request)' },
  { kind: 'forced-drop', role: 'forced-release', description: 'the holder dropped the GIL at a checkpoint because another thread asked' },
  { kind: 'block', role: 'block', description: 'entered a blocking call with the GIL released (Py_BEGIN_ALLOW_THREADS)' },
  { kind: 'unblock', role: 'unblock', description: 'returned from the blocking call, before queueing for the GIL' },
] satisfies readonly (TimelineKindSpec & { readonly kind: (typeof GIL_EVENT_KINDS)[number] })[];
