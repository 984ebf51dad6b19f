/**
 * Theory figures on the host (`theoryFigure`, real engine in a theory worker): the whole experiment is
 * computed headless and answered as each run's history and recorded frames. On ½x² with gradient noise
 * N(0, σ²) the frames' cloud has the stationary variance ησ²/(2H − ηH²) written here by hand; a newer
 * request supersedes an older one still computing; a spec naming a CSV is refused by its field.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { FIGURE_SUPERSEDED } from '../../shared/contract/theory';
import type { Reply } from '../../shared/contract/lab';
import { LabHost } from '../../src-main/host/lab-host';

const host = new LabHost({ size: 1 });
afterAll(() => host.close());

const ETA = 0.1;
const basin = (steps: number, particles: number, every = 5) => ({
  version: 1,
  seed: 4,
  steps,
  loss: { expr: '0.5 * x^2', params: ['x'], domain: [[-3, 3]] },
  runs: [
    {
      name: 'sgd',
      optimizer: { type: 'sgd', lr: ETA },
      gradient: { kind: 'gaussian', batch: 1, cov: [[1]] },
      start: [0],
      particles,
    },
  ],
  record: { every, particles },
});

describe('theoryFigure', () => {
  it('answers every run whole: its history and frames whose cloud has the stationary variance', async () => {
    const reply = await host.handle({ type: 'theoryFigure', spec: basin(2000, 400), frames: 401 });
    expect(reply.ok, reply.ok ? '' : reply.error).toBe(true);
    const figure = (reply as Extract<Reply, { ok: true }>).figure!;
    expect(figure.runs).toHaveLength(1);
    const run = figure.runs[0]!;
    expect(run.history.t.at(-1)).toBe(2000);
    expect(run.history.t).toHaveLength(401);
    expect(run.frames.at(-1)!.t).toBe(2000);
    // The variance over every frame after t = 200 (≫ 1/ηH = 10 steps of relaxation).
    let [n, s2] = [0, 0];
    for (const f of run.frames) if (f.t >= 200) for (const x of f.positions) [n, s2] = [n + 1, s2 + x * x];
    const predicted = ETA / (2 - ETA); // ησ²/(2H − ηH²), H = σ² = 1
    expect(s2 / n).toBeGreaterThan(predicted * 0.93);
    expect(s2 / n).toBeLessThan(predicted * 1.07);
    console.log(
      `theoryFigure: 400 particles x 2000 steps in ${figure.ms.toFixed(0)} ms; var ${s2 / n} vs ${predicted}`,
    );
  }, 120_000);

  it('a newer request supersedes an older one still computing', async () => {
    const older = host.handle({ type: 'theoryFigure', spec: basin(400_000, 400, 4000) });
    const newer = host.handle({ type: 'theoryFigure', spec: basin(100, 10) });
    const [a, b] = await Promise.all([older, newer]);
    expect(a).toEqual({ ok: false, error: FIGURE_SUPERSEDED });
    expect(b.ok).toBe(true);
  }, 120_000);

  it('refuses a spec that reads a data file, naming the field', async () => {
    const spec = {
      ...basin(10, 2),
      loss: { expr: '(w - y)^2', params: ['w'], data: { csv: 'data.csv' }, domain: [[-1, 1]] },
    };
    const reply = await host.handle({ type: 'theoryFigure', spec });
    expect(reply.ok).toBe(false);
    expect(reply.ok ? '' : reply.error).toMatch(/^(loss\.data\.csv|invalid experiment)/);
  });
});
