/**
 * The pointer on the surface, in real Chromium against the real server: hovering shows Φ and L(Φ)
 * (equal to the formula there within the grid's interpolation error), and dragging a run's start
 * handle moves its start in the experiment (mid-run after a confirmation, every run back at t = 0);
 * split panes show one run each with cameras that move together; a 1-D loss shows the histogram of
 * each run's particles; a software renderer draws a sample of big clouds until asked for all.
 */
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RESULTS, canvasPixels, changedPixels, readHook } from './helpers';
import { liveMode, openSpec, pause, waitForHook, waitForSurface } from './lab-actions';
import { useLab } from './lab-fixture';

/** The loss the test loads, written once for the lab (expr) and once here. */
const EXPR = 'sin(2*x) + y^2/3 + x*y/5';
const f = (x: number, y: number) => Math.sin(2 * x) + (y * y) / 3 + (x * y) / 5;
const DOMAIN: [number, number][] = [
  [-2, 2],
  [-1, 3],
];

const spec = {
  version: 1,
  seed: 1,
  steps: 100_000,
  loss: { expr: EXPR, domain: DOMAIN },
  runs: [
    { name: 'GD', optimizer: { type: 'sgd', lr: 0.01 }, start: [1, 2] },
    { name: 'Adam', optimizer: { type: 'adam', lr: 0.01 }, start: [-1, 0] },
  ],
};

const lab = useLab({
  viewport: { width: 1440, height: 900 },
  acceptDialogs: true,
  waitForText: false,
  setup: async ({ page }) => {
    await page.getByRole('button', { name: 'Open…' }).waitFor({ timeout: 60_000 });
    await waitForSurface(page);
    await openSpec(page, 'hover.lab.json', spec);
    await waitForHook(page, (h) => JSON.stringify(h.starts) === '[[1,2],[-1,0]]', 'the test experiment');
    await waitForSurface(page);
  },
});

/** Where Φ on the surface is on the page (the e2e build's projection). */
async function onPage(phi: number[]): Promise<{ x: number; y: number }> {
  const point = await lab.page.evaluate(`window.__sgdLabProject(${JSON.stringify(phi)})`);
  if (!point) throw new Error(`no point on the page for ${JSON.stringify(phi)}`);
  return point as { x: number; y: number };
}

/** The hover readout after moving the pointer to (x, y): Φ and L as the view computed them. */
async function hoverAt(x: number, y: number): Promise<{ phi: number[]; loss: number }> {
  await lab.page.mouse.move(x - 5, y - 5);
  await lab.page.mouse.move(x, y, { steps: 3 });
  const readout = lab.page.getByTestId('surface-readout');
  await readout.waitFor({ timeout: 10_000 });
  await expect.poll(async () => readout.getAttribute('data-phi'), { timeout: 5_000 }).toBeTruthy();
  // The readout follows the pointer once per animation frame: read it after the last move.
  await lab.page.waitForTimeout(200);
  const phi = ((await readout.getAttribute('data-phi')) ?? '').split(',').map(Number);
  const loss = Number(await readout.getAttribute('data-loss'));
  return { phi, loss };
}

