/**
 * The network momentum entry in real Chromium: opening it draws its figure computed headless, without
 * Play — every (η′, N) cell in both forms in both panels (36 markers), the readout's nine cells, the
 * exact-gradient pair's gap of 0 in the verdict (one trajectory) — and its CSV holds the cells and the
 * pair, every noisy pair within 4 standard errors of each other.
 */
import { describe, expect, it } from 'vitest';
import { useLab } from './lab-fixture';
import { downloadTheoryCsv, openTheoryFigure } from './theory-page';

const lab = useLab();

/** What this reads of the page's globals (no DOM types here). */
interface Hooks {
  __sgdLabFigure?: Record<string, unknown>;
  document: { querySelectorAll(selector: string): { length: number } };
}

describe('momentum’s two parameterizations on a network', () => {
  it('opens with its computed figure, the exact pair one trajectory, the CSV its cells', async () => {
    const start = Date.now();
    await openTheoryFigure(lab.page, 'network-momentum', 'Momentum’s two parameterizations on a network');
    // Functions, not strings: the page's CSP forbids evaluating strings while polling.
    await lab.page.waitForFunction(() => (globalThis as unknown as Hooks).__sgdLabFigure?.['network-momentum'], null, {
      timeout: 60_000,
    });
    console.log(`network-momentum: figure in ${Date.now() - start} ms from the click`);
    const panel = lab.page.getByTestId('theory-panel');
    // The view draws the figure's histories once its feed has them: wait on the markers, not on time.
    const markers = panel.getByTestId('theory-figure').locator('circle');
    await lab.page.waitForFunction(
      () =>
        (globalThis as unknown as Hooks).document.querySelectorAll('[data-testid="theory-figure"] circle').length >= 36,
      null,
      { timeout: 60_000 },
    );
    expect(await markers.count()).toBe(36);
    await expect.poll(() => panel.locator('table.readout tbody tr').count(), { timeout: 30_000 }).toBe(9);
    const verdict = await panel.getByTestId('momentum-network-verdict').innerText();
    console.log(verdict);
    expect(verdict).toMatch(/largest \|L\s*heavy\s*− L\s*average\s*\| = 0\.0e\+0/);

    const csv = await downloadTheoryCsv(lab.page);
    expect(csv.name).toBe('network-momentum.csv');
    expect(csv.lines[0]).toBe('eta_prime,N,eta,average_loss,average_stderr,heavy_loss,heavy_stderr,z');
    const rows = csv.lines.slice(1).filter((l) => l !== '');
    expect(rows).toHaveLength(10);
    for (const row of rows.slice(0, 9)) expect(Math.abs(Number(row.split(',')[7]))).toBeLessThan(4);
    expect(Number(rows[9]!.split(',')[3])).toBe(0);
    // No Play: the lab's runs stand where they were.
    expect(await lab.page.getByRole('button', { name: 'Play', exact: true }).count()).toBeGreaterThan(0);
  }, 180_000);
});
