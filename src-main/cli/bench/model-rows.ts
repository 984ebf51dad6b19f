/**
 * The network rows of `sgd-lab bench` (issue #20), each with its goal and whether it was met, measured
 * through the engine's public entry points (the model run set `runExperiment` steps, the landscape's
 * full loss) beside a one-core `gcc -O3` C loop of the same training (mlp-c-baseline.ts) run here:
 * a 2-16-16-1 tanh network (D = 337) by Adam on minibatches of 32 from 1,000 two-moons rows, 64
 * networks on every core and one alone, in 3 rounds, each engine rate set against the C loop timed just
 * before it and the medians printed with the machine's load; where a step's time goes (sampled outside the engine's
 * loop); the landscape planes of its full loss; digits (784-64-10) at B = 64.
 */
import { availableParallelism, loadavg } from 'node:os';
import type { Experiment } from '../../../shared/experiment/experiment';
import { validateExperiment } from '../../../shared/experiment/validate';
import { linspace } from '../../../shared/landscape/grid';
import { randomPlane } from '../../../shared/landscape/planes';
import { modelData } from '../../data/load-model-data';
import { experimentFullLoss } from '../../landscape/full-loss';
import { createModelRunSet } from '../../engine/model/model-set';
import { initialWeights } from '../../engine/model/init';
import { modelNet } from '../../engine/model/model-run';
import { stepBreakdown } from './model-breakdown';
import { mlpCLoop } from './mlp-c-baseline';

type Out = (line: string) => void;

const met = (ok: boolean) => (ok ? 'met' : 'not met');

function spec(input: unknown): Experiment {
  const r = validateExperiment(input);
  if (!r.ok) throw new Error(r.issues.map((i) => `${i.path}: ${i.message}`).join('; '));
  return r.experiment;
}

/** Adam on `model` over `data`, minibatches of `batch`, `particles` networks. */
const adamNet = (model: object, data: object, particles: number, batch: number, lr = 1e-3): Experiment =>
  spec({
    steps: 1_000_000,
    loss: { model, data },
    runs: [{ optimizer: { type: 'adam', lr }, gradient: { kind: 'minibatch', batch }, particles, spread: 0.01 }],
    record: { every: 1_000_000, particles: 1 },
  });

/** The 2-16-16-1 tanh network on 1,000 two-moons rows. */
export const MOONS = {
  model: { hidden: [16, 16], activation: 'tanh', output: 'logistic' },
  data: { dataset: 'two-moons', n: 1000, noise: 0.1, test: 0 },
};

/** CPU seconds this process (every thread) has used. */
const cpuSeconds = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

/**
 * Network-steps per second of `experiment`'s run set (threads: the engine's default, all cores):
 * warmed, then `steps` steps timed, grown until they take ≥ `seconds`; `cpu.rate`: per second of
 * the process's CPU time (all its threads), which other programs on the machine do not inflate.
 */
export async function networkSteps(
  experiment: Experiment,
  seconds: number,
  threads?: number,
  cpu?: { rate: number },
): Promise<number> {
  const set = await createModelRunSet(experiment, '.', threads);
  try {
    await set.step(3);
    let steps = 4;
    for (;;) {
      const t0 = performance.now();
      const c0 = cpuSeconds();
      await set.step(steps);
      const s = (performance.now() - t0) / 1000;
      const work = experiment.runs[0]!.particles * steps;
      if (cpu) cpu.rate = work / (cpuSeconds() - c0);
      if (s >= seconds) return work / s;
      steps = Math.ceil(steps * Math.min(8, (1.2 * seconds) / Math.max(s, 1e-3)));
    }
  } finally {
    await set.dispose();
  }
}

/**
 * Seconds for the G² landscape grid of the network's full training loss, through `sgd-lab landscape`'s
 * loss (`cpu.seconds`: the CPU time it took, over all threads).
 */
async function planeSeconds(G: number, cpu?: { seconds: number }): Promise<number> {
  const exp = adamNet(MOONS.model, MOONS.data, 1, 32);
  const loss = await experimentFullLoss(exp, '.');
  const data = await modelData(exp, '.');
  const net = modelNet(exp.loss.model!, data);
  const center = initialWeights(net.layout, 'tanh', exp.seed);
  const path = { name: 'start', t: [0], points: [center], final: center };
  const { plane } = randomPlane([path], loss.D, { seed: 1, span: 1, ...(loss.layers ? { layers: loss.layers } : {}) });
  const axis = linspace(-1, 1, G);
  const t0 = performance.now();
  const c0 = cpuSeconds();
  const values = await loss.evaluateGrid!({ plane, alpha: axis, beta: axis }, false);
  const s = (performance.now() - t0) / 1000;
  if (cpu) cpu.seconds = cpuSeconds() - c0;
  if (!values.every((v) => Number.isFinite(v))) throw new Error('the landscape grid has a non-finite loss');
  return s;
}

/** The median of a few numbers. */
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Rounds of each timing: each engine rate is set against the C loop timed just before it, and the medians kept. */
const ROUNDS = 3;

