/** Losses on the engine side: formulas compiled to TensorFlow.js, data sets, surfaces. */
export { compileFormula } from './compile';
export { buildLoss, type BuiltLoss } from './build';
export { loadDataSet, generateData, DataError, NO_DATA } from './loss-data';
export { parseCsv } from './csv-columns';
export { computeSurface, contourLevels, type SurfaceOptions } from './loss-grid';
export { Rng } from '../../../shared/data/prng';
