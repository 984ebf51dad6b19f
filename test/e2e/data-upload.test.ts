/**
 * CSV data from the browser (Data → Upload CSV in the loss panel), against the real server in real
 * Chromium. Opening an experiment whose `points.csv` is not next to it says what to do, shows no server
 * path and leaves no "Computing the loss surface…"; uploading the file then runs the experiment on the
 * uploaded rows. Loss ½(x − u)² over u = 1, 2, 6 (mean 3, variance 14/3), exact gradient, SGD η = 0.5
 * from x = 0: x − 3 halves each step, so L_t = ½(14/3 + 9·4⁻ᵗ), by hand (L₀ = 41/6).
 */
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers';
import { liveMode, openSpec, waitForSurface } from './lab-actions';
import { useLab } from './lab-fixture';

const lab = useLab();

const SPEC = {
  version: 1,
  title: 'Uploaded data',
  seed: 1,
  steps: 1000,
  loss: { expr: '0.5*(x - u)^2', params: ['x'], domain: [[-2, 8]], data: { csv: 'points.csv' } },
  runs: [{ name: 'SGD on the rows', optimizer: { type: 'sgd', lr: 0.5 }, start: [0] }],
};
const ROWS = 'u,w\n1,10\n2,20\n6,30\n';
const expected = (t: number) => 0.5 * (14 / 3 + 9 * 4 ** -t);
/** The loss cell of run 0 in the status table, as a number. */
const lossCell = async () => Number(await lab.page.getByTestId('status-0').locator('td').nth(3).textContent());

describe('CSV data from the browser', () => {
  it('a missing CSV says what to do without a path; the uploaded CSV is what the runs use', async () => {
    const page = lab.page;
    await waitForSurface(page);
    await openSpec(page, 'points.lab.json', SPEC);
    const alert = page.getByText('points.csv was not found next to the experiment: upload it with Data → Upload CSV');
    await alert.first().waitFor({ timeout: 60_000 });
    await page.getByTestId('data-missing').waitFor();
    // No server path anywhere on the page, and no surface left computing.
    const text = await page.locator('body').innerText();
    expect(text).not.toContain(ROOT);
    expect(text).not.toMatch(/ENOENT|resources\//);
    expect(await page.getByText('Computing the loss surface…').count()).toBe(0);

    await page
      .getByTestId('data-input')
      .setInputFiles({ name: 'points.csv', mimeType: 'text/csv', buffer: Buffer.from(ROWS) });
    await page.getByText('Uploaded data').first().waitFor({ timeout: 60_000 });
    await page.getByTestId('data-info').filter({ hasText: 'points.csv: 3 rows; columns u, w' }).waitFor();
    expect(await page.getByTestId('data-missing').count()).toBe(0);
    await page.getByTestId('status-0').filter({ hasText: 'SGD on the rows' }).waitFor();
    await waitForSurface(page);
    // Instant mode (on for this small experiment) shows the whole path computed on the uploaded rows:
    // at its end, t = 1000, the loss is ½·14/3.
    await expect.poll(lossCell, { timeout: 30_000 }).toBeCloseTo(expected(1000), 2);
    // The live runs, back at t = 0, start from the loss of the uploaded rows: 41/6.
    await liveMode(page);
    await expect.poll(lossCell, { timeout: 30_000 }).toBeCloseTo(41 / 6, 2);
    await page.getByRole('button', { name: 'Step', exact: true }).click();
    await page.getByTestId('status-0').locator('td').nth(1).filter({ hasNotText: /^0$/ }).waitFor();
    const t = Number((await page.getByTestId('status-0').locator('td').nth(1).textContent())!.replace(/,/g, ''));
    expect(t).toBeGreaterThan(0);
    await expect.poll(lossCell, { timeout: 30_000 }).toBeCloseTo(expected(t), 2);
    expect(lab.pageErrors).toEqual([]);
  });
});
