/**
 * The 1-D interpolation chart ("Between two runs", #21 item 2) in real Chromium against the real
 * server: a 2-4-1 tanh network on 60 rows of two moons, SGD beside Adam, played to their end (t = 300).
 * The chart of L((1 − s)·Φ_SGD + s·Φ_Adam) appears; its printed L(0) and L(1) equal the runs' end
 * training losses, as the status table prints them and as `sgd-lab run` records them; its L(½) equals
 * a float64 forward pass written here (SPEC §13: z = h W + b, tanh, the logistic loss log(1 + eᶻ) − y z)
 * at the midpoint of the recorded ends, on the rows `sgd-lab data` writes; and its pixels are not blank.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { RESULTS, ROOT } from './helpers';
import { openSpec, waitForHook } from './lab-actions';
import { useLab } from './lab-fixture';

const lab = useLab({ viewport: { width: 1280, height: 800 } });

const STEPS = 300;
const spec = {
  version: 1,
  title: 'Tiny two moons: SGD and Adam to two ends',
  seed: 3,
  steps: STEPS,
  loss: {
    model: { hidden: [4], activation: 'tanh', output: 'logistic' },
    data: { dataset: 'two-moons', n: 60, noise: 0.1, test: 20 },
  },
  runs: [
    { name: 'SGD', optimizer: { type: 'sgd', lr: 0.5 }, gradient: { kind: 'minibatch', batch: 8 } },
    { name: 'Adam', optimizer: { type: 'adam', lr: 0.05 }, gradient: { kind: 'minibatch', batch: 8 } },
  ],
  record: { every: 100 },
};

/** The mean logistic loss of the 2-4-1 tanh network Φ (W₁ 2 × 4, b₁, W₂ 4 × 1, b₂) over `rows` (x1, x2, y). */
function reference(phi: number[], rows: number[][]): number {
  let total = 0;
  for (const [x0, x1, y] of rows) {
    let z = phi[16]!;
    for (let k = 0; k < 4; k++) z += Math.tanh(x0! * phi[k]! + x1! * phi[4 + k]! + phi[8 + k]!) * phi[12 + k]!;
    total += Math.log1p(Math.exp(z)) - y! * z;
  }
  return total / rows.length;
}

/** Whether `printed` (a number printed to some decimals) is `value` rounded there. */
function printedAs(printed: string, value: number): boolean {
  const decimals = printed.split('.')[1]?.length ?? 0;
  return Math.abs(Number(printed) - value) <= 0.5 * 10 ** -decimals * (1 + 1e-9);
}

function cli(...args: string[]): void {
  const out = spawnSync(process.execPath, ['bin/sgd-lab.mjs', ...args], { cwd: ROOT, encoding: 'utf8' });
  if (out.status !== 0) throw new Error(`sgd-lab ${args[0]} failed: ${out.stderr}`);
}

/** The chart's pixels (an element screenshot decoded in the page): those away from its background colour. */
async function inkedPixels(page: Page): Promise<{ inked: number; columns: number; width: number }> {
  const png = await page.getByTestId('interpolation-chart').screenshot();
  return page.evaluate(`(async () => {
    const bytes = Uint8Array.from(atob(${JSON.stringify(png.toString('base64'))}), (c) => c.charCodeAt(0));
    const image = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
    const canvas = new OffscreenCanvas(image.width, image.height);
    const ctx = canvas.getContext('2d');
    ctx.drawImage(image, 0, 0);
    const { data, width, height } = ctx.getImageData(0, 0, image.width, image.height);
    const counts = new Map();
    for (let i = 0; i < data.length; i += 4) {
      const key = (data[i] << 16) | (data[i + 1] << 8) | data[i + 2];
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    const bg = [...counts].sort((a, b) => b[1] - a[1])[0][0];
    const [r, g, b] = [bg >> 16, (bg >> 8) & 255, bg & 255];
    let inked = 0;
    const columns = new Set();
    for (let y = 0; y < height; y++)
      for (let x = 0; x < width; x++) {
        const i = 4 * (y * width + x);
        if (Math.abs(data[i] - r) + Math.abs(data[i + 1] - g) + Math.abs(data[i + 2] - b) > 60) {
          inked++;
          columns.add(x);
        }
      }
    return { inked, columns: columns.size, width };
  })()`);
}

