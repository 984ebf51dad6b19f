/**
 * A network's charts in real Chromium against the real server (#21 item 4): two moons (SGD, momentum
 * and Adam, sharpness recorded) plays, the accuracy chart draws its lines (its canvas gains the runs'
 * colours), and the sharpness chart holds each run's measured sharpness beside its 2/η line: 20 for
 * SGD at η = 0.1, 200 for momentum at η = 0.01, 400 for Adam at η = 0.005. A view that joins later
 * draws them from t = 0 (the lab's history).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { RESULTS } from './helpers';
import { openSpec, pauseIfPlaying, play, waitForHook } from './lab-actions';
import { useLab } from './lab-fixture';
import { RUN_COLORS } from '../../src-renderer/src/lib/colors';

const lab = useLab({ viewport: { width: 1440, height: 900 } });

const moons = JSON.parse(readFileSync(resolve('examples/two-moons.lab.json'), 'utf8')) as {
  title: string;
  record: Record<string, unknown>;
};
moons.record = { ...moons.record, sharpness: true };

/** Pixels of a chart's canvas within 60 (sum over channels) of the first `runs` run colours. */
function coloredPixels(page: Page, id: string, runs: number): Promise<number> {
  return page.evaluate(`(() => {
    const canvas = document.querySelector('[data-testid="${id}-chart"] canvas');
    if (!canvas || canvas.width === 0 || canvas.height === 0) return 0;
    const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    const colors = ${JSON.stringify(RUN_COLORS.slice(0, runs))}.map((c) => [1, 3, 5].map((i) => parseInt(c.slice(i, i + 2), 16)));
    let n = 0;
    for (let i = 0; i < data.length; i += 4)
      if (colors.some((c) => Math.abs(data[i] - c[0]) + Math.abs(data[i + 1] - c[1]) + Math.abs(data[i + 2] - c[2]) < 60)) n++;
    return n;
  })()`);
}

/** Polls `read` until `ok` holds of its value (60 s); returns that value. */
async function waitFor<T>(page: Page, read: () => Promise<T>, ok: (v: T) => boolean, what: string): Promise<T> {
  const end = Date.now() + 60_000;
  let v = await read();
  while (!ok(v)) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(v)}`);
    await page.waitForTimeout(200);
    v = await read();
  }
  return v;
}

describe("a network's charts", () => {
  it('draw the accuracy as two moons plays, and the sharpness beside each run’s 2/η', async () => {
    const page = lab.page;
    await openSpec(page, 'two-moons.lab.json', moons);
    await page.getByText(moons.title).first().waitFor({ timeout: 60_000 });
    for (const id of ['loss', 'accuracy', 'lr', 'sharpness'])
      await page.getByTestId(`${id}-chart`).waitFor({ timeout: 30_000 });
    const before = await coloredPixels(page, 'accuracy', 3);

    await play(page);
    const hook = await waitForHook(
      page,
      (h) => h.charts.length === 3 && h.charts.every((c) => c.first === 0 && c.last >= 300 && c.points >= 5),
      'every run past t = 300',
      120_000,
    );
    console.log(`charts while playing: ${JSON.stringify(hook.charts)}`);
    const after = await waitFor(
      page,
      () => coloredPixels(page, 'accuracy', 3),
      (n) => n > before + 50,
      'the accuracy lines in the runs’ colours',
    );
    console.log(`accuracy chart: ${before} run-coloured pixels before Play, ${after} while playing`);
    await pauseIfPlaying(page);
    expect(await coloredPixels(page, 'sharpness', 3)).toBeGreaterThan(50);

    // The readout at the chart's right edge: each run's sharpness (a number) and its 2/η.
    const over = page.getByTestId('sharpness-chart').locator('.u-over');
    const box = (await over.boundingBox())!;
    await page.mouse.move(box.x + box.width - 2, box.y + box.height / 2);
    const readout = await waitFor(
      page,
      async () => (await page.getByTestId('sharpness-readout').textContent()) ?? '',
      (text) => text.includes('2/η'),
      'the sharpness readout',
    );
    console.log(`sharpness readout: ${readout}`);
    await page.screenshot({ path: resolve(RESULTS, 'network-charts.png') });
    const value = (label: string) => Number(new RegExp(`${label}\\s+([-\\d.e+]+)(?![\\d/])`).exec(readout)?.[1]);
    expect(value('SGD 2/η')).toBe(20);
    expect(value('Momentum 2/η')).toBe(200);
    expect(value('Adam 2/η')).toBe(400);
    for (const run of ['SGD', 'Momentum', 'Adam']) expect(value(`${run}`)).toBeGreaterThan(0);
    await page.mouse.move(0, 0);

    // A second view joins the paused runs: the lab's history fills its accuracy and sharpness from t = 0.
    const second = await lab.open({ viewport: { width: 1440, height: 900 }, waitForText: moons.title });
    const joined = await waitForHook(
      second,
      (h) => h.charts.length === 3 && h.charts.every((c) => c.first === 0 && c.points >= 5),
      'the joining view’s charts from t = 0',
    );
    console.log(`joining view's charts: ${JSON.stringify(joined.charts)}`);
    for (const id of ['accuracy', 'sharpness'])
      await waitFor(
        second,
        () => coloredPixels(second, id, 3),
        (n) => n > 50,
        `the joining view's ${id} lines`,
      );
    await second.close();
    expect(lab.pageErrors).toEqual([]);
  });
});
