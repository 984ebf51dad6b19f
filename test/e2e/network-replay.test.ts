/**
 * A network's recording (SPEC §13, made by the real `sgd-lab run`) opened in the page, in real
 * Chromium against the real server (#21 item 6): it replays on its landscape plane (the plane computed
 * by the live lab from the recorded paths: part of the 3-D view is then surface, not background), and a
 * PNG export of it holds the "Decision function" where the figure's layout puts it (the exported
 * PNG decoded in a page: that rectangle is mostly heat map, not the figure's background). The same
 * recording served by `sgd-lab serve --recording` replays on its plane too (the server's replay
 * backend: the plane from the host's planeOf, the data picture from its engine, over the WebSocket).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { TITLE_HEIGHT, sideRect } from '../../src-renderer/src/export/figure-layout';
import { RESULTS, ROOT, canvasPixels, launchBrowser, startServer, type Server } from './helpers';
import { openFile } from './lab-actions';
import { openLabPage, useLab } from './lab-fixture';

const TITLE = 'Recorded network: two moons';
let recording: string;
let recordingPath: string;

beforeAll(() => {
  const dir = mkdtempSync(join(tmpdir(), 'sgd-e2e-net-rec-'));
  const spec = join(dir, 'moons.lab.json');
  writeFileSync(
    spec,
    JSON.stringify({
      version: 1,
      title: TITLE,
      seed: 3,
      steps: 300,
      loss: {
        model: { hidden: [8], activation: 'tanh', output: 'logistic' },
        data: { dataset: 'two-moons', n: 200, noise: 0.1, test: 100 },
      },
      runs: [
        { name: 'SGD', optimizer: { type: 'sgd', lr: 0.5 }, gradient: { kind: 'minibatch', batch: 16 } },
        { name: 'Adam', optimizer: { type: 'adam', lr: 0.02 }, gradient: { kind: 'minibatch', batch: 16 } },
      ],
      record: { every: 10 },
    }),
  );
  const out = join(dir, 'out');
  const r = spawnSync(process.execPath, ['bin/sgd-lab.mjs', 'run', spec, '--out', out], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`sgd-lab run failed (${r.status}): ${r.stderr}`);
  recordingPath = join(out, 'recording.json');
  recording = readFileSync(recordingPath, 'utf8');
});

const lab = useLab({ viewport: { width: 1400, height: 860 }, acceptDownloads: true });

/** Waits until the view shows its plane (a grid of 25 or finer) and returns the plane's kind. */
async function planeShown(page: Page, timeout = 240_000): Promise<string> {
  const status = page.getByTestId('plane-status');
  const end = Date.now() + timeout;
  for (;;) {
    if (Number((await status.getAttribute('data-resolution')) ?? 0) >= 25)
      return (await status.getAttribute('data-kind')) ?? '';
    if (Date.now() > end) throw new Error(`timed out waiting for the plane: "${await status.textContent()}"`);
    await page.waitForTimeout(200);
  }
}

/** The share of `rgb`'s pixels (RGB triples) farther than 40 (channel sum) from `bg`. */
function awayFrom(rgb: ArrayLike<number>, bg: readonly number[]): number {
  let away = 0;
  for (let i = 0; i < rgb.length; i += 3) {
    const d = Math.abs(rgb[i]! - bg[0]!) + Math.abs(rgb[i + 1]! - bg[1]!) + Math.abs(rgb[i + 2]! - bg[2]!);
    if (d > 40) away++;
  }
  return away / (rgb.length / 3);
}

/** The most frequent colour of `rgb` (the background of a picture mostly background). */
function commonest(rgb: ArrayLike<number>): number[] {
  const counts = new Map<number, number>();
  for (let i = 0; i < rgb.length; i += 3) {
    const key = (rgb[i]! << 16) | (rgb[i + 1]! << 8) | rgb[i + 2]!;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const key = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]![0];
  return [key >> 16, (key >> 8) & 255, key & 255];
}

