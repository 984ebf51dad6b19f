/**
 * `sgd-lab bench`: the engine's throughput as ratios to baselines measured in the same run (never
 * asserted anywhere: numbers to read). The baseline is a one-core C loop doing Adam on Rosenbrock with
 * N(0, 1) gradient noise (`gcc -O3`, when gcc exists) and a plain JS float64 loop of the same update.
 * The compiled backend is measured through the command line's runner (`sgd-lab run`'s code path), its
 * start-up excluded by differencing two run lengths; then where the time goes, the P = 1 step rate, a
 * hot η change on a 10⁶-row loss, the start-up of a 5-step `sgd-lab run`, the renderer's JavaScript (out/renderer), a basin on a 1,000-row CSV, a 512² surface and the temperature
 * experiment, then the network rows (bench/model-rows.ts; `--only network` prints those alone). `--backend NAME` adds a
 * TensorFlow.js backend's rows (wasm, cpu …) for comparison; the webgpu rows close the table.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Experiment } from '../../shared/experiment/experiment';
import { validateExperiment } from '../../shared/experiment/validate';
import type { TfBackendName } from '../engine/api';
import { initBackend } from '../engine/backend';
import { runCompiled } from '../engine/compiled/parallel-runner';
import { compiledSurface } from '../engine/compiled/compiled-grid';
import { runExperiment } from '../engine/experiment-runner';
import { loadDataSet, NO_DATA } from '../engine/loss/loss-data';
import { randomModule } from '../engine/random/counter-js';
import { createRunCore } from '../engine/tfjs/run-engine';
import { webgpuBenchRows } from '../engine/webgpu/gpu-bench-rows';
import { cBaseline } from './bench/c-baseline';
import { cliStartRow } from './bench/cli-start';
import { hotLrRow } from './bench/hot-lr';
import { modelRows } from './bench/model-rows';
import { rendererJsLine } from './bench/renderer-size';
import { RENDERER_DIR } from '../server/renderer-build';

const out = (line: string) => process.stdout.write(`${line}\n`);
const fmt = (v: number) =>
  v >= 1e9
    ? `${(v / 1e9).toFixed(2)}G`
    : v >= 1e6
      ? `${(v / 1e6).toFixed(2)}M`
      : v >= 1e3
        ? `${(v / 1e3).toFixed(1)}k`
        : v.toFixed(0);
const ratio = (r: number) => (r >= 0.01 ? `${r.toFixed(2)}×` : `${r.toExponential(2)}×`);

function spec(input: unknown): Experiment {
  const r = validateExperiment(input);
  if (!r.ok) throw new Error(r.issues.map((i) => `${i.path}: ${i.message}`).join('; '));
  return r.experiment;
}

/** Adam on Rosenbrock with N(0, I) noise: the benchmark's work. */
const adamRosenbrock = (P: number, steps: number, type = 'adam', kind = 'gaussian'): Experiment =>
  spec({
    steps,
    loss: { preset: 'rosenbrock' },
    runs: [
      {
        optimizer: { type, lr: 1e-4 },
        particles: P,
        spread: 0.1,
        gradient:
          kind === 'gaussian'
            ? {
                kind,
                batch: 1,
                cov: [
                  [1, 0],
                  [0, 1],
                ],
              }
            : { kind },
      },
    ],
    record: { every: steps, particles: 1 },
  });

/** Particle-steps per second of the compiled runner, start-up excluded (two lengths differenced). */
async function compiledRate(make: (steps: number) => Experiment, P: number, steps: number, threads: number) {
  const time = async (s: number) => {
    const t0 = performance.now();
    await runCompiled(make(s), NO_DATA, { threads });
    return (performance.now() - t0) / 1000;
  };
  await time(Math.max(1, steps / 10)); // warm: kernels compiled, JIT settled
  const short = await time(Math.max(1, Math.round(steps / 5)));
  const long = await time(steps);
  return (P * (steps - Math.max(1, Math.round(steps / 5)))) / Math.max(long - short, 1e-9);
}

