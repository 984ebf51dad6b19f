/**
 * The full loss of a recording's experiment as the landscape evaluates it (shared/landscape/types.ts
 * FullLoss): a model's mean per-example loss over its training examples (and its test examples), in
 * float64 by the model engine, with the layers of Φ's layout for filter normalization.
 */
import type { FullLoss } from '../../shared/landscape/types';
import type { Experiment } from '../../shared/spec/experiment';

/** The experiment's loss cannot be evaluated here (its data cannot be read, or it is no model): exit 2. */
export class LossUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LossUnavailableError';
  }
}

export async function experimentFullLoss(spec: Experiment, _dir: string): Promise<FullLoss> {
  if (!spec.loss.model)
    throw new LossUnavailableError('its loss is no model (SPEC §13): landscape planes are for models');
  throw new LossUnavailableError('model losses are not available yet');
}
