/**
 * Surface benchmark: the 512² Rosenbrock surface (and a data loss) on TensorFlow.js's CPU backend,
 * each with its ratio to a baseline measured in the same run: a plain JS float64 loop evaluating
 * the same function. Prints numbers only; nothing here asserts a time.
 *
 *   npx tsx test/bench/surface.bench.ts
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { findPreset } from '../../shared/losses/presets';
import type { Loss } from '../../shared/experiment/experiment';
import { buildLoss } from '../../src-main/engine/loss/build';
import { loadDataSet } from '../../src-main/engine/loss/loss-data';
import { computeSurface, type SurfaceOptions } from '../../src-main/engine/loss/loss-grid';

const G = 512;

/** Best of `reps` runs, in milliseconds. */
function time(fn: () => unknown, reps = 5): number {
  fn(); // warm up
  let best = Infinity;
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    fn();
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

function rosenbrockBaseline(lo: number[], hi: number[]): Float64Array {
  const out = new Float64Array(G * G);
  for (let j = 0; j < G; j++) {
    const y = lo[1]! + (j * (hi[1]! - lo[1]!)) / (G - 1);
    for (let i = 0; i < G; i++) {
      const x = lo[0]! + (i * (hi[0]! - lo[0]!)) / (G - 1);
      out[j * G + i] = (1 - x) ** 2 + 100 * (y - x * x) ** 2;
    }
  }
  return out;
}

function quadraticBaseline(loss: Loss, cols: Float64Array[], n: number): Float64Array {
  const [[x0, x1], [y0, y1]] = loss.domain as [[number, number], [number, number]];
  const [a, b, w] = cols as [Float64Array, Float64Array, Float64Array];
  const out = new Float64Array(G * G);
  for (let j = 0; j < G; j++) {
    const y = y0 + (j * (y1 - y0)) / (G - 1);
    for (let i = 0; i < G; i++) {
      const x = x0 + (i * (x1 - x0)) / (G - 1);
      let sum = 0;
      for (let k = 0; k < n; k++) {
        const r = a[k]! * (x - 1) + b[k]! * (y - 1) - a[k]! * w[k]!;
        sum += 0.5 * r * r;
      }
      out[j * G + i] = sum / n;
    }
  }
  return out;
}

async function main(): Promise<void> {
  await tf.setBackend('cpu');
  console.log(`backend ${tf.getBackend()}, surface ${G}×${G}`);
  const report = (name: string, ms: number, base: number) =>
    console.log(`${name.padEnd(44)} ${ms.toFixed(1).padStart(9)} ms   ×${(ms / base).toFixed(2)} of baseline`);

  const rosen = findPreset('rosenbrock')!;
  const loss: Loss = { expr: rosen.expr, params: rosen.params, domain: rosen.domain };
  const data = await loadDataSet(loss, { seed: 0, baseDir: '.' });
  const built = buildLoss(tf, loss, data);
  const lo = loss.domain.map((d) => d[0]);
  const hi = loss.domain.map((d) => d[1]);
  const base = time(() => rosenbrockBaseline(lo, hi));
  console.log(`${'rosenbrock: plain JS float64 loop (baseline)'.padEnd(44)} ${base.toFixed(1).padStart(9)} ms`);
  for (const evaluator of ['auto', 'tf'] as SurfaceOptions['evaluator'][])
    report(
      `rosenbrock: computeSurface (${evaluator})`,
      time(() => computeSurface(tf, built.f, loss, data, G, { evaluator })),
      base,
    );

  const quad = findPreset('quadratic-2d')!;
  const qLoss: Loss = { expr: quad.expr, params: quad.params, domain: quad.domain, data: quad.data! };
  const qData = await loadDataSet(qLoss, { seed: 0, baseDir: '.' });
  const qBuilt = buildLoss(tf, qLoss, qData);
  const qBase = time(() => quadraticBaseline(qLoss, qData.columns, qData.n), 1);
  console.log(
    `${`quadratic-2d (n = ${qData.n}): plain JS loop (baseline)`.padEnd(44)} ${qBase.toFixed(1).padStart(9)} ms`,
  );
  report(
    `quadratic-2d (n = ${qData.n}): computeSurface`,
    time(() => computeSurface(tf, qBuilt.f, qLoss, qData, G), 1),
    qBase,
  );
}

void main();