/** Prints the network rows. */
export async function modelRows(out: Out): Promise<void> {
  const cores = availableParallelism();
  const fmt = (v: number) =>
    v >= 1e6 ? `${(v / 1e6).toFixed(2)}M` : v >= 1e3 ? `${(v / 1e3).toFixed(1)}k` : v.toFixed(1);
  const load = () => loadavg()[0]!.toFixed(1);
  const c = mlpCLoop();
  const rounds: { c1: number; c64: number; one: number; many: number; cpu: Record<string, number> }[] = [];
  const loadBefore = load();
  try {
    for (let r = 0; r < ROUNDS; r++) {
      const cpu = { c64: { rate: NaN }, many: { rate: NaN }, c1: { rate: NaN }, one: { rate: NaN } };
      const c64 = c ? c.rate(64, 400, cpu.c64) : NaN;
      const many = await networkSteps(adamNet(MOONS.model, MOONS.data, 64, 32), 2, undefined, cpu.many);
      const c1 = c ? c.rate(1, 20_000, cpu.c1) : NaN;
      const one = await networkSteps(adamNet(MOONS.model, MOONS.data, 1, 32), 1, undefined, cpu.one);
      const rates = Object.fromEntries(Object.entries(cpu).map(([k, v]) => [k, v.rate]));
      rounds.push({ c1, c64, one, many, cpu: rates });
    }
  } finally {
    c?.dispose();
  }
  const m = (f: (x: (typeof rounds)[number]) => number) => median(rounds.map(f));
  const c1 = m((x) => x.c1);
  const c64 = m((x) => x.c64);
  out(
    `network   C -O3 one core, 2-16-16-1 tanh (D = 337), adam, B = 32 of 1,000 rows: ` +
      (c === null
        ? '(no gcc: ratios below are absent)'
        : `1 network ${fmt(c1)} steps/s; 64 networks ${fmt(c64 * 32)} per-example gradients/s`) +
      `  (medians of ${ROUNDS} rounds, load ${loadBefore} → ${load()} on ${cores} cores)`,
  );
  const many = m((x) => x.many) * 32;
  const r64 = m((x) => x.many / x.c64);
  out(
    `network   64 networks, ${cores} threads: ${fmt(many)} per-example gradients/s = ${r64.toFixed(2)}× the C loop  ` +
      `(goal ≥ 1.0×: ${met(r64 >= 1)})`,
  );
  const one = m((x) => x.one);
  const r1 = m((x) => x.one / x.c1);
  out(`network   1 network: ${fmt(one)} steps/s = ${r1.toFixed(2)}× the C loop  (goal ≥ 0.2×: ${met(r1 >= 0.2)})`);
  const us = (s: number) => `${(s * 1e6).toFixed(1)} µs`;
  const cpu = (k: string) => m((x) => 1 / x.cpu[k]!);
  out(
    `network   CPU time per network-step (other programs do not inflate it): 64 networks ${us(cpu('many'))} ` +
      `(summed over ${cores} threads), C ${us(cpu('c64'))} → ${((cores * cpu('c64')) / cpu('many')).toFixed(2)}× the C loop ` +
      `with ${cores} free cores; 1 network ${us(cpu('one'))}, C ${us(cpu('c1'))} (${(cpu('c1') / cpu('one')).toFixed(2)}×)`,
  );

  const b = await stepBreakdown(adamNet(MOONS.model, MOONS.data, 1, 32));
  out(
    `network   where a step's CPU time goes (1 network, one thread, ${us(b.step)} per step): forward ${us(b.forward)}, ` +
      `backward ${us(b.backward)}, update ${us(b.update)}, bookkeeping ${us(b.bookkeeping)} (picks ${us(b.picks)})`,
  );

  const planes = [0, 1, 2].map(() => ({ seconds: NaN }));
  const p51 = median([
    await planeSeconds(51, planes[0]),
    await planeSeconds(51, planes[1]),
    await planeSeconds(51, planes[2]),
  ]);
  const c51 = median(planes.map((p) => p.seconds));
  out(
    `landscape 51² plane, full loss on 1,000 rows: ${p51.toFixed(2)} s, median of 3  (goal < 1 s: ${met(p51 < 1)}); ` +
      `CPU ${c51.toFixed(2)} s over its threads (load ${load()})`,
  );
  const big = p51 * (201 / 51) ** 2 < 40;
  if (big) {
    const p201 = await planeSeconds(201);
    out(`landscape 201² plane: ${p201.toFixed(2)} s  (goal < 15 s: ${met(p201 < 15)})`);
  } else {
    const p101 = await planeSeconds(101);
    const ext = p101 * (201 / 101) ** 2;
    out(
      `landscape 101² plane: ${p101.toFixed(2)} s; 201² extrapolated ×(201/101)²: ${ext.toFixed(1)} s, not run (too long here)  ` +
        `(goal < 15 s: ${met(ext < 15)})`,
    );
  }

  const digits = adamNet(
    { hidden: [64], activation: 'tanh', output: 'softmax' },
    { dataset: 'digits', n: 9000, test: 1000 },
    1,
    64,
  );
  const d = await networkSteps(digits, 2);
  out(`network   digits 784-64-10 (D = 50,890), 1 network, B = 64: ${fmt(d)} steps/s  (goal ≥ 100: ${met(d >= 100)})`);
}