describe('a recorded network', () => {
  it('replays on its landscape plane', async () => {
    const { page } = lab;
    const blank = await canvasPixels(page, 320);
    await openFile(page, 'recording.json', recording);
    await page.getByRole('slider', { name: 'Timeline' }).waitFor({ timeout: 60_000 });
    expect(await planeShown(page)).toBe('pca');
    await page.mouse.move(0, 0);
    await page.waitForTimeout(300);
    const shown = await canvasPixels(page, 320);
    // The scene's background is what the view showed most before; the plane's surface covers a part
    // of the view (about 10 % at this size, seen from the default camera).
    const surface = awayFrom(shown.rgb, commonest(blank.rgb));
    console.log(`replayed plane: ${(100 * surface).toFixed(1)} % of the view away from the background`);
    await page.screenshot({ path: resolve(RESULTS, 'network-replay-plane.png') });
    expect(surface).toBeGreaterThan(0.04);
  }, 400_000);

  it('exports a PNG with its decision function', async () => {
    const { page } = lab;
    await page.getByRole('slider', { name: 'Timeline' }).press('End');
    const view = page.getByRole('img', { name: 'Decision function' }).locator('canvas').first();
    await view.waitFor({ timeout: 60_000 });
    await page.getByRole('combobox', { name: 'Export size' }).selectOption({ label: '960 × 540' });
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 120_000 }),
      page.getByRole('toolbar', { name: 'Export' }).getByRole('button', { name: 'PNG', exact: true }).click(),
    ]);
    const png = readFileSync(await download.path());
    writeFileSync(resolve(RESULTS, 'network-replay-export.png'), png);
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([960, 540]);
    // One run's tile is square: where the layout puts a square decision function in a 960 × 540 figure.
    const r = sideRect(960, 540, 1, 1);
    const decoder = await lab.browser.newPage();
    try {
      const read = `(async () => {
        const bytes = Uint8Array.from(atob('${png.toString('base64')}'), (c) => c.charCodeAt(0));
        const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
        const c = document.createElement('canvas');
        c.width = bitmap.width;
        c.height = bitmap.height;
        const ctx = c.getContext('2d');
        ctx.drawImage(bitmap, 0, 0);
        const pick = (x, y, w, h) => {
          const d = ctx.getImageData(x, y, w, h).data;
          const rgb = [];
          for (let i = 0; i < d.length; i += 4) rgb.push(d[i], d[i + 1], d[i + 2]);
          return rgb;
        };
        return { side: pick(${Math.ceil(r.x + 4)}, ${Math.ceil(r.y + 4)}, ${Math.floor(r.w - 8)}, ${Math.floor(r.h - 8)}),
                 title: pick(400, 2, 100, ${TITLE_HEIGHT - 30}) };
      })()`;
      const { side, title } = (await decoder.evaluate(read)) as { side: number[]; title: number[] };
      const background = commonest(title);
      const heat = awayFrom(side, background);
      console.log(`decision function in the PNG at ${JSON.stringify(r)}: ${(100 * heat).toFixed(1)} % not background`);
      expect(heat).toBeGreaterThan(0.6);
    } finally {
      await decoder.close();
    }
    expect(lab.pageErrors).toEqual([]);
  }, 300_000);
});

describe('a recorded network served by sgd-lab serve --recording', () => {
  let server: Server | undefined;
  let browser: Browser | undefined;
  const errors: string[] = [];
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('replays on its plane, with its decision function', async () => {
    server = await startServer({ args: ['--port', '0', '--recording', recordingPath] });
    browser = await launchBrowser();
    const page = await openLabPage(browser, server.url, errors, {
      viewport: { width: 1400, height: 860 },
      waitForText: TITLE,
    });
    const blank = await canvasPixels(page, 320);
    await page.getByRole('slider', { name: 'Timeline' }).waitFor({ timeout: 60_000 });
    expect(await planeShown(page)).toBe('pca');
    await page.getByRole('img', { name: 'Decision function' }).locator('canvas').first().waitFor({ timeout: 60_000 });
    await page.mouse.move(0, 0);
    await page.waitForTimeout(300);
    const surface = awayFrom((await canvasPixels(page, 320)).rgb, commonest(blank.rgb));
    console.log(`served replay's plane: ${(100 * surface).toFixed(1)} % of the view away from the background`);
    await page.screenshot({ path: resolve(RESULTS, 'network-replay-served.png') });
    expect(surface).toBeGreaterThan(0.04);
    expect(errors).toEqual([]);
  }, 400_000);
});
