/** Losses on the engine side: formulas compiled to TensorFlow.js, data sets, surfaces. */
export { compileFormula } from './compile';
export { buildLoss, type BuiltLoss } from './build';
export { loadDataSet, generateData, DataError, NO_DATA } from './data';
export { parseCsv } from './csv';
export { computeSurface, contourLevels, type SurfaceOptions } from './surface';
export { Rng } from './prng';
