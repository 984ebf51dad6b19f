/**
 * Instant mode's scrubber reads every step exactly, though the lab sends each run's path thinned for
 * drawing (~500 of its 5,001 points): with SGD's η at 10⁻³ (default experiment, Rosenbrock from
 * (−1.5, 2)), the Timeline moved to steps between the points sent shows in the status table that very
 * step and its loss, equal to plain SGD computed here in float64 (Φ ← Φ − η∇L,
 * ∇L = (−2(1 − x) − 400x(y − x²), 200(y − x²))) to the table's 4 digits.
 */
import { expect, it } from 'vitest';
import { waitForSurface } from './lab-actions';
import { useLab } from './lab-fixture';
import { instantChange } from './instant-probe';

const lab = useLab();

/** Plain SGD's loss on Rosenbrock after `steps` steps of η from (−1.5, 2) (float64). */
function sgdLoss(lr: number, steps: number): number {
  let [x, y] = [-1.5, 2];
  for (let t = 0; t < steps; t++) {
    const [gx, gy] = [-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)];
    [x, y] = [x - lr * gx, y - lr * gy];
  }
  return (1 - x) ** 2 + 100 * (y - x * x) ** 2;
}

/** The table's 4 significant digits (format.ts `fmt(v, 4)` for 10⁻³ ≤ |v| < 10⁵). */
const four = (v: number) => Number(v.toPrecision(4)).toString();

it('the Timeline shows every step exactly, between the points drawn', async () => {
  const page = lab.page;
  await waitForSurface(page);
  await instantChange(page, 0, -3);
  await expect.poll(() => page.evaluate('window.__sgdLabInstant.pending'), { timeout: 60_000 }).toBe(0);
  const timeline = page.getByTestId('instant-timeline');
  // Every step of the 5,000 is a row of the scrubber.
  expect(await timeline.getAttribute('max')).toBe('5000');
  const heads = (await page.evaluate('window.__sgdLabInstant.heads')) as number;
  for (const t of [1237, 2999, 4001]) {
    await page.evaluate(`(() => {
      const el = document.querySelector('[data-testid="instant-timeline"]');
      el.value = '${t}';
      el.dispatchEvent(new Event('input', { bubbles: true }));
    })()`);
    await expect.poll(() => page.locator('output.t').first().innerText()).toBe(`t = ${t}`);
    const row = page.getByTestId('status-0');
    const cell = (k: number) => row.locator('td').nth(k).innerText();
    await expect.poll(() => cell(1), { timeout: 30_000 }).toBe(t.toLocaleString('en-US'));
    expect(await cell(3)).toBe(four(sgdLoss(1e-3, t)));
    console.log(
      `t = ${t}: SGD's loss ${await row.locator('td').nth(3).innerText()} (float64 here ${sgdLoss(1e-3, t)})`,
    );
  }
  // Exact rows came from the lab (these steps are not all among the points sent).
  expect((await page.evaluate('window.__sgdLabInstant.heads')) as number).toBeGreaterThan(heads);
  expect(lab.pageErrors).toEqual([]);
});
