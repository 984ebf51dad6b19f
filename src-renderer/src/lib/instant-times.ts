/** Instant mode's times and counts, read by the e2e tests and benches (the e2e build's `window.__sgdLabInstant`). */

/** In the e2e build: when results were requested, arrived and were applied (performance.now()). */
export interface InstantTimes {
  requested: number;
  arrived: number;
  applied: number;
  count: number;
  /** Of `count`, the answers computed on the page (page-paths.ts) rather than by the lab. */
  previews: number;
  /** Exact rows put at the scrubber's step (`instantAt` answers applied). */
  heads: number;
  /** Requests on their way or waiting to be sent (0: the latest change is shown). */
  pending: number;
}

/** All zero: nothing asked yet. */
export const noInstantTimes = (): InstantTimes => ({
  requested: 0,
  arrived: 0,
  applied: 0,
  count: 0,
  previews: 0,
  heads: 0,
  pending: 0,
});
