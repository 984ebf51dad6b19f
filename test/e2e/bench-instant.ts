/**
 * Instant mode's rows of `npm run bench:render` (#22 item 1), also runnable alone
 * (`npx tsx test/e2e/bench-instant.ts` after `npm run build:web -- --mode e2e`): from a change of run
 * 0's η to the whole path drawn, p95 over `BENCH_INSTANT_TRIALS` changes, for the default experiment
 * (goal ≤ 33 ms) and for SGD beside a 10⁴-particle cloud (goal ≤ 100 ms), each beside the paused frame
 * times of the same page. "Drawn" twice: the end of the frame that draws the path (its animation-frame
 * callbacks and rendering steps done, the picture handed to the compositor), and the next animation
 * frame (by then the drawn frame is on screen). Split into the change → its result arrived (the page's
 * own trace where it has one, else the lab's) and the result → the next frame; and how many changes the
 * page's worker drew first.
 */
import type { Page } from 'playwright-core';
import { pathToFileURL } from 'node:url';
import { frameGaps, measureFrames } from './fps-probe';
import { machineLoad, settle, withBenchPage } from './bench-page';
import { instantChange, instantDrag, p95 } from './instant-probe';

const WINDOW_MS = Number(process.env.BENCH_WINDOW_MS ?? 4000);
const INSTANT_TRIALS = Number(process.env.BENCH_INSTANT_TRIALS ?? 20);
const DRAG_MS = Number(process.env.BENCH_DRAG_MS ?? 3000);

/** SGD beside a noisy cloud of 10⁴ particles, 5,000 steps. */
export const CLOUD_EXPERIMENT = {
  version: 1,
  seed: 1,
  steps: 5000,
  loss: { preset: 'rosenbrock' },
  runs: [
    { name: 'SGD', optimizer: { type: 'sgd', lr: 0.0005 }, start: [-1.5, 2] },
    {
      name: 'Noisy SGD',
      optimizer: { type: 'sgd', lr: 0.0005 },
      gradient: {
        kind: 'gaussian',
        batch: 1,
        cov: [
          [400, 0],
          [0, 400],
        ],
      },
      particles: 10_000,
      spread: 0.05,
      start: [-1, 2.5],
    },
  ],
};

const median = (v: number[]) => [...v].sort((a, b) => a - b)[v.length >> 1] ?? NaN;

/** `INSTANT_TRIALS` changes of run 0's η (alternating two values), change → whole path drawn. */
export async function instantRow(page: Page, name: string, goalMs: number): Promise<string> {
  const paused = await measureFrames(page, WINDOW_MS);
  const drawn: number[] = [];
  const frame: number[] = [];
  const lab: number[] = [];
  const afterArrival: number[] = [];
  const before = (await page.evaluate('window.__sgdLabInstant.previews')) as number;
  for (let i = 0; i < INSTANT_TRIALS; i++) {
    const probe = await instantChange(page, 0, i % 2 === 0 ? -3 : -3.3);
    drawn.push(probe.drawnMs);
    frame.push(probe.frameMs);
    afterArrival.push(probe.afterArrivalMs);
    lab.push(probe.drawnMs - probe.afterArrivalMs);
  }
  const previews = ((await page.evaluate('window.__sgdLabInstant.previews')) as number) - before;
  const f = (v: number) => `${v.toFixed(0)} ms`;
  return (
    `instant: ${name}\n  paused: ${paused.fps.toFixed(1)} fps, p95 ${paused.p95Ms.toFixed(1)} ms\n` +
    `  change → the frame that draws the whole path done: p95 ${f(p95(frame))} (goal ≤ ${goalMs} ms), median ${f(median(frame))}\n` +
    `  change → the frame after it (the drawn frame shown): p95 ${f(p95(drawn))}, median ${f(median(drawn))}` +
    ` (${(p95(drawn) / paused.p95Ms).toFixed(1)} paused frames)\n` +
    `  of which change → result arrived: p95 ${f(p95(lab))}, median ${f(median(lab))}; ` +
    `result → the frame after (2 frames): p95 ${f(p95(afterArrival))}, median ${f(median(afterArrival))}; ` +
    `${previews} of ${INSTANT_TRIALS} drawn from the page's own worker first`
  );
}