/** Particle-steps per second of a plain JS float64 loop of the same Adam update (no noise). */
function jsBaseline(P: number, steps: number): number {
  const x = new Float64Array(P).fill(-1.5);
  const y = new Float64Array(P).fill(2);
  const m = new Float64Array(2 * P);
  const v = new Float64Array(2 * P);
  const started = performance.now();
  for (let t = 1; t <= steps; t++) {
    const c1 = 1 / (1 - 0.9 ** t);
    const c2 = 1 / (1 - 0.999 ** t);
    for (let i = 0; i < P; i++) {
      const xi = x[i]!;
      const yi = y[i]!;
      const gx = -2 * (1 - xi) - 400 * xi * (yi - xi * xi);
      const gy = 200 * (yi - xi * xi);
      m[2 * i] = 0.9 * m[2 * i]! + 0.1 * gx;
      v[2 * i] = 0.999 * v[2 * i]! + 0.001 * gx * gx;
      m[2 * i + 1] = 0.9 * m[2 * i + 1]! + 0.1 * gy;
      v[2 * i + 1] = 0.999 * v[2 * i + 1]! + 0.001 * gy * gy;
      x[i] = xi - (1e-4 * c1 * m[2 * i]!) / (Math.sqrt(c2 * v[2 * i]!) + 1e-8);
      y[i] = yi - (1e-4 * c1 * m[2 * i + 1]!) / (Math.sqrt(c2 * v[2 * i + 1]!) + 1e-8);
    }
  }
  return (P * steps) / ((performance.now() - started) / 1000);
}

/** A 1,000-row linear-regression CSV (w = u − v/2 + noise) in a fresh folder. */
function basinCsv(): { dir: string; file: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'sgd-lab-bench-'));
  const file = path.join(dir, 'basin.csv');
  const lines = ['u,v,w'];
  let s = 12345;
  const rnd = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) + 0.5) / 4294967296;
  const normal = () => Math.sqrt(-2 * Math.log(rnd())) * Math.cos(2 * Math.PI * rnd());
  for (let i = 0; i < 1000; i++) {
    const u = normal();
    const v = normal();
    lines.push(`${u},${v},${u - 0.5 * v + 0.3 * normal()}`);
  }
  writeFileSync(file, lines.join('\n') + '\n');
  return { dir, file };
}

const BASIN_LOSS = (file: string) => ({
  expr: '0.5*(x*u + y*v - w)^2',
  data: { csv: file },
  domain: [
    [-1, 3],
    [-2.5, 1.5],
  ],
});

async function tfRows(backend: TfBackendName): Promise<void> {
  const { tf } = await initBackend(backend);
  for (const P of [1, 1000, 100_000]) {
    const engine = createRunCore({ tf, backend, experiment: adamRosenbrock(P, 100), data: NO_DATA }, 0);
    engine.step(3);
    engine.read(1);
    const steps = P >= 100_000 ? 10 : 200;
    const t0 = performance.now();
    engine.step(steps);
    engine.read(1);
    const rate = (P * steps) / ((performance.now() - t0) / 1000);
    engine.dispose();
    out(`${backend.padEnd(10)} adam + noise, P = ${String(P).padEnd(7)} ${fmt(rate).padStart(8)} particle-steps/s`);
  }
}

