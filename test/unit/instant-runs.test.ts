/**
 * Instant mode's host side (src-main/host/instant-runs.ts) against stand-in workers that count what
 * they are asked: a change of one run computes that run alone (the other's result is kept, a 10⁴
 * cloud is not stepped again), an unchanged experiment computes nothing, a small run goes to the
 * prompt worker and a large cloud to its run worker, and only the latest answer's rows are kept.
 */
import { describe, expect, it } from 'vitest';
import { validateExperiment } from '../../shared/experiment/validate';
import type { Experiment } from '../../shared/experiment/experiment';
import { InstantRuns } from '../../src-main/host/instant-runs';
import { RECORD_STATS } from '../../shared/contract/instant-record';
import type { InstantResult } from '../../src-main/host/protocol';
import type { WorkerHandle } from '../../src-main/host/worker-pool';
import { quadraticSpec } from './lab-fixtures';

function experiment(lr0: number): Experiment {
  const checked = validateExperiment(
    quadraticSpec(
      [
        { name: 'SGD', optimizer: { type: 'sgd', lr: lr0 }, start: [1, -2] },
        { name: 'Cloud', optimizer: { type: 'sgd', lr: 0.01 }, start: [2, 1], particles: 10_000 },
      ],
      { steps: 400 },
    ),
  );
  if (!checked.ok) throw new Error('invalid test experiment');
  return checked.experiment;
}

/** A stand-in worker answering run r's path as rows t = 0…4 (whatever the steps) with loss 10·r + t·lr. */
function worker(name: string, calls: string[]): WorkerHandle {
  return {
    call: (req: { runIndex: number; experiment: Experiment }) => {
      const { runIndex: r, experiment: e } = req;
      calls.push(`${name}:${r}`);
      const lr = e.runs[r]!.optimizer.lr;
      const width = RECORD_STATS.length + 2;
      const values = new Float64Array(5 * width);
      for (let t = 0; t <= 4; t++) values.set([t, lr, 10 * r + t * lr, 0, 0, t, t * lr, t, -t], t * width);
      const stats = {
        t: 4,
        lr,
        loss: 10 * r + 4 * lr,
        lossMin: 0,
        lossMax: 0,
        examples: 4,
        tau: 4 * lr,
        diverged: null,
      };
      const history = {
        t: [0, 4],
        lr: [lr, lr],
        loss: [],
        lossMin: [],
        lossMax: [],
        examples: [],
        tau: [],
        dims: 2,
        path: [],
      };
      const result: InstantResult = {
        history,
        final: { stats, positions: new Float32Array([4, -4]), dims: 2 },
        record: { dims: 2, rows: 5, every: 1, values },
      };
      return Promise.resolve(result);
    },
  } as unknown as WorkerHandle;
}

describe('InstantRuns', () => {
  it('computes only the runs whose path changed, small ones on the prompt worker', async () => {
    const calls: string[] = [];
    const [prompt, runWorker] = [worker('prompt', calls), worker('run', calls)];
    const runs = new InstantRuns();
    const compute = (e: Experiment) =>
      runs.compute(e, { dir: '.' } as never, 100, (_, small) => (small ? prompt : runWorker));

    const first = await compute(experiment(0.1));
    // SGD (400 particle-steps) on the prompt worker, the cloud (4·10⁶ > PROMPT_WORK) on a run worker.
    expect(calls).toEqual(['prompt:0', 'run:1']);
    const second = await compute(experiment(0.2));
    expect(calls).toEqual(['prompt:0', 'run:1', 'prompt:0']);
    await compute(experiment(0.2));
    expect(calls).toHaveLength(3);
    if (!first.ok || !second.ok || !second.instant) throw new Error('no answer');
    expect(second.instant.runs.map((r) => r?.history.lr[0])).toEqual([0.2, 0.01]);
    expect(second.instant.every).toBe(1);

    // Rows of the latest answer only: step 3 of SGD (loss 3 · 0.2) and of the cloud (10 + 3 · 0.01).
    const latest = (await compute(experiment(0.3))) as { instant: { generation: number } };
    const rows = runs.rowsAt(latest.instant.generation, 3)!;
    expect(rows.map((f) => [f.run, f.t, f.loss])).toEqual([
      [0, 3, 3 * 0.3],
      [1, 3, 10 + 3 * 0.01],
    ]);
    expect(Array.from(rows[0]!.positions)).toEqual([3, -3]);
    expect(runs.rowsAt(latest.instant.generation, 99)!.map((f) => f.t)).toEqual([4, 4]);
    expect(runs.rowsAt(latest.instant.generation - 1, 3)).toBeNull();
  });

  it('sends null for the runs unchanged since the answer the view has, everything for one it may not have', async () => {
    const calls: string[] = [];
    const [prompt, runWorker] = [worker('prompt', calls), worker('run', calls)];
    const runs = new InstantRuns();
    const compute = (e: Experiment, since?: number) =>
      runs.compute(e, { dir: '.' } as never, 100, (_, small) => (small ? prompt : runWorker), since);
    const instantOf = async (e: Experiment, since?: number) => {
      const reply = await compute(e, since);
      if (!reply.ok || !reply.instant) throw new Error('no answer');
      return reply.instant;
    };
    const first = await instantOf(experiment(0.1));
    expect(first.since).toBeUndefined();
    // SGD's η changed: SGD sent, the cloud (unchanged since `first`) null.
    const second = await instantOf(experiment(0.2), first.generation);
    expect(second.since).toBe(first.generation);
    expect(second.runs.map((r) => r?.history.lr[0] ?? null)).toEqual([0.2, null]);
    // Since the answer before: the cloud is the same result as then too.
    const third = await instantOf(experiment(0.3), second.generation);
    expect(third.runs.map((r) => r?.history.lr[0] ?? null)).toEqual([0.3, null]);
    // Asked since an answer it no longer keeps (or never gave): every run, no `since`.
    for (let k = 0; k < 4; k++) await instantOf(experiment(0.4 + k / 10));
    const whole = await instantOf(experiment(0.9), first.generation);
    expect(whole.since).toBeUndefined();
    expect(whole.runs.map((r) => r?.history.lr[0] ?? null)).toEqual([0.9, 0.01]);
    const unknown = await instantOf(experiment(0.95), 10_000);
    expect(unknown.runs.every((r) => r !== null)).toBe(true);
    // The cloud was computed once in all.
    expect(calls.filter((c) => c.endsWith(':1'))).toEqual(['run:1']);
  });
});
