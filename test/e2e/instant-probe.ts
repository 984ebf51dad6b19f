/**
 * Instant mode measured in the page: a change made there (a run's η slider set and its `input` fired,
 * as a drag does), then the page's animation frames until the computed path is applied and drawn. Its
 * times come from the e2e build's read-only `window.__sgdLabInstant` (requested, arrived, applied,
 * count). Shared by the e2e test and `npm run bench:render`.
 */
import type { Page } from 'playwright-core';
import { canvasReader } from './helpers';

export interface InstantProbe {
  /** From the change to the second animation frame after the result was applied (ms). */
  drawnMs: number;
  /** From the result's arrival (the reply) to that frame (ms). */
  afterArrivalMs: number;
  /** Animation frames from the one that first saw the result applied to the pixels read (2). */
  frames: number;
  /** The 3D canvas read at that frame, downsampled (RGB rows), when `pixels` was asked. */
  rgb?: number[];
}

/**
 * Sets run `run`'s η slider to log10 value `log10` and fires `input` (the drag's event), then waits for
 * the next instant result and two animation frames: the frame that drew it, and the one after (the
 * canvas read then holds what was drawn). With `pixels`, reads the 3D canvas at that frame.
 */
export function instantChange(page: Page, run: number, log10: number, pixels = false, width = 240) {
  return page.evaluate(`new Promise((done, fail) => {
    const times = window.__sgdLabInstant;
    const count = times.count;
    const slider = document.querySelector('[data-testid="lr-${run}"]');
    const began = performance.now();
    slider.value = String(${log10});
    slider.dispatchEvent(new Event('input', { bubbles: true }));
    let seen = 0;
    const read = () => (${pixels} ? (${canvasReader(width)})().rgb : undefined);
    const frame = () => {
      if (performance.now() - began > 60000) return fail(new Error('no instant result within 60 s'));
      if (seen === 0 && times.count > count) seen = 1;
      else if (seen > 0) seen++;
      if (seen < 2) return requestAnimationFrame(frame);
      const now = performance.now();
      done({ drawnMs: now - began, afterArrivalMs: now - times.arrived, frames: seen, rgb: read() });
    };
    requestAnimationFrame(frame);
  })`) as Promise<InstantProbe>;
}

/** The 95th percentile of `values` (nearest rank). */
export function p95(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(0.95 * sorted.length) - 1)] ?? NaN;
}
