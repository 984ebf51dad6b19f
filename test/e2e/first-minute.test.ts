/**
 * The first minute with the lab, in real Chromium against the real server: the default experiment's
 * runs start apart (three handles, not one dot), a noisy cloud runs beside the deterministic runs, and
 * the camera it opens with frames the known minimum (1, 1) and both deterministic paths' ends. Each
 * point is projected with the page's camera, must fall inside the canvas, and must not be hidden
 * behind the valley's wall: hovering it reads back that same Φ from the surface (the readout picks
 * the nearest surface along the ray, so a wall in front would answer with another Φ). The ends are
 * computed here in float64 from SPEC §3 (SGD and Adam on Rosenbrock from the file's starts). In the
 * top-down 2-D view each run's head is a marker in its colour: the canvas's pixels at the projected
 * end of SGD and of Adam are that run's colour (the palette's first two), inside a light ring.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { ROOT, readHook } from './helpers';
import { waitForHook, waitForSurface } from './lab-actions';
import { useLab } from './lab-fixture';

const lab = useLab({ viewport: { width: 1440, height: 900 }, setup: ({ page }) => waitForSurface(page, 120_000) });

interface RunFile {
  name: string;
  optimizer: { type: string; lr: number };
  start: [number, number];
  particles?: number;
  gradient?: { kind: string };
}
const spec = JSON.parse(readFileSync(resolve(ROOT, 'resources/default.lab.json'), 'utf8')) as {
  steps: number;
  runs: RunFile[];
};

/** ∇ of Rosenbrock's (1 − x)² + 100 (y − x²)². */
const grad = (x: number, y: number): [number, number] => [-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)];

/** Plain SGD with the exact gradient: Φ −= η ∇L, `steps` times. */
function sgdEnd(lr: number, start: [number, number], steps: number): [number, number] {
  let [x, y] = start;
  for (let t = 0; t < steps; t++) {
    const [gx, gy] = grad(x, y);
    [x, y] = [x - lr * gx, y - lr * gy];
  }
  return [x, y];
}

/** Adam (β₁ 0.9, β₂ 0.999, ε 1e-8): m, v from 0, Φ −= η m̂ / (√v̂ + ε). */
function adamEnd(lr: number, start: [number, number], steps: number): [number, number] {
  const p = [...start];
  const m = [0, 0];
  const v = [0, 0];
  for (let t = 1; t <= steps; t++) {
    const g = grad(p[0]!, p[1]!);
    for (let i = 0; i < 2; i++) {
      m[i] = 0.9 * m[i]! + 0.1 * g[i]!;
      v[i] = 0.999 * v[i]! + 0.001 * g[i]! ** 2;
      p[i] = p[i]! - (lr * (m[i]! / (1 - 0.9 ** t))) / (Math.sqrt(v[i]! / (1 - 0.999 ** t)) + 1e-8);
    }
  }
  return [p[0]!, p[1]!];
}

const project = async (page: Page, phi: number[]) =>
  (await page.evaluate(`window.__sgdLabProject(${JSON.stringify(phi)})`)) as { x: number; y: number } | null;

/** Φ the surface readout gives under the pointer at (x, y). */
async function readAt(page: Page, x: number, y: number): Promise<number[]> {
  await page.mouse.move(x - 6, y - 6);
  await page.mouse.move(x, y, { steps: 2 });
  const readout = page.getByTestId('surface-readout');
  await expect
    .poll(async () => (await readout.count()) > 0 && (await readout.getAttribute('data-phi')) !== null, {
      timeout: 20_000,
    })
    .toBe(true);
  // The readout follows the pointer a frame late: wait until it is the one for (x, y).
  let phi: number[] = [];
  await expect
    .poll(
      async () => {
        phi = ((await readout.getAttribute('data-phi')) ?? '').split(',').map(Number);
        const at = await project(page, phi);
        return at ? Math.hypot(at.x - x, at.y - y) : Infinity;
      },
      { timeout: 20_000 },
    )
    .toBeLessThan(3);
  return phi;
}

/** The run palette's first two colours (SGD, Adam), as README's 8-colour palette gives them. */
const HEAD_COLORS: [number, number, number][] = [
  [0xe6, 0x19, 0x4b],
  [0xdd, 0x6f, 0x0f],
];

/**
 * The 3D canvas's RGB pixels around client point (x, y), read through a 2D canvas: the 3 × 3 square at
 * its centre and 8 pixels on the circle of radius `r` px around it.
 */
async function pixelsAround(
  page: Page,
  x: number,
  y: number,
  r: number,
): Promise<{ centre: number[][]; ring: number[][] }> {
  const box = (await page.getByTestId('lab-canvas').boundingBox())!;
  return (await page.evaluate(`(() => {
    const gl = document.querySelector('[data-testid="lab-canvas"]');
    const k = gl.width / ${box.width};
    const c = document.createElement('canvas');
    [c.width, c.height] = [gl.width, gl.height];
    const ctx = c.getContext('2d');
    ctx.drawImage(gl, 0, 0);
    const [cx, cy] = [Math.round((${x - box.x}) * k), Math.round((${y - box.y}) * k)];
    const at = (px, py) => Array.from(ctx.getImageData(px, py, 1, 1).data.slice(0, 3));
    const centre = [];
    for (let j = -1; j <= 1; j++) for (let i = -1; i <= 1; i++) centre.push(at(cx + i, cy + j));
    const ring = [];
    for (let a = 0; a < 8; a++)
      ring.push(at(Math.round(cx + ${r} * k * Math.cos((a * Math.PI) / 4)), Math.round(cy + ${r} * k * Math.sin((a * Math.PI) / 4))));
    return { centre, ring };
  })()`)) as { centre: number[][]; ring: number[][] };
}

