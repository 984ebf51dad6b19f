/**
 * The page's path interpreter (shared/kernel/path-trace.ts) against the lab's compiled kernels: for
 * every optimizer of the table, schedules, every function of the formula table, integer and real
 * powers and a diverging run, the record (every row's t, η_t, loss, examples, τ and
 * the position) equals the record the run workers compute (instant-path.ts on a CompiledEnsemble) to
 * the bit, and so do the last state's slots and ∇L. A plain SGD path on ½x² is also checked against
 * its closed form x_t = (1 − η)^t x_0; runs that need random numbers or data have no program.
 */
import { describe, expect, it } from 'vitest';
import { CompiledEnsemble } from '../../src-main/engine/compiled/ensemble';
import { NO_DATA } from '../../src-main/engine/loss/loss-data';
import { instantRecord } from '../../src-main/host/instant-path';
import { OPTIMIZERS } from '../../shared/optim/descriptors';
import { pathProgram } from '../../shared/kernel/path-program';
import { tracePath } from '../../shared/kernel/path-trace';
import { instantRunOf } from '../../shared/kernel/path-run';
import { historyOf, thinIndices } from '../../shared/contract/instant-record';
import { toFrame } from '../../src-main/host/replies';
import { experiment } from './engine-helpers';

const ROSENBROCK = { preset: 'rosenbrock' };

/** The host's record and final state of run 0, and the interpreter's, for `input`. */
async function both(input: Record<string, unknown>) {
  const exp = experiment(input);
  const engine = new CompiledEnsemble(exp, 0, NO_DATA);
  const host = await instantRecord(engine, exp.steps, exp.loss.params.length, () => false);
  const program = pathProgram(exp, 0);
  if (!program) throw new Error('no path program');
  const page = tracePath(program);
  return { exp, engine, host, page };
}

/** Elements of a and b that differ as float64 values (NaN equal to NaN). */
function differing(a: Float64Array, b: Float64Array): number {
  expect(a.length).toBe(b.length);
  let n = 0;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) n++;
  return n;
}

const run = (optimizer: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  optimizer,
  start: [-1.5, 2],
  ...extra,
});

describe('the page path interpreter equals the compiled kernel, bit for bit', () => {
  const lr: Record<string, number> = { sgd: 0.0005, momentum: 0.0002, 'momentum-ema': 0.002, nesterov: 0.0002 };
  it.each(OPTIMIZERS.map((o) => o.type))('%s on Rosenbrock, 3,000 steps', async (type) => {
    const { host, page, engine } = await both({
      seed: 3,
      steps: 3000,
      loss: ROSENBROCK,
      runs: [run({ type, lr: lr[type] ?? 0.01 })],
    });
    expect(page.rows).toBe(host.rows);
    expect(differing(page.record, host.values)).toBe(0);
    const state = engine.state();
    expect(page.slots).toEqual(state?.first ?? []);
    expect(page.gradient).toEqual(engine.headGradient());
    expect(page.death).toBe(0);
  });

  it("RMSProp and the notes' Adam with the per-example second moment, with weight decay and a schedule", async () => {
    for (const optimizer of [
      { type: 'rmsprop', lr: 0.01, secondMoment: 'examples' },
      { type: 'adam-simplified', lr: 0.02, secondMoment: 'examples' },
      { type: 'adamw', lr: 0.02, weightDecay: 0.1 },
    ]) {
      const { host, page } = await both({
        steps: 2000,
        loss: ROSENBROCK,
        runs: [run(optimizer, { schedule: { type: 'expr', expr: 'lr / (1 + t / 500)' } })],
      });
      expect(differing(page.record, host.values)).toBe(0);
    }
  });

  it.each([
    'sin(x)^2 + cos(y) * exp(-y^2 / 4) + log(1 + x^2) + tanh(y - x) + abs(x - 0.3) * 0.1 + sqrt(1 + y^2)',
    '(x - 1)^5 / 50 + (1 + y^2)^-2 + (2 + sin(x))^1.7 + max(x, y) * 0.2 + min(x, y) * 0.1 + x^4 / 20',
    'sinh(x / 3) * cosh(y / 4) + atan(y) + pi * y^2 / 10 + e * x^2 / 10 + pow(1 + x^2, y / 4) + (y^2 + 1)^x / 9',
  ])('every function of the formula table, integer and real powers: %s', async (expr) => {
    const { host, page } = await both({
      steps: 1500,
      loss: {
        expr,
        params: ['x', 'y'],
        domain: [
          [-2, 2],
          [-2, 2],
        ],
      },
      runs: [{ optimizer: { type: 'adam', lr: 0.01 }, start: [0.7, -0.4] }],
    });
    expect(differing(page.record, host.values)).toBe(0);
  });

  it('a diverging run: frozen at its last finite point, the same death step and NaN losses after it', async () => {
    const { host, page, engine } = await both({
      steps: 400,
      loss: ROSENBROCK,
      runs: [run({ type: 'sgd', lr: 0.01 })],
    });
    expect(page.death).toBeGreaterThan(0);
    expect(engine.read(1).stats.diverged?.step).toBe(page.death);
    expect(differing(page.record, host.values)).toBe(0);
    expect(Number.isNaN(page.record[page.record.length - 9 + 2])).toBe(true);
    expect(page.gradient).toBeNull();
  });

  it('a long run is recorded on the lab grid (every 2nd step of 30,000, and the last)', async () => {
    const { host, page } = await both({
      steps: 30_000,
      loss: {
        expr: '0.5 * (x^2 + 10 * y^2)',
        params: ['x', 'y'],
        domain: [
          [-2, 2],
          [-2, 2],
        ],
      },
      runs: [run({ type: 'momentum', lr: 0.01 })],
    });
    expect(page.rows).toBe(15_001);
    expect(differing(page.record, host.values)).toBe(0);
  });
});

