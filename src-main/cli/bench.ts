/**
 * `sgd-lab bench`: the engine's throughput, particle-steps per second, for sgd and adam on Rosenbrock
 * at P = 1, 10³, 10⁵ on each available backend, with a ratio against a plain JS float64 loop of the
 * same update measured in the same process. Each measurement is warm: the backend runs once untimed, and
 * every engine steps for a while before the clock starts. No assertions: numbers to read.
 */
import { PRESETS } from '../../shared/losses/presets';
import { validateExperiment } from '../../shared/spec/validate';
import type { BackendName } from '../engine/api';
import { BACKEND_ORDER, initBackend } from '../engine/backend';
import { NO_DATA } from '../engine/loss/data';
import { createRunEngine } from '../engine/run-engine';

const SIZES = [1, 1_000, 100_000];
/** Untimed stepping before each measurement, and the least time measured, in ms. */
const WARM_MS = 300;
const MEASURE_MS = 700;

/** Particle-steps per second of a float64 JS loop doing SGD or Adam on Rosenbrock. */
function baseline(type: 'sgd' | 'adam', P: number, steps: number): number {
  const x = new Float64Array(P).fill(-1.5);
  const y = new Float64Array(P).fill(2);
  const m = new Float64Array(2 * P);
  const v = new Float64Array(2 * P);
  const lr = 1e-4;
  const started = performance.now();
  for (let t = 1; t <= steps; t++) {
    const c1 = 1 - 0.9 ** t;
    const c2 = 1 - 0.999 ** t;
    for (let i = 0; i < P; i++) {
      const xi = x[i]!;
      const yi = y[i]!;
      const gx = -2 * (1 - xi) - 400 * xi * (yi - xi * xi);
      const gy = 200 * (yi - xi * xi);
      if (type === 'sgd') {
        x[i] = xi - lr * gx;
        y[i] = yi - lr * gy;
      } else {
        const g = [gx, gy];
        for (let d = 0; d < 2; d++) {
          const k = 2 * i + d;
          m[k] = 0.9 * m[k]! + 0.1 * g[d]!;
          v[k] = 0.999 * v[k]! + 0.001 * g[d]! ** 2;
          const u = (lr * (m[k]! / c1)) / (Math.sqrt(v[k]! / c2) + 1e-8);
          if (d === 0) x[i] = xi - u;
          else y[i] = yi - u;
        }
      }
    }
  }
  return (P * steps) / ((performance.now() - started) / 1000);
}

async function measure(backend: BackendName, type: 'sgd' | 'adam', P: number): Promise<number | undefined> {
  const { tf } = await initBackend(backend);
  const rosen = PRESETS.find((p) => p.name === 'rosenbrock')!;
  const r = validateExperiment({
    steps: 100,
    loss: { preset: rosen.name },
    runs: [{ optimizer: { type, lr: 1e-4 }, particles: P, spread: 0.1 }],
  });
  if (!r.ok) return undefined;
  const engine = createRunEngine({ tf, backend, experiment: r.experiment, data: NO_DATA }, 0);
  try {
    // Warm-up: kernels compiled, buffers allocated and the JIT settled before the clock starts.
    const warmUntil = performance.now() + WARM_MS;
    do {
      engine.step(P >= 100_000 ? 1 : 10);
      engine.positions(1);
    } while (performance.now() < warmUntil);
    const block = P >= 100_000 ? 5 : 50;
    let steps = 0;
    const started = performance.now();
    do {
      engine.step(block);
      engine.positions(1); // waits for the last step
      steps += block;
    } while (performance.now() - started < MEASURE_MS);
    return (P * steps) / ((performance.now() - started) / 1000);
  } finally {
    engine.dispose();
  }
}

const fmt = (v: number) =>
  v >= 1e6 ? `${(v / 1e6).toFixed(2)}M` : v >= 1e3 ? `${(v / 1e3).toFixed(1)}k` : v.toFixed(0);

/** A ratio to three significant digits (small ones, as at P = 1, in exponent form rather than 0.000). */
const ratio = (r: number) => (r >= 0.01 ? r.toFixed(3) : r.toExponential(2));

export async function benchCommand(args: string[]): Promise<number> {
  const only = args.find((a) => a.startsWith('--backend='))?.slice('--backend='.length);
  const base = { sgd: baseline('sgd', 1000, 2000), adam: baseline('adam', 1000, 2000) };
  process.stdout.write(
    `baseline (JS float64 loop, P=1000): sgd ${fmt(base.sgd)} particle-steps/s, adam ${fmt(base.adam)}\n`,
  );
  process.stdout.write('backend          optimizer  P        particle-steps/s  × baseline\n');
  for (const backend of BACKEND_ORDER) {
    if (only && only !== backend) continue;
    try {
      await initBackend(backend);
    } catch {
      process.stdout.write(`${backend.padEnd(16)} (not available)\n`);
      continue;
    }
    await measure(backend, 'sgd', 1); // warms the backend itself (first kernels, code paths), untimed
    for (const type of ['sgd', 'adam'] as const)
      for (const P of SIZES) {
        const rate = await measure(backend, type, P);
        if (rate === undefined) continue;
        process.stdout.write(
          `${backend.padEnd(16)} ${type.padEnd(10)} ${String(P).padEnd(8)} ${fmt(rate).padStart(16)}  ${ratio(rate / base[type])}\n`,
        );
      }
  }
  return 0;
}