const farthest = (pixels: number[][], rgb: number[]) =>
  Math.max(...pixels.map((p) => Math.abs(p[0]! - rgb[0]!) + Math.abs(p[1]! - rgb[1]!) + Math.abs(p[2]! - rgb[2]!)));
/** The darkest channel of the darkest pixel (a light ring: every pixel light in every channel). */
const darkest = (pixels: number[][]) => Math.min(...pixels.flat());

describe('the first minute', () => {
  it('opens with the runs apart and a noisy cloud beside the deterministic runs', async () => {
    const { page } = lab;
    const hook = await waitForHook(page, (h) => h.starts.length === spec.runs.length, 'every run’s start');
    const points = await Promise.all(hook.starts.map((s) => project(page, s)));
    for (let i = 0; i < points.length; i++)
      for (let j = 0; j < i; j++) {
        const d = Math.hypot(points[i]!.x - points[j]!.x, points[i]!.y - points[j]!.y);
        console.log(`starts of ${spec.runs[i]!.name} and ${spec.runs[j]!.name}: ${d.toFixed(0)} px apart`);
        expect(d).toBeGreaterThan(25);
      }
    const clouds = spec.runs.filter((r) => (r.particles ?? 1) > 1 && r.gradient?.kind !== 'exact');
    const exact = spec.runs.filter((r) => (r.particles ?? 1) === 1 && (r.gradient?.kind ?? 'exact') === 'exact');
    expect(clouds.length).toBeGreaterThan(0);
    expect(exact.length).toBeGreaterThanOrEqual(2);
    await waitForHook(page, (h) => h.particles.some((p) => p > 1), 'the cloud’s frames');
  });

  it('frames the minimum and both paths’ ends, none behind the valley’s wall', async () => {
    const { page } = lab;
    await page.getByLabel('Steps per frame').selectOption('100');
    await page.getByRole('button', { name: 'Play', exact: true }).click();
    await waitForHook(page, (h) => h.lastT.every((t) => t >= spec.steps), 'the end of every run', 180_000);
    await page.getByRole('button', { name: 'Play', exact: true }).waitFor({ timeout: 30_000 });
    const [sgd, adam] = [spec.runs[0]!, spec.runs[1]!];
    expect([sgd.optimizer.type, adam.optimizer.type]).toEqual(['sgd', 'adam']);
    const targets: [string, [number, number]][] = [
      ['the minimum', [1, 1]],
      [`${sgd.name}’s end`, sgdEnd(sgd.optimizer.lr, sgd.start, spec.steps)],
      [`${adam.name}’s end`, adamEnd(adam.optimizer.lr, adam.start, spec.steps)],
    ];
    const canvas = (await page.getByTestId('lab-canvas').boundingBox())!;
    for (const [what, phi] of targets) {
      const at = (await project(page, phi))!;
      const read = await readAt(page, at.x, at.y);
      const off = Math.hypot(read[0]! - phi[0], read[1]! - phi[1]);
      console.log(
        `${what} Φ = (${phi.map((v) => v.toFixed(3))}) at (${at.x.toFixed(0)}, ${at.y.toFixed(0)}) px; the surface there reads (${read.map((v) => v.toFixed(3))}), ${off.toFixed(3)} away`,
      );
      expect(at.x).toBeGreaterThan(canvas.x + 10);
      expect(at.x).toBeLessThan(canvas.x + canvas.width - 10);
      expect(at.y).toBeGreaterThan(canvas.y + 10);
      expect(at.y).toBeLessThan(canvas.y + canvas.height - 10);
      // Seen, not behind the wall: the surface under that pixel is the point itself (within 1% of the domain's 4 wide).
      expect(off).toBeLessThan(0.04);
    }
    expect((await readHook(page)).lastT.every((t) => t === spec.steps)).toBe(true);
    expect(lab.pageErrors).toEqual([]);
  });

  it('marks each run’s head in its colour in the 2-D view', async () => {
    const { page } = lab;
    /** The marker's light ring: between its dot (12 px across) and its edge (16 px). */
    const RING = 7;
    await page.getByRole('button', { name: '2D', exact: true }).click();
    const [sgd, adam] = [spec.runs[0]!, spec.runs[1]!];
    const ends: [string, [number, number]][] = [
      [sgd.name, sgdEnd(sgd.optimizer.lr, sgd.start, spec.steps)],
      [adam.name, adamEnd(adam.optimizer.lr, adam.start, spec.steps)],
    ];
    for (const [i, [name, phi]] of ends.entries()) {
      // The 2-D camera is in place once a projection changes no more between two reads.
      let at = { x: NaN, y: NaN };
      await expect
        .poll(
          async () => {
            const now = (await project(page, phi))!;
            const same = Math.hypot(now.x - at.x, now.y - at.y) < 0.5;
            at = now;
            return same ? farthest((await pixelsAround(page, at.x, at.y, RING)).centre, HEAD_COLORS[i]!) : Infinity;
          },
          { timeout: 30_000 },
        )
        .toBeLessThan(30);
      const { centre, ring } = await pixelsAround(page, at.x, at.y, RING);
      console.log(
        `2-D: ${name}'s head Φ = (${phi.map((v) => v.toFixed(3))}) at (${at.x.toFixed(0)}, ${at.y.toFixed(0)}) px: its 3×3 pixels at most ${farthest(centre, HEAD_COLORS[i]!)} from its colour ${HEAD_COLORS[i]}; ${RING} px around, ${JSON.stringify(ring)}`,
      );
      // A clear marker: a light ring around the dot, so it reads over any surface, path or cloud.
      expect(darkest(ring)).toBeGreaterThan(180);
    }
    expect(lab.pageErrors).toEqual([]);
  });
});
