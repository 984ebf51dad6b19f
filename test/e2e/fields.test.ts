/**
 * What a new user types, in real Chromium against the real server: a typed formula's Apply frames both
 * wells of a tilted double well and keeps the log scale; a run's start typed in its card moves it (one
 * off the surface is refused); the start's handle shows a hand and grows under the pointer; η, the
 * particles and the steps refuse values out of range in the field, with the reason, keeping the run's.
 */
import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { canvasPixels, changedPixels, readHook } from './helpers';
import { waitForHook, waitForSurface } from './lab-actions';
import { useLab } from './lab-fixture';

const lab = useLab({ acceptDialogs: true, setup: ({ page }) => waitForSurface(page) });

/** The refusal beside `input` (its aria-describedby), or null when it has none. */
async function refusalOf(page: Page, input: Locator): Promise<string | null> {
  const id = await input.getAttribute('aria-describedby');
  return id ? page.locator(`[id="${id}"]`).textContent() : null;
}

/** Types `text` into `input` and commits it (Enter). */
async function commit(input: Locator, text: string): Promise<void> {
  await input.fill(text);
  await input.press('Enter');
}

/** The view's pane under the canvas: its cursor as the page set it. */
const paneCursor = (page: Page) =>
  page.evaluate(`document.querySelector('[data-testid="lab-canvas"]').parentElement.style.cursor`) as Promise<string>;

describe('fields a new user types in', () => {
  it('a typed formula frames both wells with a margin, the start inside, and keeps the log scale', async () => {
    const { page } = lab;
    const log = page.getByRole('checkbox', { name: 'Log scale' });
    const startsWere = JSON.stringify((await readHook(page)).starts);
    // Rosenbrock's valley starts on the log scale.
    expect(await log.isChecked()).toBe(true);
    await page.getByTestId('formula-input').fill('(x^2 - 1)^2 + 0.5*y^2 + 0.2*x');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => page.getByLabel('x maximum').inputValue(), { timeout: 30_000 }).not.toBe('2');
    await waitForSurface(page);
    const domain = await Promise.all(
      ['x', 'y'].map(async (p) => [
        Number(await page.getByLabel(`${p} minimum`).inputValue()),
        Number(await page.getByLabel(`${p} maximum`).inputValue()),
      ]),
    );
    console.log(`framed domain: ${JSON.stringify(domain)}`);
    // The wells: x³ − x + 0.05 = 0 (∂L/∂x = 0), y = 0; x ≈ −1.0241 and 0.9740. Each at least ~1
    // from the edges (the old domain [−3.02, 0.98] had the right one on its edge).
    for (const well of [-1.0241, 0.974]) {
      expect(well - domain[0]![0]!).toBeGreaterThan(0.99);
      expect(domain[0]![1]! - well).toBeGreaterThan(0.99);
    }
    expect(domain[1]![0]).toBeLessThan(-0.99);
    expect(domain[1]![1]).toBeGreaterThan(0.99);
    const { starts } = await waitForHook(page, (h) => JSON.stringify(h.starts) !== startsWere, 'the new starts');
    for (const start of starts) start.forEach((v, a) => expect(v >= domain[a]![0]! && v <= domain[a]![1]!).toBe(true));
    // The log scale as the user had it.
    expect(await log.isChecked()).toBe(true);
  });

  it('a start typed in the run card moves the run; one off the surface is refused in the field', async () => {
    const { page } = lab;
    const x = page.getByRole('group', { name: 'Start of SGD' }).getByLabel('x', { exact: true });
    const before = (await readHook(page)).starts;
    await commit(x, '0.5');
    const moved = await waitForHook(page, (h) => h.starts[0]?.[0] === 0.5, 'the typed start');
    expect(moved.starts[0]![1]).toBe(before[0]![1]);
    expect(moved.starts[1]).toEqual(before[1]);
    expect(await x.getAttribute('aria-invalid')).toBe('false');
    // x = 99 is off the surface: refused, the start kept.
    await commit(x, '99');
    await expect.poll(() => x.getAttribute('aria-invalid')).toBe('true');
    expect(await refusalOf(page, x)).toMatch(/^x must be at most [\d.]+; kept 0\.5$/);
    expect((await readHook(page)).starts[0]).toEqual(moved.starts[0]);
    await commit(x, '0.5');
    await expect.poll(() => x.getAttribute('aria-invalid')).toBe('false');
  });

  it('the start handle shows a hand and grows under the pointer', async () => {
    const { page } = lab;
    const start = (await readHook(page)).starts[0]!;
    const at = (await page.evaluate(`window.__sgdLabProject(${JSON.stringify(start)})`)) as { x: number; y: number };
    await page.mouse.move(at.x + 150, at.y + 150);
    await expect.poll(() => paneCursor(page)).toBe('');
    const away = await canvasPixels(page, 480);
    await page.mouse.move(at.x - 4, at.y - 4);
    await page.mouse.move(at.x, at.y, { steps: 2 });
    await expect.poll(() => paneCursor(page), { timeout: 10_000 }).toBe('grab');
    let grown = 0;
    await expect
      .poll(async () => (grown = changedPixels(away, await canvasPixels(page, 480))), { timeout: 10_000 })
      .toBeGreaterThan(3);
    console.log(`handle under the pointer: ${grown} pixels changed`);
    await page.mouse.move(at.x + 150, at.y + 150);
    await expect.poll(() => paneCursor(page)).toBe('');
  });

  it('η = 1e9, 10⁹ particles and steps = −1 are refused in the field, the run unaffected', async () => {
    const { page } = lab;
    const card = page.getByTestId('run-0');
    const lr = page.getByLabel('Learning rate of SGD (exact)');
    const particles = card.getByLabel('particles', { exact: true });
    const steps = page.getByRole('toolbar', { name: 'Playback' }).getByLabel('steps', { exact: true });
    const [lrWas, particlesWas, stepsWas] = [
      await lr.inputValue(),
      await particles.inputValue(),
      await steps.inputValue(),
    ];
    await commit(lr, '1e9');
    await commit(particles, '1000000000');
    await commit(steps, '-1');
    for (const input of [lr, particles, steps])
      await expect.poll(() => input.getAttribute('aria-invalid')).toBe('true');
    expect(await refusalOf(page, lr)).toBe(`must be at most 1,000,000; kept ${lrWas}`);
    expect(await refusalOf(page, particles)).toBe(`particles must be at most 1,000,000; kept ${particlesWas}`);
    expect(await refusalOf(page, steps)).toBe(`steps must be at least 1; kept ${stepsWas.replace(/,/g, '')}`);
    // The typed text stays for the user to correct; the runs step on with what they had.
    expect(await particles.inputValue()).toBe('1000000000');
    const was = await readHook(page);
    await page.getByRole('button', { name: 'Step', exact: true }).click();
    const stepped = await waitForHook(page, (h) => h.lastT[0]! > was.lastT[0]!, 'a step');
    expect(stepped.lastLr[0]).toBe(Number(lrWas));
    expect(stepped.particles[0]).toBe(Number(particlesWas));
    // A value in range is taken and clears the refusal.
    await commit(particles, '3');
    await expect.poll(() => particles.getAttribute('aria-invalid')).toBe('false');
    expect(await refusalOf(page, particles)).toBeNull();
    await page.getByRole('button', { name: 'Step', exact: true }).click();
    await waitForHook(page, (h) => h.particles[0] === 3, 'three particles');
    expect(lab.pageErrors).toEqual([]);
  });
});