export async function benchCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { backend: { type: 'string' }, only: { type: 'string' } },
    strict: true,
  });
  const cores = availableParallelism();
  if (values.only === 'network') {
    await modelRows(out);
    return 0;
  }
  const P = 100_000;
  out(`SGD Lab engine benchmark (${cores} cores; particle-steps/s; ratios to baselines measured here)`);
  const c = cBaseline(P, 200);
  const js = jsBaseline(P, 60);
  out(`baseline  C -O3, one core, adam + noise, P = 1e5      ${c === null ? '(no gcc)' : fmt(c).padStart(8)}`);
  out(`baseline  JS float64 loop, one core, adam, P = 1e5    ${fmt(js).padStart(8)}`);
  const base = c ?? js;
  const baseName = c === null ? 'JS loop' : 'C loop';

  const all = await compiledRate((s) => adamRosenbrock(P, s), P, 400, cores);
  const one = await compiledRate((s) => adamRosenbrock(P, s), P, 200, 1);
  out(
    `compiled  adam + noise, P = 1e5, ${cores} threads        ${fmt(all).padStart(8)}  ${ratio(all / base)} the ${baseName}`,
  );
  out(
    `compiled  adam + noise, P = 1e5, 1 thread           ${fmt(one).padStart(8)}  ${ratio(one / base)} the ${baseName}`,
  );
  const single = await compiledRate((s) => adamRosenbrock(1, s), 1, 2_000_000, 1);
  out(
    `compiled  adam + noise, P = 1 (steps/s)             ${fmt(single).padStart(8)}  goal ≥ 1M: ${ratio(single / 1e6)}`,
  );

  await hotLrRow(out);
  cliStartRow(out);
  out(rendererJsLine(RENDERER_DIR));

  // Where the time goes, per particle-step on one thread: each variant adds one part.
  const lossGrad = await compiledRate((s) => adamRosenbrock(P, s, 'sgd', 'exact'), P, 200, 1);
  const noise = await compiledRate((s) => adamRosenbrock(P, s, 'sgd', 'gaussian'), P, 200, 1);
  const rng = randomModule();
  const buf = new Float64Array(2 * 1_000_000);
  const r0 = performance.now();
  for (let k = 0; k < 5; k++) rng.normals(buf, 7, k, 1);
  const normalsPerSec = (5 * buf.length) / ((performance.now() - r0) / 1000);
  const ns = (rate: number) => 1e9 / rate;
  out(
    `where the time goes (ns per particle-step, one thread): loss+gradient+sgd ${ns(lossGrad).toFixed(1)}, ` +
      `noise ${(ns(noise) - ns(lossGrad)).toFixed(1)}, adam's update ${(ns(one) - ns(noise)).toFixed(1)}; ` +
      `normal sampler alone ${fmt(normalsPerSec)}/s`,
  );

  // The basin of issue 8: 5 runs × 2,000 particles × 900 steps on a 1,000-row CSV.
  const { dir, file } = basinCsv();
  try {
    const basin = spec({
      steps: 900,
      loss: BASIN_LOSS(file),
      runs: [
        { name: 'minibatch', optimizer: { type: 'sgd', lr: 0.05 }, gradient: { kind: 'minibatch', batch: 1 } },
        { name: 'half η', optimizer: { type: 'sgd', lr: 0.025 }, gradient: { kind: 'minibatch', batch: 1 } },
        {
          name: 'B = 4',
          optimizer: { type: 'sgd', lr: 0.05 },
          gradient: { kind: 'minibatch', batch: 4 },
          batchScaling: { from: 1 },
        },
        {
          name: 'gaussian',
          optimizer: { type: 'sgd', lr: 0.05 },
          gradient: {
            kind: 'gaussian',
            batch: 1,
            cov: [
              [1, 0.2],
              [0.2, 0.5],
            ],
          },
        },
        {
          name: 'Langevin',
          optimizer: { type: 'sgd', lr: 0.05 },
          gradient: { kind: 'minibatch', batch: 1 },
          dynamics: { type: 'langevin' },
        },
      ].map((r) => ({ ...r, particles: 2000, start: [0, 0], spread: 0.1 })),
      record: { every: 10, particles: 100 },
    });
    const b0 = performance.now();
    await runExperiment(basin, { baseDir: dir, backend: 'compiled' });
    const basinS = (performance.now() - b0) / 1000;
    out(`basin     5 runs × 2,000 particles × 900 steps, 1,000 rows  ${basinS.toFixed(2)} s  (goal < 10 s)`);

    const surf = spec({ steps: 1, loss: BASIN_LOSS(file), runs: [{ optimizer: { type: 'sgd' } }] });
    const data = await loadDataSet(surf.loss, { seed: surf.seed, baseDir: dir });
    compiledSurface(surf, data, 64);
    const s0 = performance.now();
    compiledSurface(surf, data, 64);
    const coarse = performance.now() - s0;
    const s1 = performance.now();
    compiledSurface(surf, data, 512);
    const fine = performance.now() - s1;
    out(`surface   loss on 1,000 rows: 64² ${coarse.toFixed(1)} ms, 512² ${fine.toFixed(1)} ms  (goal < 200 ms)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  // The temperature experiment of issue 9: 8 η × 10,000 particles × 5,000 steps.
  const temp = spec({
    steps: 5000,
    loss: { preset: 'quadratic-2d' },
    runs: Array.from({ length: 8 }, (_, k) => ({
      optimizer: { type: 'sgd', lr: 0.1 / 2 ** (k / 2) },
      gradient: { kind: 'minibatch', batch: 1 },
      particles: 10_000,
    })),
    record: { every: 100, particles: 10 },
  });
  const t0 = performance.now();
  await runExperiment(temp, { baseDir: '.', backend: 'compiled' });
  out(`theory    L(η): 8 η × 10,000 particles × 5,000 steps    ${((performance.now() - t0) / 1000).toFixed(2)} s`);

  await modelRows(out);
  if (values.backend) await tfRows(values.backend as TfBackendName);
  await webgpuBenchRows(out);
  return 0;
}
