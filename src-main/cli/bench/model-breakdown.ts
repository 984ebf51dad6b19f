/**
 * Where a model step's time goes (issue #20), measured here and not in the engine's loop, in CPU time
 * (which other programs on the machine do not inflate, as they do wall time): the whole step of one
 * network (ModelRun.step), and its parts timed apart with the engine's own pieces, many times over, on
 * the experiment's data: the minibatch's picks (random/counter-js.ts), the forward passes of its
 * examples with their losses (Mlp.meanLoss, the same block passes as the gradient), forward and
 * backward together (Mlp.meanGrad, backward = that − forward), and the optimizer's update over D
 * (update.ts). Bookkeeping is what the whole step spends besides forward, backward and update (the
 * picks, the step's η and per-step values, copying the new Φ and state back).
 */
import type { Experiment } from '../../../shared/experiment/experiment';
import { modelData } from '../../data/load-model-data';
import { hyperBlock, runShape } from '../../../shared/kernel/hyper-block';
import { initialWeights } from '../../engine/model/init';
import { ModelRun, modelNet } from '../../engine/model/model-run';
import { randomStream } from '../../engine/random/counter-js';
import { modelUpdate } from '../../engine/model/update';

export interface StepBreakdown {
  step: number;
  forward: number;
  backward: number;
  update: number;
  bookkeeping: number;
  picks: number;
}

/** CPU seconds of this process. */
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

/** CPU seconds per call of `fn`: the best of 5 rounds of `count` calls, after a warm round. */
function seconds(count: number, fn: () => void): number {
  let best = Infinity;
  for (let r = 0; r < 6; r++) {
    const t0 = cpu();
    for (let k = 0; k < count; k++) fn();
    if (r > 0) best = Math.min(best, (cpu() - t0) / count);
  }
  return best;
}

/** The parts of one step of run 0 of `experiment` (a minibatch run of one network) and the whole step. */
export async function stepBreakdown(experiment: Experiment): Promise<StepBreakdown> {
  const data = await modelData(experiment, '.');
  const engine = new ModelRun(experiment, 0, data);
  const step = seconds(4, () => engine.step(500)) / 500;
  const net = modelNet(experiment.loss.model!, data);
  const run = experiment.runs[0]!;
  const D = net.D;
  const phi = initialWeights(net.layout, experiment.loss.model!.activation, experiment.seed);
  const shape = runShape(run);
  const B = shape.batch;
  const rows = new Int32Array(B);
  const rs = randomStream();
  let t = 0;
  const picks = seconds(2000, () => {
    rs.seed(1, 0, ++t);
    rs.picks(rows, B, data.train.n);
  });
  const forward = seconds(2000, () => net.meanLoss(phi, 0, data.train, rows, B));
  const G = new Float64Array(D);
  const both = seconds(2000, () => net.meanGrad(phi, 0, data.train, rows, B, G, 0));
  const update = modelUpdate(shape);
  const hyper = hyperBlock(shape);
  const slots = shape.rule.slots.map(() => new Float64Array(D));
  const next = shape.rule.slots.map(() => new Float64Array(D));
  const NX = new Float64Array(D);
  const v = new Float64Array(1 + (shape.rule.perStep?.names.length ?? 0));
  v[0] = shape.optimizer.lr;
  shape.rule.perStep?.values(shape.optimizer, 10, B).forEach((x, j) => (v[1 + j] = x));
  const upd = seconds(2000, () => update(phi, slots, NX, next, 0, D, G, G, v, 0, hyper));
  return {
    step,
    forward,
    backward: both - forward,
    update: upd,
    bookkeeping: Math.max(0, step - both - upd),
    picks,
  };
}