describe("the page's instant answer of a run", () => {
  it.each([
    ['SGD', { type: 'sgd', lr: 0.0005 }, 400],
    ['Adam', { type: 'adam', lr: 0.02 }, 5000],
    ['diverging SGD', { type: 'sgd', lr: 0.01 }, 300],
  ])(
    '%s: the history and final frame the run workers answer (instant-path.ts, worker.ts), equal',
    async (_n, optimizer, steps) => {
      const { exp, engine, host, page } = await both({ steps, loss: ROSENBROCK, runs: [run(optimizer)] });
      const history = historyOf(host, thinIndices(host, exp.loss.domain));
      const read = engine.read(1);
      const state = engine.state();
      const gradient = engine.headGradient();
      const final = toFrame(0, {
        stats: read.stats,
        positions: new Float32Array(read.positions),
        dims: 2,
        ...(state ? { state } : {}),
        ...(gradient ? { gradient } : {}),
      });
      const mine = instantRunOf(exp, 0, pathProgram(exp, 0)!, page);
      expect(mine.history).toEqual(history);
      expect(mine.final).toEqual(final);
    },
  );
});

describe('path programs', () => {
  it('SGD on ½x²: x_t = (1 − η)^t x_0 (a closed form, by hand)', () => {
    const exp = experiment({
      steps: 50,
      loss: { expr: '0.5 * x^2', params: ['x'], domain: [[-3, 3]] },
      runs: [{ optimizer: { type: 'sgd', lr: 0.1 }, start: [2] }],
    });
    const { record, rows } = tracePath(pathProgram(exp, 0)!);
    expect(rows).toBe(51);
    for (let t = 0; t <= 50; t++) {
      const o = t * 8;
      expect(record[o]).toBe(t);
      expect(record[o + 7]).toBeCloseTo(2 * 0.9 ** t, 13);
      expect(record[o + 2]).toBeCloseTo(0.5 * (2 * 0.9 ** t) ** 2, 13);
      expect(record[o + 6]).toBeCloseTo(0.1 * t, 13);
    }
  });

  it('none for a run that needs random numbers, a spread cloud, a dynamics other than sgd or data', () => {
    const base = { steps: 10, loss: ROSENBROCK };
    const none = (r: Record<string, unknown>) =>
      pathProgram(experiment({ ...base, runs: [{ optimizer: { type: 'sgd', lr: 0.001 }, start: [0, 0], ...r }] }), 0);
    expect(none({})).not.toBeNull();
    expect(none({ particles: 2 })).toBeNull();
    expect(none({ spread: 0.1 })).toBeNull();
    expect(
      none({
        gradient: {
          kind: 'gaussian',
          batch: 1,
          cov: [
            [1, 0],
            [0, 1],
          ],
        },
      }),
    ).toBeNull();
    expect(none({ dynamics: { type: 'gradient-flow' } })).toBeNull();
  });
});
