/**
 * A run's requests still queued in its worker when the run is removed are answered at once as
 * cancelled, not stepped: the worker is free for the next experiment's runs, which step as usual.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { WorkerHandle, defaultWorkerUrl } from '../../src-main/host/worker-pool';
import type { InitResult, StepResult } from '../../src-main/host/protocol';
import { validateExperiment } from '../../shared/experiment/validate';
import { engineModule, quadraticSpec } from './lab-fixtures';

let handle: WorkerHandle | null = null;
afterEach(async () => {
  await handle?.worker.terminate();
  handle = null;
});

function experiment(particles: number) {
  const parsed = validateExperiment(
    quadraticSpec([{ name: 'big', optimizer: { type: 'sgd', lr: 0.001 }, start: [1, 1], particles }]),
  );
  if (!parsed.ok) throw new Error(JSON.stringify(parsed));
  return parsed.experiment;
}

describe('a removed run’s queued requests', () => {
  it('are cancelled, not computed; the next run on the worker steps', async () => {
    handle = new WorkerHandle(defaultWorkerUrl(), { engineModule });
    const big = experiment(100_000);
    await handle.call<InitResult>({ type: 'init', id: 1, experiment: big, runIndex: 0, baseDir: '.', max: 0 });
    // Ten steps of 200 × 10⁵ particle updates each, then the run is removed.
    const steps = Array.from({ length: 10 }, () =>
      handle!.call<StepResult>({ type: 'step', id: 1, n: 200, max: 0 }).then(
        (r) => `t = ${r.stats.t}`,
        (e: Error) => e.message,
      ),
    );
    await handle.call({ type: 'dispose', id: 1 });
    const answers = await Promise.all(steps);
    const cancelled = answers.filter((a) => a === 'cancelled: the run was removed').length;
    console.log(`queued steps: ${answers.join(' · ')}`);
    // The worker may have begun the first before the removal reached it; the rest were never taken.
    expect(cancelled).toBeGreaterThanOrEqual(8);
    expect(answers.slice(0, 10 - cancelled)).toEqual(
      answers.slice(0, 10 - cancelled).map((_, k) => `t = ${200 * (k + 1)}`),
    );

    await handle.call<InitResult>({
      type: 'init',
      id: 2,
      experiment: experiment(10),
      runIndex: 0,
      baseDir: '.',
      max: 10,
    });
    const next = await handle.call<StepResult>({ type: 'step', id: 2, n: 3, max: 10 });
    // Φ ← (1 − η)Φ three times from (1, 1).
    expect(next.stats.t).toBe(3);
    expect(next.positions[0]).toBeCloseTo(0.999 ** 3, 6);
  });
});