describe('the pointer on the surface', () => {
  it('reads L(Φ) at the centre of the top-down view: the domain’s centre, the formula’s value', async () => {
    await lab.page.getByRole('button', { name: '2D', exact: true }).click();
    const box = (await lab.page.getByTestId('lab-canvas').boundingBox())!;
    const { phi, loss } = await hoverAt(box.x + box.width / 2, box.y + box.height / 2);
    console.log(`2D centre: Φ = ${phi.join(', ')}, L = ${loss} (formula at Φ: ${f(phi[0]!, phi[1]!)})`);
    // The centre pixel is the domain's centre (0, 1) to within a pixel (4 units over ~600 px).
    expect(Math.abs(phi[0]! - 0)).toBeLessThan(0.03);
    expect(Math.abs(phi[1]! - 1)).toBeLessThan(0.03);
    // The loss the view shows is the formula's at Φ, to the 256² grid's interpolation error.
    expect(Math.abs(loss - f(phi[0]!, phi[1]!))).toBeLessThan(2e-3);
    await lab.page.getByRole('button', { name: '3D', exact: true }).click();
  });

  it('reads L(Φ) where the pointer meets the 3-D surface', async () => {
    for (const target of [
      [0.5, 1.5],
      [-1.2, -0.4],
    ]) {
      const at = await onPage(target);
      const { phi, loss } = await hoverAt(at.x, at.y);
      console.log(`3D at ${target.join(', ')}: Φ = ${phi.join(', ')}, L = ${loss}`);
      expect(Math.abs(phi[0]! - target[0]!)).toBeLessThan(0.05);
      expect(Math.abs(phi[1]! - target[1]!)).toBeLessThan(0.05);
      expect(Math.abs(loss - f(phi[0]!, phi[1]!))).toBeLessThan(2e-3);
    }
    await lab.page.mouse.move(0, 0);
    await lab.page.getByTestId('surface-readout').waitFor({ state: 'detached', timeout: 5_000 });
  });

  it('drags a run’s start handle to a new start', async () => {
    const from = await onPage([1, 2]);
    const to = await onPage([-0.5, 2.5]);
    await lab.page.mouse.move(from.x, from.y);
    await lab.page.mouse.down();
    await lab.page.mouse.move(to.x, to.y, { steps: 12 });
    await lab.page.getByTestId('start-drag').waitFor({ timeout: 5_000 });
    await lab.page.mouse.up();
    const hook = await waitForHook(lab.page, (h) => h.starts[0]![0] !== 1, 'the moved start');
    console.log(`dragged start: ${JSON.stringify(hook.starts)}`);
    expect(Math.abs(hook.starts[0]![0]! - -0.5)).toBeLessThan(0.05);
    expect(Math.abs(hook.starts[0]![1]! - 2.5)).toBeLessThan(0.05);
    // The other run kept its start.
    expect(hook.starts[1]).toEqual([-1, 0]);
    await lab.page.screenshot({ path: resolve(RESULTS, 'start-dragged.png') });
  });

  it('mid-run, asks, moves the start and restarts every run from t = 0', async () => {
    await liveMode(lab.page);
    await lab.page.getByRole('button', { name: 'Play', exact: true }).click();
    await waitForHook(lab.page, (h) => h.lastT.length === 2 && h.lastT.every((t) => t > 50), 'the runs moving');
    await pause(lab.page);
    const start = (await readHook(lab.page)).starts[1]!;
    const from = await onPage(start);
    const to = await onPage([1.5, -0.5]);
    await lab.page.mouse.move(from.x, from.y);
    await lab.page.mouse.down();
    await lab.page.mouse.move(to.x, to.y, { steps: 12 });
    await lab.page.mouse.up();
    const hook = await waitForHook(
      lab.page,
      (h) => h.starts[1]![0] !== start[0] && h.lastT.every((t) => t === 0),
      'the start moved and the runs at t = 0',
    );
    expect(Math.abs(hook.starts[1]![0]! - 1.5)).toBeLessThan(0.05);
    expect(Math.abs(hook.starts[1]![1]! - -0.5)).toBeLessThan(0.05);
    expect(lab.pageErrors).toEqual([]);
  });

  it('splits the view into panes, one run each, whose cameras move together', async () => {
    await lab.page.getByTestId('panes').selectOption('2');
    const pane = lab.page.getByTestId('pane-canvas-1');
    await pane.waitFor({ timeout: 60_000 });
    const poses = async () => (await lab.page.evaluate('window.__sgdLabCameras()')) as { position: number[] }[];
    await expect.poll(async () => (await poses()).length).toBe(2);
    const [a0, b0] = await poses();
    // Equal to rounding (the orbit controls recompute a pose they are given).
    b0!.position.forEach((v, k) => expect(a0!.position[k]).toBeCloseTo(v, 6));
    // Turn the second pane's camera: the first one turns with it.
    const box = (await pane.boundingBox())!;
    await lab.page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.5);
    await lab.page.mouse.down();
    await lab.page.mouse.move(box.x + box.width * 0.75, box.y + box.height * 0.35, { steps: 8 });
    await lab.page.mouse.up();
    const [a1, b1] = await poses();
    console.log(`linked cameras: ${JSON.stringify(b0!.position)} → ${JSON.stringify(b1!.position)}`);
    expect(Math.hypot(...b1!.position.map((v, k) => v - b0!.position[k]!))).toBeGreaterThan(0.1);
    b1!.position.forEach((v, k) => expect(a1!.position[k]).toBeCloseTo(v, 6));
    // The second pane draws its surface (many colours, not a blank canvas).
    const distinct = await lab.page.evaluate(`(() => {
      const gl = document.querySelector('[data-testid="pane-canvas-1"]');
      const c = document.createElement('canvas');
      [c.width, c.height] = [160, Math.max(1, Math.round((160 * gl.height) / gl.width))];
      const ctx = c.getContext('2d');
      ctx.drawImage(gl, 0, 0, c.width, c.height);
      const data = ctx.getImageData(0, 0, c.width, c.height).data;
      const seen = new Set();
      for (let i = 0; i < data.length; i += 4) seen.add(((data[i] >> 3) << 10) | ((data[i + 1] >> 3) << 5) | (data[i + 2] >> 3));
      return seen.size;
    })()`);
    expect(distinct).toBeGreaterThan(30);
    await lab.page.screenshot({ path: resolve(RESULTS, 'split-panes.png') });
    await lab.page.getByTestId('panes').selectOption('1');
    await expect.poll(() => lab.page.getByTestId('pane-canvas-1').count()).toBe(0);
  });

  it('draws the histogram of a 1-D run’s particles under the curve', async () => {
    const oneD = {
      version: 1,
      seed: 2,
      steps: 1000,
      loss: { expr: 'x^4 - 2*x^2', params: ['x'], domain: [[-2, 2]] },
      runs: [
        { name: 'Langevin cloud', optimizer: { type: 'sgd', lr: 0.01 }, start: [0], particles: 4000, spread: 0.6 },
      ],
    };
    await openSpec(lab.page, 'histogram.lab.json', oneD);
    await waitForHook(lab.page, (h) => h.starts.length === 1 && h.particles[0] === 4000, 'the 1-D cloud');
    await liveMode(lab.page);
    const toggle = lab.page.getByTestId('histogram');
    await toggle.waitFor({ timeout: 60_000 });
    await lab.page.mouse.move(0, 0);
    await lab.page.waitForTimeout(500);
    const withBars = await canvasPixels(lab.page);
    await toggle.uncheck();
    await lab.page.waitForTimeout(500);
    const without = await canvasPixels(lab.page);
    const changed = changedPixels(withBars, without);
    console.log(`histogram: ${changed} of ${withBars.width * withBars.height} pixels`);
    expect(changed).toBeGreaterThan(200);
    await toggle.check();
    await lab.page.waitForTimeout(300);
    expect(changedPixels(withBars, await canvasPixels(lab.page))).toBeLessThan(changed / 10);
    await lab.page.screenshot({ path: resolve(RESULTS, 'histogram-1d.png') });
    expect(lab.pageErrors).toEqual([]);
  });
  it('keeps to a point budget on the software renderer, and draws every particle when asked', async () => {
    const cloud = (name: string, type: string, start: number[]) => ({
      name,
      optimizer: { type, lr: 0.001 },
      start,
      particles: 10_000,
      spread: 0.8,
    });
    const big = { ...spec, seed: 3, runs: [cloud('GD', 'sgd', [1, 2]), cloud('Adam', 'adam', [-1, 0])] };
    await openSpec(lab.page, 'budget.lab.json', big);
    await waitForHook(lab.page, (h) => h.particles.join() === '10000,10000', 'two clouds of 10,000');
    const note = lab.page.getByTestId('point-budget');
    // SwiftShader here: 12,000 points a frame, 6,000 a run, and the view says so.
    await expect.poll(() => note.innerText(), { timeout: 30_000 }).toMatch(/drawing 12,000 of 20,000 particles/);
    await lab.page.mouse.move(0, 0);
    await lab.page.waitForTimeout(300);
    const sampled = await canvasPixels(lab.page, 480);
    await note.getByRole('button', { name: 'draw all' }).click();
    await expect.poll(() => note.innerText()).toMatch(/drawing every particle/);
    await lab.page.waitForTimeout(300);
    const all = await canvasPixels(lab.page, 480);
    // The 8,000 particles drawn now land where none of the 12,000 was.
    const changed = changedPixels(sampled, all);
    console.log(`point budget: drawing all changed ${changed} pixels`);
    expect(changed).toBeGreaterThan(100);
    await note.getByRole('button', { name: 'sample' }).click();
    await expect.poll(() => note.innerText()).toMatch(/drawing 12,000 of 20,000/);
    await lab.page.waitForTimeout(300);
    expect(changedPixels(sampled, await canvasPixels(lab.page, 480))).toBeLessThan(changed / 10);
    expect(lab.pageErrors).toEqual([]);
  });
});
