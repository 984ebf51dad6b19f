/**
 * Built-in losses (SPEC §1): each with its formula, data, domain, a start, a one-line story of what
 * it shows about SGD, and its known minima and saddles for the views to mark.
 */
import type { DataInput, Domain } from '../experiment/experiment';

export interface Preset {
  name: string;
  title: string;
  /** What this landscape shows about SGD, in one line. */
  story: string;
  expr: string;
  params: string[];
  data?: DataInput;
  domain: Domain;
  /** A start that makes the story visible. */
  start: number[];
  minima: number[][];
  saddles: number[][];
}

export const PRESETS: readonly Preset[] = [
  {
    name: 'quadratic-1d',
    title: 'Quadratic, one dimension',
    story: 'The notes’ example ½(x − u)²: even at the optimum a finite batch gives ĝ ≠ 0, so SGD never settles.',
    expr: '0.5 * (x - u)^2',
    params: ['x'],
    data: { n: 1000, vars: { u: { normal: [1, 1] } } },
    domain: [[-2, 4]],
    start: [3],
    minima: [[1]],
    saddles: [],
  },
  {
    name: 'quadratic-2d',
    title: 'Anisotropic regression basin',
    story: 'Gradient noise Σ not proportional to the Hessian H: the stationary cloud is no Boltzmann distribution.',
    expr: '0.5 * (a * (x - 1) + b * (y - 1) - a * w)^2',
    params: ['x', 'y'],
    data: { n: 1000, vars: { a: { normal: [0, 1] }, b: { normal: [0, 0.3] }, w: { normal: [0, 1] } } },
    domain: [
      [-2, 4],
      [-2, 4],
    ],
    start: [3, 3],
    minima: [[1, 1]],
    saddles: [],
  },
  {
    name: 'rosenbrock',
    title: 'Rosenbrock valley',
    story: 'A curved narrow valley: plain SGD crawls along the floor, momentum and Adam race and overshoot.',
    expr: '(1 - x)^2 + 100 * (y - x^2)^2',
    params: ['x', 'y'],
    domain: [
      [-2, 2],
      [-1, 3],
    ],
    start: [-1.5, 2],
    minima: [[1, 1]],
    saddles: [],
  },
  {
    name: 'rastrigin',
    title: 'Rastrigin',
    story: 'A lattice of local minima: a high learning rate (temperature) explores, annealing settles in one.',
    expr: '20 + x^2 - 10 * cos(2 * pi * x) + y^2 - 10 * cos(2 * pi * y)',
    params: ['x', 'y'],
    domain: [
      [-5.12, 5.12],
      [-5.12, 5.12],
    ],
    start: [3.2, -2.1],
    minima: [[0, 0]],
    saddles: [],
  },
  {
    name: 'himmelblau',
    title: 'Himmelblau',
    story: 'Four equal minima: where a particle ends depends on its start and its noise.',
    expr: '(x^2 + y - 11)^2 + (x + y^2 - 7)^2',
    params: ['x', 'y'],
    domain: [
      [-5, 5],
      [-5, 5],
    ],
    start: [-0.27, -0.92],
    minima: [
      [3, 2],
      [-2.805118, 3.131312],
      [-3.77931, -3.283186],
      [3.584428, -1.848126],
    ],
    saddles: [
      [0.086677, 2.884254],
      [-3.073026, -0.081353],
      [3.385154, 0.073852],
      [-0.127961, -1.953715],
    ],
  },
  {
    name: 'beale',
    title: 'Beale',
    story: 'Flat plateaus and steep walls: adaptive methods rescale per coordinate where SGD stalls.',
    expr: '(1.5 - x + x*y)^2 + (2.25 - x + x*y^2)^2 + (2.625 - x + x*y^3)^2',
    params: ['x', 'y'],
    domain: [
      [-4.5, 4.5],
      [-4.5, 4.5],
    ],
    start: [1, 1.5],
    minima: [[3, 0.5]],
    saddles: [[0, 1]],
  },
  {
    name: 'saddle',
    title: 'Saddle',
    story: 'x² − y²: exact gradient descent started on the axis stays on the saddle; noise escapes it.',
    expr: 'x^2 - y^2',
    params: ['x', 'y'],
    domain: [
      [-2, 2],
      [-2, 2],
    ],
    start: [1.5, 0.001],
    minima: [],
    saddles: [[0, 0]],
  },
  {
    name: 'double-well',
    title: 'Double well',
    story: 'Two wells and a barrier: the learning rate acts as a temperature for hopping between them.',
    expr: '(x^2 - 1)^2 + 0.5 * y^2',
    params: ['x', 'y'],
    domain: [
      [-2, 2],
      [-1.5, 1.5],
    ],
    start: [-1, 0.5],
    minima: [
      [-1, 0],
      [1, 0],
    ],
    saddles: [[0, 0]],
  },
];

export function findPreset(name: string): Preset | undefined {
  return PRESETS.find((p) => p.name === name);
}
