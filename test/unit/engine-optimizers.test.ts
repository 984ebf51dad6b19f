/**
 * The optimizers of SPEC §3 against values derived by hand and against a float64 reference written
 * here, independently of the engine's transforms.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ENGINE_BACKENDS, engineFor, rowsOf, useBackend } from './engine-helpers';

type Opt = Record<string, unknown> & { type: string; lr: number };

function spec(optimizer: Opt, opts: { expr?: string; steps?: number; schedule?: unknown; start?: number[] } = {}) {
  return {
    seed: 1,
    steps: opts.steps ?? 10,
    loss: {
      expr: opts.expr ?? 'x^2 + 0.5*y',
      domain: [
        [-3, 3],
        [-3, 3],
      ],
    },
    runs: [{ optimizer, start: opts.start ?? [1, 1], ...(opts.schedule ? { schedule: opts.schedule } : {}) }],
  };
}

async function trajectory(optimizer: Opt, steps: number, opts: Parameters<typeof spec>[1] = {}): Promise<number[][]> {
  const { engine } = await engineFor(spec(optimizer, { ...opts, steps }));
  const out: number[][] = [];
  for (let t = 0; t < steps; t++) {
    engine.step(1);
    out.push(rowsOf(engine.read(1).positions, 2)[0]!);
  }
  engine.dispose();
  return out;
}

// L = x² + y/2: g = (2x, 1/2). Each row: the optimizer and Φ after steps 1 and 2, worked out by hand.
const HAND: [string, Opt, number[][]][] = [
  [
    'sgd',
    { type: 'sgd', lr: 0.1 },
    [
      [0.8, 0.95],
      [0.64, 0.9],
    ],
  ],
  // v1 = .1 g1 = (.2, .05); v2 = .5 v1 + .1 (1.6, .5) = (.26, .075)
  [
    'momentum',
    { type: 'momentum', lr: 0.1, N: 2 },
    [
      [0.8, 0.95],
      [0.54, 0.875],
    ],
  ],
  [
    'momentum β',
    { type: 'momentum', lr: 0.1, beta: 0.5 },
    [
      [0.8, 0.95],
      [0.54, 0.875],
    ],
  ],
  // μ1 = .5 g1 = (1, .25), Φ1 = Φ0 − .2 μ1; μ2 = .5 μ1 + .5 (1.6, .5) = (1.3, .375)
  [
    'momentum-ema',
    { type: 'momentum-ema', lr: 0.2, N: 2 },
    [
      [0.8, 0.95],
      [0.54, 0.875],
    ],
  ],
  // s1 = .5 g1² = (2, .125): Δ = .1 (2/√2, .5/√.125) = (.1414214, .1414214)
  [
    'rmsprop',
    { type: 'rmsprop', lr: 0.1, N: 2, eps: 0 },
    [
      [0.8585786, 0.8585786],
      [0.7494138, 0.7431085],
    ],
  ],
  // step 1: m̂ = g, v̂ = g²: Δ = η sign g; step 2: m̂x = .36/.19, v̂x = .007236/.001999
  [
    'adam',
    { type: 'adam', lr: 0.1, eps: 0 },
    [
      [0.9, 0.9],
      [0.8004122, 0.8],
    ],
  ],
  // step 1: μ = g, s = g²; step 2: μx = 1.9, sx = (4 + 3.24)/2 = 3.62
  [
    'adam-simplified',
    { type: 'adam-simplified', lr: 0.1, Ng: 2, Ns: 4, eps: 0 },
    [
      [0.9, 0.9],
      [0.8001382, 0.8],
    ],
  ],
  // s1 = g1²: Δ = η sign g; s2 = (4 + 3.24, .5): Δx = .1·1.8/√7.24
  [
    'adagrad',
    { type: 'adagrad', lr: 0.1, eps: 0 },
    [
      [0.9, 0.9],
      [0.8331032, 0.8292893],
    ],
  ],
  // lion: Δ = η sign(.9 m + .1 g); m = .99 m + .01 g
  [
    'lion',
    { type: 'lion', lr: 0.1 },
    [
      [0.9, 0.9],
      [0.8, 0.8],
    ],
  ],
];

describe.each(ENGINE_BACKENDS)('%s backend', (name) => {
  beforeAll(() => useBackend(name));

  describe('optimizers, first steps by hand (L = x² + y/2 from (1, 1))', () => {
    it.each(HAND)('%s', async (_name, opt, expected) => {
      const got = await trajectory(opt, expected.length);
      got.forEach((row, k) => row.forEach((v, i) => expect(v).toBeCloseTo(expected[k]![i]!, 5)));
    });

    it('rmsprop step 2 by hand', () => {
      // s2 = .5 s1 + .5 g2² with g2 = (2·.8585786, .5) = (1.7171573, .5): s2 = (2.4743146, .1875)
      const x2 = 0.8585786 - (0.1 * 1.7171573) / Math.sqrt(2.4743146);
      const y2 = 0.8585786 - (0.1 * 0.5) / Math.sqrt(0.1875);
      expect(x2).toBeCloseTo(0.7494138, 6);
      expect(y2).toBeCloseTo(0.7431085, 6);
    });
  });

  /** A float64 reference of every optimizer, written from SPEC §3 (not from the engine). */
  function reference(
    opt: Opt,
    grad: (p: number[]) => number[],
    start: number[],
    steps: number,
    eta: (t: number) => number,
  ) {
    let p = [...start];
    const D = p.length;
    const z = () => new Array<number>(D).fill(0);
    let a = z(); // v, μ, m, s
    let b = z(); // second moments
    const nOf = (N: unknown, beta: unknown, d: number) =>
      (N as number) ?? (beta !== undefined ? 1 / (1 - (beta as number)) : d);
    const eps = (opt.eps as number | undefined) ?? 1e-8;
    const out: number[][] = [];
    for (let t = 1; t <= steps; t++) {
      const g = grad(p);
      const lr = eta(t);
      switch (opt.type) {
        case 'sgd':
          p = p.map((x, i) => x - lr * g[i]!);
          break;
        case 'momentum': {
          const beta = 1 - 1 / nOf(opt.N, opt.beta, 10);
          a = a.map((v, i) => beta * v + lr * g[i]!);
          p = p.map((x, i) => x - a[i]!);
          break;
        }
        case 'momentum-ema': {
          const beta = 1 - 1 / nOf(opt.N, opt.beta, 10);
          a = a.map((v, i) => beta * v + (1 - beta) * g[i]!);
          p = p.map((x, i) => x - lr * a[i]!);
          break;
        }
        case 'nesterov': {
          const beta = 1 - 1 / nOf(opt.N, opt.beta, 10);
          a = a.map((v, i) => beta * v + lr * g[i]!);
          p = p.map((x, i) => x - (beta * a[i]! + lr * g[i]!));
          break;
        }
        case 'rmsprop': {
          const beta = 1 - 1 / nOf(opt.N, opt.beta, 100);
          b = b.map((s, i) => beta * s + (1 - beta) * g[i]! ** 2);
          p = p.map((x, i) => x - (lr * g[i]!) / Math.sqrt(b[i]! + eps));
          break;
        }
        case 'adam':
        case 'adamw': {
          const [b1, b2] = [(opt.beta1 as number) ?? 0.9, (opt.beta2 as number) ?? 0.999];
          const wd = opt.type === 'adamw' ? ((opt.weightDecay as number) ?? 0.01) : 0;
          a = a.map((m, i) => b1 * m + (1 - b1) * g[i]!);
          b = b.map((v, i) => b2 * v + (1 - b2) * g[i]! ** 2);
          p = p.map((x, i) => {
            const mh = a[i]! / (1 - b1 ** t);
            const vh = b[i]! / (1 - b2 ** t);
            return x - lr * (mh / (Math.sqrt(vh) + eps) + wd * x);
          });
          break;
        }
        case 'adam-simplified': {
          const kg = Math.min(t, nOf(opt.Ng, opt.betaG, 10));
          const ks = Math.min(t, nOf(opt.Ns, opt.betaS, 1000));
          a = a.map((m, i) => (1 - 1 / kg) * m + g[i]! / kg);
          b = b.map((s, i) => (1 - 1 / ks) * s + g[i]! ** 2 / ks);
          p = p.map((x, i) => x - (lr * a[i]!) / (Math.sqrt(b[i]!) + eps));
          break;
        }
        case 'adagrad': {
          const e = (opt.eps as number | undefined) ?? 1e-10;
          b = b.map((s, i) => s + g[i]! ** 2);
          p = p.map((x, i) => x - (lr * g[i]!) / (Math.sqrt(b[i]!) + e));
          break;
        }
        case 'lion': {
          const [b1, b2] = [(opt.beta1 as number) ?? 0.9, (opt.beta2 as number) ?? 0.99];
          const wd = (opt.weightDecay as number) ?? 0;
          p = p.map((x, i) => x - lr * (Math.sign(b1 * a[i]! + (1 - b1) * g[i]!) + wd * x));
          a = a.map((m, i) => b2 * m + (1 - b2) * g[i]!);
          break;
        }
      }
      out.push([...p]);
    }
    return out;
  }

  // L = ½(3x² + y²) + ½xy − x: a tilted quadratic bowl; g = (3x + y/2 − 1, y + x/2).
  const BOWL = '0.5*(3*x^2 + y^2) + 0.5*x*y - x';
  const bowlGrad = (p: number[]) => [3 * p[0]! + p[1]! / 2 - 1, p[1]! + p[0]! / 2];
  const LONG: Opt[] = [
    { type: 'sgd', lr: 0.05 },
    { type: 'momentum', lr: 0.02, N: 5 },
    { type: 'momentum-ema', lr: 0.1, beta: 0.8 },
    { type: 'nesterov', lr: 0.02, N: 5 },
    { type: 'rmsprop', lr: 0.01 },
    { type: 'adam', lr: 0.02 },
    { type: 'adam-simplified', lr: 0.02 },
    { type: 'adagrad', lr: 0.2 },
    { type: 'adamw', lr: 0.02, weightDecay: 0.1 },
    { type: 'lion', lr: 0.005 },
  ];

  describe('optimizers over 300 steps vs a float64 reference (inverse-time schedule)', () => {
    it.each(LONG.map((o) => [o.type, o] as const))('%s', async (_n, opt) => {
      const steps = 300;
      const got = await trajectory(opt, steps, {
        expr: BOWL,
        schedule: { type: 'inverse-time', tau: 100 },
        start: [2, -1.5],
      });
      const ref = reference(opt, bowlGrad, [2, -1.5], steps, (t) => opt.lr / (1 + t / 100));
      for (const k of [0, 1, 2, 9, 99, 299])
        for (let i = 0; i < 2; i++) expect(got[k]![i]!).toBeCloseTo(ref[k]![i]!, opt.type === 'lion' ? 3 : 4);
    });
  });

  describe('reparameterizations', () => {
    it('momentum (η, N) ≡ momentum-ema (Nη, N)', async () => {
      const a = await trajectory({ type: 'momentum', lr: 0.01, N: 7 }, 200, { expr: BOWL, start: [2, -1.5] });
      const b = await trajectory({ type: 'momentum-ema', lr: 0.07, N: 7 }, 200, { expr: BOWL, start: [2, -1.5] });
      a.forEach((row, k) => row.forEach((v, i) => expect(v).toBeCloseTo(b[k]![i]!, 5)));
    });
  });
});
