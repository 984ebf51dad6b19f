/**
 * Instant mode on the host (real engine, real run workers): after a hot η change, `history` with
 * `instant` gives every run's whole path up to `steps` at once — the same path `sgd-lab run` computes
 * (runExperiment of the experiment with the new η: positions and losses equal at every step read), on
 * plain SGD on x² + y² the closed form Φ_t = (1 − 2η)^t Φ₀; a newer request supersedes an older one.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { INSTANT_SUPERSEDED, type InstantPaths, type InstantRun } from '../../shared/contract/instant';
import type { Reply } from '../../shared/contract/lab';
import { patchedExperiment } from '../../shared/contract/run-patch';
import { validateExperiment } from '../../shared/experiment/validate';
import { LabHost } from '../../src-main/host/lab-host';
import { runExperiment } from '../../src-main/engine/experiment-runner';
import { quadraticSpec } from './lab-fixtures';

const host = new LabHost({ size: 2 });
afterAll(() => host.close());

/** Rosenbrock, every step recorded: SGD, Adam and a small noisy cloud (gaussian gradient noise). */
const rosenbrock = {
  version: 1,
  seed: 3,
  steps: 300,
  loss: { preset: 'rosenbrock' },
  runs: [
    { name: 'SGD', optimizer: { type: 'sgd', lr: 0.0005 }, start: [-1.5, 2] },
    { name: 'Adam', optimizer: { type: 'adam', lr: 0.02 }, start: [-1.5, 0.5] },
    {
      name: 'Noisy',
      optimizer: { type: 'sgd', lr: 0.0005 },
      gradient: {
        kind: 'gaussian',
        batch: 1,
        cov: [
          [400, 0],
          [0, 400],
        ],
      },
      particles: 40,
      spread: 0.05,
      start: [-1, 2.5],
    },
  ],
  record: { every: 1, particles: 40 },
};

/** An answer asked without `since`: every run in it. */
function instantOf(reply: Reply): Omit<InstantPaths, 'runs'> & { runs: InstantRun[] } {
  if (!reply.ok || !reply.instant) throw new Error(`no instant paths: ${JSON.stringify(reply).slice(0, 300)}`);
  const { runs } = reply.instant;
  if (runs.some((r) => r === null)) throw new Error('a run is missing from an answer asked without since');
  return { ...reply.instant, runs: runs as InstantRun[] };
}