let ref: { ends: [number, number]; mid: number };

beforeAll(() => {
  const dir = mkdtempSync(join(tmpdir(), 'sgd-lab-interpolation-'));
  const file = join(dir, 'tiny.lab.json');
  writeFileSync(file, JSON.stringify(spec));
  cli('run', file, '--out', join(dir, 'run'));
  cli('data', file, '--out', join(dir, 'data'));
  const recording = JSON.parse(readFileSync(join(dir, 'run', 'recording.json'), 'utf8')) as {
    runs: { t: number[]; loss: number[]; final: { t: number; positions: number[][] } }[];
  };
  const rows = readFileSync(join(dir, 'data', 'train.csv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split(',').map(Number));
  const [a, b] = recording.runs.map((r) => r.final.positions[0]!) as [number[], number[]];
  expect(recording.runs.map((r) => r.final.t)).toEqual([STEPS, STEPS]);
  // The recorded end losses are the full training loss at the recorded ends (the reference agrees).
  recording.runs.forEach((r, i) => expect(reference([a, b][i]!, rows)).toBeCloseTo(r.loss.at(-1)!, 12));
  ref = {
    ends: [recording.runs[0]!.loss.at(-1)!, recording.runs[1]!.loss.at(-1)!],
    mid: reference(
      a.map((x, d) => 0.5 * x + 0.5 * b[d]!),
      rows,
    ),
  };
}, 120_000);

describe('the interpolation chart between two runs', () => {
  it('draws the loss from SGD’s end to Adam’s: its ends are the runs’ losses, its middle the float64 network’s', async () => {
    const { page } = lab;
    await openSpec(page, 'tiny.lab.json', spec);
    await page.getByText(spec.title).first().waitFor({ timeout: 60_000 });
    // 300 steps of a 2-4-1 network may end within a frame on a quiet machine, before Pause is ever
    // shown: what is waited on is both runs reaching t = 300.
    await page.getByRole('button', { name: 'Play', exact: true }).click();
    await waitForHook(
      page,
      (h) => h.lastT.length === 2 && h.lastT.every((t) => t >= STEPS),
      'both runs at t = 300',
      240_000,
    );
    await page.getByRole('button', { name: 'Play', exact: true }).waitFor({ timeout: 60_000 });

    await page.getByText('Between two runs').click();
    const values = page.getByTestId('interpolation-values');
    await values.waitFor({ timeout: 120_000 });
    const text = ((await values.textContent()) ?? '').replace(/\s+/g, ' ').trim();
    const match = /L\(0\) (\S+) · L\(½\) (\S+) · L\(1\) (\S+)/.exec(text);
    expect(match, text).not.toBeNull();
    const [l0, mid, l1] = match!.slice(1) as [string, string, string];
    const table = await Promise.all(
      [0, 1].map(async (i) =>
        ((await page.getByTestId(`status-${i}`).locator('td').nth(3).textContent()) ?? '').trim(),
      ),
    );
    console.log(
      `chart "${text}"; status table losses ${table.join(', ')}; recording ${ref.ends.join(', ')}; float64 L(½) ${ref.mid}`,
    );
    // The ends: the recording's end losses, and the status table's (to its 4 digits).
    expect(printedAs(l0, ref.ends[0])).toBe(true);
    expect(printedAs(l1, ref.ends[1])).toBe(true);
    expect(printedAs(table[0]!, ref.ends[0])).toBe(true);
    expect(printedAs(table[1]!, ref.ends[1])).toBe(true);
    // The middle: the float64 network at ½(Φ_SGD + Φ_Adam).
    expect(printedAs(mid, ref.mid)).toBe(true);

    const ink = await inkedPixels(page);
    console.log(`chart pixels: ${ink.inked} inked over ${ink.columns} of ${ink.width} columns`);
    expect(ink.inked).toBeGreaterThan(300);
    expect(ink.columns).toBeGreaterThan(0.8 * ink.width);
    await page.getByTestId('interpolation').screenshot({ path: resolve(RESULTS, 'network-interpolation.png') });
  }, 600_000);
});