/**
 * Run 0's η dragged with the real mouse, `INSTANT_TRIALS` moves: each from its input event (as the
 * browser took it) to the whole path drawn, in frames of the page's paused frame time.
 */
export async function dragRow(page: Page, goalMs: number): Promise<string> {
  const paused = await measureFrames(page, WINDOW_MS);
  const probes = await instantDrag(page, 0, INSTANT_TRIALS);
  const drawn = probes.map((p) => p.drawnMs);
  const frames = probes.map((p) => p.frameMs);
  const after = probes.map((p) => p.afterArrivalMs);
  const frame = 1000 / paused.fps;
  const within = (n: number) => frames.filter((d) => d <= n * frame + 1).length;
  return (
    `  dragged with the mouse (${probes.length} moves, each from its input event): the frame that draws it done ` +
    `p95 ${p95(frames).toFixed(0)} ms (goal ≤ ${goalMs} ms), median ${median(frames).toFixed(0)} ms; the frame after ` +
    `p95 ${p95(drawn).toFixed(0)} ms, median ${median(drawn).toFixed(0)} ms; drawn within 2 frames ${within(2)}, ` +
    `3 frames ${within(3)}, 4 frames ${within(4)} of ${probes.length}; result → the frame after median ${median(after).toFixed(0)} ms`
  );
}

/**
 * Run 0's η dragged without pause for `DRAG_MS` (a pointer move every animation frame, back and forth
 * over ±15 px): the page's frame rate meanwhile (its animation-frame gaps), beside its paused rate, and
 * how many paths the drag drew.
 */
export async function dragRateRow(page: Page): Promise<string> {
  const paused = await measureFrames(page, WINDOW_MS);
  const box = (await page.getByTestId('lr-0').boundingBox())!;
  const y = box.y + box.height / 2;
  const x0 = box.x + box.width / 2;
  await page.mouse.move(x0, y);
  await page.mouse.down();
  const count = (await page.evaluate('window.__sgdLabInstant.count')) as number;
  const frames = frameGaps(page, DRAG_MS);
  const began = Date.now();
  for (let k = 0; Date.now() - began < DRAG_MS; k++) {
    await page.mouse.move(x0 + 15 * Math.sin(k / 6), y);
    await page.evaluate('new Promise((r) => requestAnimationFrame(r))');
  }
  const gaps = (await frames).sort((a, b) => a - b);
  await page.mouse.up();
  const drawn = ((await page.evaluate('window.__sgdLabInstant.count')) as number) - count;
  const total = gaps.reduce((a, b) => a + b, 0);
  return (
    `  dragged without pause for ${(DRAG_MS / 1000).toFixed(0)} s: ${((gaps.length * 1000) / total).toFixed(1)} fps ` +
    `(paused ${paused.fps.toFixed(1)}), frame gaps p95 ${p95(gaps).toFixed(0)} ms, longest ${gaps.at(-1)!.toFixed(0)} ms; ` +
    `${drawn} paths drawn`
  );
}

/** Both rows on `page` (left on the cloud experiment). */
export async function benchInstant(page: Page): Promise<string[]> {
  // The first change after opening starts the lab's prompt worker's computing (cold): timed apart.
  const first = await instantChange(page, 0, -3.2);
  const rows = [
    `instant: the first change after opening: ${first.drawnMs.toFixed(0)} ms to drawn`,
    (await instantRow(page, 'the default experiment', 33)) +
      '\n' +
      (await dragRow(page, 33)) +
      '\n' +
      (await dragRateRow(page)),
  ];
  await page.getByTestId('open-input').setInputFiles({
    name: 'cloud.lab.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(CLOUD_EXPERIMENT)),
  });
  await settle(page);
  // The cloud's own first path is computed once (seconds); each η change of SGD then computes SGD's alone.
  await instantChange(page, 0, -3.3);
  rows.push(await instantRow(page, 'SGD beside a 10,000-particle noisy cloud (5,000 steps)', 100));
  return rows;
}

// Alone: its own server and browser.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(`before: ${machineLoad()}`);
  await withBenchPage(async (page) => {
    await settle(page);
    for (const row of await benchInstant(page)) console.log(row);
    console.log(`after: ${machineLoad()}`);
  });
}