describe('instant mode on the host', () => {
  it('gives every run the whole path runExperiment computes, after a hot η change', async () => {
    expect(await host.handle({ type: 'load', spec: rosenbrock })).toMatchObject({ ok: true });
    expect(await host.handle({ type: 'patchRun', index: 1, patch: { field: 'lr', value: 0.05 } })).toEqual({
      ok: true,
    });
    const instant = instantOf(await host.handle({ type: 'history', instant: true }));
    // The live runs were left at t = 0.
    expect(host.state().runs.map((r) => r.status)).toEqual(['paused', 'paused', 'paused']);

    const changed = structuredClone(rosenbrock);
    changed.runs[1]!.optimizer.lr = 0.05;
    const checked = validateExperiment(changed);
    if (!checked.ok) throw new Error('the test experiment is invalid');
    const recording = await runExperiment(checked.experiment, { baseDir: '.' });
    expect(instant.runs).toHaveLength(3);
    instant.runs.forEach(({ history, final }, r) => {
      const recorded = recording.runs[r]!;
      // Thinned for drawing: from t = 0 to 300, increasing, each a step the recording has.
      expect(history.t[0]).toBe(0);
      expect(history.t.at(-1)).toBe(300);
      expect(history.t.every((t, k) => k === 0 || t > history.t[k - 1]!)).toBe(true);
      history.t.forEach((t, k) => {
        const at = recorded.t.indexOf(t);
        expect(at).toBeGreaterThanOrEqual(0);
        const first = Array.from(recorded.positions[at]![0]!);
        expect([history.path[2 * k], history.path[2 * k + 1]]).toEqual(first);
        expect(history.loss[k]).toBe(recorded.loss[at]);
        expect(history.lr[k]).toBe(recorded.lr[at]);
      });
      // The final frame: every particle at t = steps, as the recording's final positions (float32 for the view).
      expect(final.t).toBe(300);
      expect(final.run).toBe(r);
      const particles = rosenbrock.runs[r]!.particles ?? 1;
      expect(final.positions.length).toBe(2 * particles);
      const finals = recorded.final.positions.map((p) => Array.from(p!));
      expect(Array.from(final.positions)).toEqual(finals.flat().map((v) => Math.fround(v ?? NaN)));
    });
    // Adam's path with η = 0.05 is not the one with η = 0.02.
    const before = structuredClone(rosenbrock);
    const old = validateExperiment(before);
    if (!old.ok) throw new Error('invalid');
    const oldRecording = await runExperiment(old.experiment, { baseDir: '.' });
    expect(Array.from(oldRecording.runs[1]!.final.positions[0]!)).not.toEqual(instant.runs[1]!.history.path.slice(-2));
  });

  it('follows the closed form of plain SGD on x² + y²: Φ_t = (1 − 2η)^t Φ₀', async () => {
    const spec = quadraticSpec([{ name: 'SGD', optimizer: { type: 'sgd', lr: 0.1 }, start: [1, -2] }], { steps: 40 });
    expect(await host.handle({ type: 'load', spec })).toMatchObject({ ok: true });
    await host.handle({ type: 'patchRun', index: 0, patch: { field: 'lr', value: 0.05 } });
    const instant = instantOf(await host.handle({ type: 'history', instant: true }));
    const { history } = instant.runs[0]!;
    expect([history.t[0], history.t.at(-1)]).toEqual([0, 40]);
    // Every step's row, asked of the lab (the scrubber), exactly the closed form.
    expect(instant.every).toBe(1);
    for (const t of [0, 7, 17, 39, 40]) {
      const reply = await host.handle({ type: 'history', instant: true, at: { generation: instant.generation, t } });
      if (!reply.ok || !reply.heads) throw new Error(`no heads: ${JSON.stringify(reply)}`);
      const factor = (1 - 2 * 0.05) ** t;
      const head = reply.heads[0]!;
      expect(head.t).toBe(t);
      expect(head.loss).toBeCloseTo(5 * factor ** 2, 12);
      expect(head.positions[0]).toBeCloseTo(Math.fround(factor), 6);
    }
    // An older answer's rows are not kept.
    expect(
      await host.handle({ type: 'history', instant: true, at: { generation: instant.generation - 1, t: 3 } }),
    ).toEqual({ ok: false, error: INSTANT_SUPERSEDED });
    history.t.forEach((t, k) => {
      const factor = (1 - 2 * 0.05) ** t;
      expect(history.path[2 * k]).toBeCloseTo(factor, 12);
      expect(history.path[2 * k + 1]).toBeCloseTo(-2 * factor, 12);
      expect(history.loss[k]).toBeCloseTo(5 * factor ** 2, 12);
    });
  });

  it("computes a patch's experiment when asked in the same hop, the view's copy of it equal to the lab's", async () => {
    const spec = quadraticSpec([{ name: 'SGD', optimizer: { type: 'sgd', lr: 0.1 }, start: [1, -2] }], { steps: 30 });
    expect(await host.handle({ type: 'load', spec })).toMatchObject({ ok: true });
    const before = host.state().experiment!;
    const patch = { field: 'lr', value: 0.03 } as const;
    // As the view sends them: the patch, then at once (not awaiting its reply) the instant request.
    const patched = host.handle({ type: 'patchRun', index: 0, patch });
    const instant = instantOf(await host.handle({ type: 'history', instant: true }));
    expect(await patched).toEqual({ ok: true });
    const { history } = instant.runs[0]!;
    expect(history.lr[0]).toBe(0.03);
    history.t.forEach((t, k) => expect(history.path[2 * k]).toBeCloseTo((1 - 2 * 0.03) ** t, 12));
    // The view asks ahead with its own copy of the patched experiment; the state that follows says the
    // same paths (so it is not asked for twice).
    expect(JSON.stringify(patchedExperiment(before, 0, patch))).toBe(JSON.stringify(host.state().experiment));
  });

  it('answers an older request superseded when a newer change came while it computed', async () => {
    const spec = quadraticSpec(
      [
        { name: 'A', optimizer: { type: 'sgd', lr: 0.01 }, start: [1, -2], particles: 2000 },
        { name: 'B', optimizer: { type: 'sgd', lr: 0.01 }, start: [2, 1], particles: 2000 },
      ],
      { steps: 20_000 },
    );
    expect(await host.handle({ type: 'load', spec })).toMatchObject({ ok: true });
    const older = host.handle({ type: 'history', instant: true });
    const patched = host.handle({ type: 'patchRun', index: 0, patch: { field: 'lr', value: 0.02 } });
    const newer = host.handle({ type: 'history', instant: true });
    expect(await older).toEqual({ ok: false, error: INSTANT_SUPERSEDED });
    await patched;
    const instant = instantOf(await newer);
    expect(instant.runs[0]!.history.lr[0]).toBe(0.02);
    expect(instant.runs[1]!.history.lr[0]).toBe(0.01);
    // Plain SGD on x² + y² contracts by (1 − 2η) a step: after 20,000 steps 0.96^20000 ≈ 1e-355, at 0.
    for (const v of instant.runs[0]!.history.path.slice(-2)) expect(Math.abs(v)).toBeLessThan(1e-300);
  });
});
