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

/** Counts animation frames for `ms` milliseconds (a string evaluated in the page: its CSP allows it). */
export async function measureFrames(page: Page, ms = 3000): Promise<FrameTiming> {
  return page.evaluate(`new Promise((done) => {
    const gaps = [];
    let last = performance.now();
    const start = last;
    const tick = (now) => {
      gaps.push(now - last);
      last = now;
      if (now - start < ${ms}) requestAnimationFrame(tick);
      else {
        gaps.sort((a, b) => a - b);
        done({
          fps: (gaps.length * 1000) / (now - start),
          worstMs: gaps[gaps.length - 1] ?? 0,
          p95Ms: gaps[Math.floor(0.95 * (gaps.length - 1))] ?? 0,
        });
      }
    };
    requestAnimationFrame(tick);
  })`);
}
