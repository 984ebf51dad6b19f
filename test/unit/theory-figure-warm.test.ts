/**
 * The host's theory figures keep a worker that finished its figure for the next request (it has loaded
 * the engine already): the second figure comes from the same worker thread and equals the first to the
 * last bit (the figure depends only on the experiment); a superseded request's worker is not kept; and
 * close ends the idle worker.
 */
import { describe, expect, it } from 'vitest';
import type { TheoryFigure } from '../../shared/contract/theory';
import { dataRootOf } from '../../shared/experiment/data-path';
import { TheoryFigures } from '../../src-main/host/theory-figure';

const root = dataRootOf('.');
const spec = {
  version: 1,
  seed: 4,
  steps: 200,
  loss: { expr: '0.5 * x^2', params: ['x'], domain: [[-3, 3]] },
  runs: [{ optimizer: { type: 'sgd', lr: 0.1 }, gradient: { kind: 'gaussian', batch: 1, cov: [[1]] }, particles: 50 }],
  record: { every: 10, particles: 50 },
};

/** The idle worker's thread id (undefined: none kept). */
const idleThread = (f: TheoryFigures) =>
  (f as unknown as { idle: { worker: { threadId: number } } | null }).idle?.worker.threadId;

const figureOf = async (f: TheoryFigures) => {
  const reply = await f.compute(spec, root, 21);
  expect(reply.ok, reply.ok ? '' : reply.error).toBe(true);
  return (reply as { figure: TheoryFigure }).figure;
};

describe('theory figures on a warm worker', () => {
  it('reuses the worker that finished, with the same figure; close ends it', async () => {
    const figures = new TheoryFigures();
    try {
      const first = await figureOf(figures);
      const kept = idleThread(figures);
      expect(kept).toBeGreaterThan(0);
      const second = await figureOf(figures);
      expect(idleThread(figures)).toBe(kept);
      expect(second.runs[0]!.history).toEqual(first.runs[0]!.history);
      expect(second.runs[0]!.frames.map((f) => [...f.positions])).toEqual(
        first.runs[0]!.frames.map((f) => [...f.positions]),
      );
    } finally {
      await figures.close();
    }
    expect(idleThread(figures)).toBeUndefined();
  }, 120_000);

  it('a superseded request’s worker is stopped, the newer one answers and is kept', async () => {
    const figures = new TheoryFigures();
    try {
      const older = figures.compute({ ...spec, steps: 200_000 }, root, 0);
      const newer = figures.compute(spec, root, 0);
      expect(await older).toEqual({ ok: false, error: expect.stringContaining('superseded') });
      expect((await newer).ok).toBe(true);
      expect(idleThread(figures)).toBeGreaterThan(0);
    } finally {
      await figures.close();
    }
  }, 120_000);
});
