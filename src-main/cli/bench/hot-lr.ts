/**
 * The hot-change row of `sgd-lab bench` (issue #19): what a new η costs a live run whose loss reads
 * 10⁶ data rows. A change writes the run's hyperparameter block (shared/kernel/hyper-block.ts); the
 * baseline, measured in the same run, is what a change cost before: planning the run again (parse,
 * tapes, the data's moments over every row) and printing its kernel.
 */
import type { Experiment, Run } from '../../../shared/experiment/experiment';
import { validateExperiment } from '../../../shared/experiment/validate';
import { compileRun } from '../../engine/compiled/compiled-run';
import { CompiledEnsemble } from '../../engine/compiled/ensemble';
import { loadDataSet } from '../../engine/loss/loss-data';

const ROWS = 1_000_000;

/** Momentum on a least-squares loss over 10⁶ generated rows, minibatches of 1, 1,000 particles. */
function dataExperiment(): Experiment {
  const r = validateExperiment({
    steps: 1000,
    loss: {
      expr: '0.5*(x*u + y*v - w)^2',
      data: { n: ROWS, vars: { u: { normal: [0, 1] }, v: { normal: [1, 1] }, w: { uniform: [0, 1] } } },
    },
    runs: [
      {
        optimizer: { type: 'momentum', lr: 0.01, N: 10 },
        gradient: { kind: 'minibatch', batch: 1 },
        particles: 1000,
        spread: 0.5,
      },
    ],
  });
  if (!r.ok) throw new Error(r.issues.map((i) => `${i.path}: ${i.message}`).join('; '));
  return r.experiment;
}

/** Milliseconds per call of `fn`, over `count` calls after one warm call. */
function msPer(count: number, fn: (k: number) => void): number {
  fn(-1);
  const t0 = performance.now();
  for (let k = 0; k < count; k++) fn(k);
  return (performance.now() - t0) / count;
}

/** Prints `hot lr  X ms per change, 10⁶ data rows` beside the full re-plan it replaces. */
export async function hotLrRow(out: (line: string) => void): Promise<void> {
  const exp = dataExperiment();
  const data = await loadDataSet(exp.loss, { seed: exp.seed, baseDir: '.' });
  const engine = new CompiledEnsemble(exp, 0, data);
  engine.step(1);
  const run = engine.run;
  const withLr = (k: number): Run => ({ ...run, optimizer: { ...run.optimizer, lr: 0.01 * (1 + (k & 7) / 8) } });
  const hot = msPer(1000, (k) => engine.setHyper({ optimizer: withLr(k).optimizer }));
  engine.step(1);
  const replan = msPer(5, (k) => compileRun(exp, withLr(k), 0, data));
  const goal = hot <= 1 ? 'met' : 'NOT met';
  out(
    `hot lr  ${hot.toFixed(4)} ms per change, 10⁶ data rows  ` +
      `(re-planning, as before: ${replan.toFixed(1)} ms, ${(replan / hot).toFixed(0)}× slower; goal ≤ 1 ms: ${goal})`,
  );
}
