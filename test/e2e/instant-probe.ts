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
  /**
   * From the change to the end of the frame that drew it: the first animation frame after the result
   * was applied, once its callbacks (the view's drawing) and rendering steps are done (ms).
   */
  frameMs: number;
  /** From the result's arrival (the reply) to that frame (ms). */
  afterArrivalMs: number;
  /** Animation frames from the one that first saw the result applied to the pixels read (2). */
  frames: number;
  /** The 3D canvas read at that frame, downsampled (RGB rows), when `pixels` was asked. */
  rgb?: number[];
}

/**
 * In the page: waits for `times.count` to pass `count` (a result applied), then two animation frames —
 * the one that draws it and the next — and calls `done(frameMs, now, 2)`: `frameMs` from `began` to
 * the end of the drawing frame (a task posted in it runs once its callbacks and rendering steps are
 * done; should the next frame come first, the end is taken as then), `now` at the next frame. `fail`
 * (when given) after 60 s without a result.
 */
const AFTER_APPLIED = `(times, count, began, done, fail) => {
  let seen = 0;
  let frameMs = NaN;
  const frame = () => {
    if (fail && performance.now() - began > 60000) return fail(new Error('no instant result within 60 s'));
    if (seen === 0 && times.count > count) {
      seen = 1;
      const channel = new MessageChannel();
      channel.port1.onmessage = () => (frameMs = performance.now() - began);
      channel.port2.postMessage(0);
    } else if (seen > 0) seen++;
    if (seen < 2) return requestAnimationFrame(frame);
    const now = performance.now();
    done(Number.isNaN(frameMs) ? now - began : frameMs, now, seen);
  };
  requestAnimationFrame(frame);
}`;

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
    const read = () => (${pixels} ? (${canvasReader(width)})().rgb : undefined);
    (${AFTER_APPLIED})(times, count, began, (frameMs, now, frames) => {
      done({ drawnMs: now - began, frameMs, afterArrivalMs: now - times.arrived, frames, rgb: read() });
    }, fail);
  })`) as Promise<InstantProbe>;
}

/** The 95th percentile of `values` (nearest rank). */
export function p95(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(0.95 * sorted.length) - 1)] ?? NaN;
}

/**
 * A real mouse drag of run `run`'s η slider: the pointer pressed on its thumb, then `moves` moves of
 * `px` pixels, right and back left by turns, each waited for. Each is timed from its `input` event's
 * timeStamp (when the browser took the pointer's move, before it reached the page at its next frame)
 * to the second animation frame after the result it asked for was applied, as `instantChange` does.
 */
export async function instantDrag(page: Page, run: number, moves: number, px = 3): Promise<InstantProbe[]> {
  const selector = `[data-testid="lr-${run}"]`;
  await page.evaluate(`(() => {
    const slider = document.querySelector('${selector}');
    const probes = (window.__dragProbes = []);
    window.__dragProbeOff?.();
    const onInput = (event) => {
      const times = window.__sgdLabInstant;
      const count = times.count;
      const began = event.timeStamp;
      (${AFTER_APPLIED})(times, count, began, (frameMs, now, frames) => {
        probes.push({ drawnMs: now - began, frameMs, afterArrivalMs: now - times.arrived, frames });
      });
    };
    slider.addEventListener('input', onInput);
    window.__dragProbeOff = () => slider.removeEventListener('input', onInput);
  })()`);
  const box = (await page.locator(selector).boundingBox())!;
  const at = (await page.evaluate(
    `(() => { const s = document.querySelector('${selector}'); return (s.value - s.min) / (s.max - s.min); })()`,
  )) as number;
  // The thumb's centre: the track runs between half a thumb (~8 px) from each end.
  const y = box.y + box.height / 2;
  let x = box.x + 8 + at * (box.width - 16);
  await page.mouse.move(x, y);
  await page.mouse.down();
  try {
    // Pressed a pixel off the thumb's value, the press itself changes η: let it be shown, not timed.
    await page.waitForTimeout(500);
    type Probed = { __sgdLabInstant: { pending: number }; __dragProbes: unknown[] };
    // Predicates as functions (serialized into the page), not strings: the page's CSP forbids eval.
    await page.waitForFunction(() => (globalThis as unknown as Probed).__sgdLabInstant.pending === 0, undefined, {
      timeout: 60_000,
    });
    const pressed = (await page.evaluate('window.__dragProbes.length')) as number;
    for (let k = 0; k < moves; k++) {
      x += k % 2 === 0 ? px : -px;
      await page.mouse.move(x, y);
      await page.waitForFunction((n) => (globalThis as unknown as Probed).__dragProbes.length > n, pressed + k, {
        timeout: 60_000,
      });
    }
    return ((await page.evaluate('window.__dragProbes')) as InstantProbe[]).slice(pressed);
  } finally {
    await page.mouse.up();
    await page.evaluate('window.__dragProbeOff?.()');
  }
}
