/**
 * `npm run bench:render`: the view's frame times in real Chromium (software WebGL here), paused and
 * while playing, for the default experiment, the README's (3 × 2,000 particles) and for 6 runs ×
 * 10,000 particles on a 256² surface.
 * Prints p95 frame times and the playing/paused ratio, each with the paused baseline of the same run.
 * Goal: p95 ≤ 16.7 ms while playing (≤ 33 ms first on a software renderer). On a software renderer
 * the 6 × 10⁴ case is measured twice: within the view's point budget, and drawing every particle.
 * Then the network rows (bench-network.ts): two moons playing with its Decision function, and the plane.
 * Then the Theory rows (bench-theory.ts): each gallery entry, opening → full figure drawn (goal ≤ 2 s).
 * Instant mode (#22): from a change of η to the whole path drawn, p95 over `INSTANT_TRIALS` changes, for
 * the default experiment and with a 10⁴-particle cloud (goals: ≤ 33 ms and ≤ 100 ms), beside the paused
 * frame times of the same page.
 */
import { launchBrowser, startServer, readHook } from './helpers';
import { measureFrames, type FrameTiming } from './fps-probe';
import { README_EXPERIMENT } from './readme-experiment';
import { benchNetwork } from './bench-network';
import type { Page } from 'playwright-core';
import { benchExports } from './bench-export';
import { benchTheory } from './bench-theory';
import { readFileSync } from 'node:fs';
import { benchInstant } from './bench-instant';
import { machineLoad, settle } from './bench-page';

const WINDOW_MS = Number(process.env.BENCH_WINDOW_MS ?? 4000);

async function playing(page: Page): Promise<FrameTiming> {
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await page.getByRole('button', { name: 'Pause', exact: true }).waitFor({ timeout: 30_000 });
  await page.waitForTimeout(500);
  const timing = await measureFrames(page, WINDOW_MS);
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await page.getByRole('button', { name: 'Play', exact: true }).waitFor({ timeout: 30_000 });
  return timing;
}

function line(name: string, paused: FrameTiming, play: FrameTiming): string {
  const f = (t: FrameTiming) =>
    `${t.fps.toFixed(1)} fps, p95 ${t.p95Ms.toFixed(1)} ms, worst ${t.worstMs.toFixed(0)} ms`;
  return `${name}\n  paused:  ${f(paused)}\n  playing: ${f(play)}\n  ratio playing/paused fps: ${(play.fps / paused.fps).toFixed(2)}`;
}

console.log(`before: ${machineLoad()}`);
const server = await startServer();
const browser = await launchBrowser();
try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, colorScheme: 'dark' });
  await page.goto(server.url);
  await settle(page);
  for (const row of await benchInstant(page)) console.log(row);
  console.log(`(instant rows: ${machineLoad()})`);
  // The default experiment played long: 10⁸ steps, its rows every 10⁴ steps (every 10, its 100-particle
  // cloud's recording would be over the budget, and the lab would refuse the steps).
  const defaults = JSON.parse(readFileSync('resources/default.lab.json', 'utf8')) as Record<string, unknown>;
  await page.getByTestId('open-input').setInputFiles({
    name: 'default.lab.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify({ ...defaults, steps: 100_000_000, record: { every: 10_000 } })),
  });
  await settle(page);
  console.log(
    line(
      'the default experiment (SGD, Adam and a 100-particle cloud)',
      await measureFrames(page, WINDOW_MS),
      await playing(page),
    ),
  );

  await page.getByTestId('open-input').setInputFiles({
    name: 'readme.lab.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify({ ...README_EXPERIMENT, steps: 100_000_000 })),
  });
  await settle(page);
  console.log(
    line(
      "the README's experiment (3 runs × 2,000 particles, a typed formula)",
      await measureFrames(page, WINDOW_MS),
      await playing(page),
    ),
  );

  const cov = [
    [1, 0],
    [0, 1],
  ];
  const runs = ['sgd', 'momentum', 'nesterov', 'rmsprop', 'adam', 'lion'].map((type, i) => ({
    name: `${type} ${i + 1}`,
    optimizer: { type, lr: type === 'sgd' || type === 'momentum' || type === 'nesterov' ? 0.0005 : 0.005 },
    gradient: { kind: 'gaussian', batch: 1, cov },
    start: [-1.5, 2],
    particles: 10_000,
    spread: 0.2,
  }));
  const spec = { version: 1, seed: 1, steps: 100_000_000, loss: { preset: 'rosenbrock' }, runs };
  await page.getByTestId('open-input').setInputFiles({
    name: 'bench.lab.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(spec)),
  });
  await settle(page);
  const paused = await measureFrames(page, WINDOW_MS);
  const budget = page.getByTestId('point-budget');
  const note = (await budget.count()) > 0 ? ` (${(await budget.innerText()).replace(/\s+/g, ' ').trim()})` : '';
  const play = await playing(page);
  console.log(line(`6 runs × 10,000 particles${note}`, paused, play));
  if (note) {
    // The same, drawing every particle: what the software renderer's point budget saves.
    await budget.getByRole('button', { name: 'draw all' }).click();
    console.log(line('6 runs × 10,000 particles, every particle drawn', paused, await playing(page)));
  }
  console.log(`(steps reached: ${JSON.stringify((await readHook(page)).lastT)})`);
  // Issue #21: two moons playing with the Decision function, and the landscape plane's grids.
  for (const row of await benchNetwork(page, WINDOW_MS)) console.log(row);
  // Issue #22 item 2: each Theory gallery entry, from opening it to its full figure drawn (goal ≤ 2 s).
  const theoryPage = await browser.newPage({ viewport: { width: 1440, height: 900 }, colorScheme: 'dark' });
  await theoryPage.goto(server.url);
  await settle(theoryPage);
  for (const row of await benchTheory(theoryPage)) console.log(row);
  await theoryPage.close();
  await benchExports(browser, server.url);
  console.log(`after: ${machineLoad()}`);
} finally {
  await browser.close();
  await server.stop();
}
