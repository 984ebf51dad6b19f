/**
 * What the e2e tests and scripts read of a network's views in the page: the Decision function tile's
 * pixels (how much of it is painted, how much it changed), the landscape plane's status (which plane
 * and grid are shown) and each run's path projected onto the plane (the e2e build's hook).
 */
import type { Page } from 'playwright-core';

/** The background of an empty decision tile (#f4f5f7): a pixel far from it is heat map or a point. */
const BACKGROUND = [0xf4, 0xf5, 0xf7];

/** What a test reads of a 2-D canvas in the page (typed here: the page's DOM types are not the test's). */
interface Canvas2d {
  width: number;
  height: number;
  getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> } };
}

/** The first decision tile's RGB pixels (row-major), read from its 2-D canvas. */
export async function tilePixels(page: Page): Promise<number[]> {
  const tile = page.getByRole('img', { name: 'Decision function' }).locator('canvas').first();
  await tile.waitFor({ timeout: 60_000 });
  return tile.evaluate((element) => {
    const c = element as unknown as Canvas2d;
    const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    const rgb: number[] = [];
    for (let i = 0; i < data.length; i += 4) rgb.push(data[i]!, data[i + 1]!, data[i + 2]!);
    return rgb;
  });
}

/** The share of pixels away from the background (channel distance over 24) and the brightness sd. */
export function coverage(rgb: number[]): { covered: number; sd: number } {
  let covered = 0;
  let s = 0;
  let s2 = 0;
  const n = rgb.length / 3;
  for (let i = 0; i < rgb.length; i += 3) {
    const d =
      Math.abs(rgb[i]! - BACKGROUND[0]!) +
      Math.abs(rgb[i + 1]! - BACKGROUND[1]!) +
      Math.abs(rgb[i + 2]! - BACKGROUND[2]!);
    if (d > 24) covered++;
    const y = 0.299 * rgb[i]! + 0.587 * rgb[i + 1]! + 0.114 * rgb[i + 2]!;
    s += y;
    s2 += y * y;
  }
  return { covered: covered / n, sd: Math.sqrt(Math.max(0, s2 / n - (s / n) ** 2)) };
}

/** The mean absolute difference per channel between two reads of the same tile. */
export function meanDifference(a: number[], b: number[]): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) d += Math.abs(a[i]! - b[i]!);
  return d / a.length;
}

/** What the Plane status says: the kind and grid shown (0: none yet) and its text. */
export async function planeStatus(page: Page): Promise<{ kind: string; resolution: number; text: string }> {
  const status = page.getByTestId('plane-status');
  return {
    kind: (await status.getAttribute('data-kind')) ?? '',
    resolution: Number(await status.getAttribute('data-resolution')),
    text: ((await status.textContent()) ?? '').replace(/\s+/g, ' ').trim(),
  };
}

/** Waits until the view shows a plane of `kind` with a grid of at least `resolution` points a side. */
export async function waitForPlane(page: Page, kind: string, resolution = 25, timeout = 240_000): Promise<string> {
  const end = Date.now() + timeout;
  for (;;) {
    const s = await planeStatus(page);
    if (s.kind === kind && s.resolution >= resolution) return s.text;
    if (Date.now() > end) throw new Error(`timed out waiting for the ${kind} plane at ${resolution}²: "${s.text}"`);
    await page.waitForTimeout(200);
  }
}

/** Each run's path projected onto the plane (α, β pairs) with each point's distance off it. */
export interface PlanePath {
  path: number[];
  offPlane: number[];
}

export const planePaths = (page: Page): Promise<PlanePath[]> =>
  page.evaluate('JSON.parse(JSON.stringify(window.__sgdLabPlane ? window.__sgdLabPlane() : []))');
