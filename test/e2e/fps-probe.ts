/**
 * Frame pacing of the page, measured in the page: requestAnimationFrame callbacks over a window, and
 * the longest gap between two. Shared by the e2e tests and the render benchmark.
 */
import type { Page } from 'playwright-core';

export interface FrameTiming {
  fps: number;
  /** Longest time between two animation frames (ms). */
  worstMs: number;
  /** 95th percentile of the gaps (ms). */
  p95Ms: number;
}

/** The gaps between the page's animation frames over `ms` milliseconds, in order (a string evaluated in the page). */
export function frameGaps(page: Page, ms: number): Promise<number[]> {
  return page.evaluate(`new Promise((done) => {
    const gaps = [];
    let last = performance.now();
    const start = last;
    const tick = (now) => {
      gaps.push(now - last);
      last = now;
      if (now - start < ${ms}) requestAnimationFrame(tick);
      else done(gaps);
    };
    requestAnimationFrame(tick);
  })`) as Promise<number[]>;
}

/** Counts animation frames for `ms` milliseconds: their rate, longest gap and 95th-percentile gap. */
export async function measureFrames(page: Page, ms = 3000): Promise<FrameTiming> {
  const gaps = await frameGaps(page, ms);
  const total = gaps.reduce((a, b) => a + b, 0);
  gaps.sort((a, b) => a - b);
  return {
    fps: (gaps.length * 1000) / total,
    worstMs: gaps[gaps.length - 1] ?? 0,
    p95Ms: gaps[Math.floor(0.95 * (gaps.length - 1))] ?? 0,
  };
}
