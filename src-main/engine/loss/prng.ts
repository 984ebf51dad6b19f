/** The data sets' generator now lives in shared/ (the views regenerate a preset's data from its seed). */
export { Rng } from '../../../shared/data/prng';
