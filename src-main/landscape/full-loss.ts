/**
 * The full loss of a recording's experiment as the landscape evaluates it (shared/landscape/types.ts
 * FullLoss): a model's loss over the data the recording names (src-main/data/load-model-data.ts: the
 * generated set from its seed, a real set, or its CSV relative to the recording's folder and checked
 * against its SHA-256), by model-loss.ts; its grid over worker threads as the lab's (plane-job.ts).
 */
import type { FullLoss } from '../../shared/landscape/types';
import type { Experiment } from '../../shared/experiment/experiment';
import { modelData } from '../data/load-model-data';
import { DataError } from '../engine/loss/data-error';
import { modelFullLoss } from './model-loss';
import { LandscapeJob, sharedModel } from './plane-job';

/** The experiment's loss cannot be evaluated (its data cannot be read, or it is no model): exit 2. */
export class LossUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LossUnavailableError';
  }
}

export async function experimentFullLoss(spec: Experiment, dir: string): Promise<FullLoss> {
  const model = spec.loss.model;
  if (!model) throw new LossUnavailableError('its loss is no model (SPEC §13): landscape planes are for models');
  let data;
  try {
    data = await modelData(spec, dir);
  } catch (error) {
    if (error instanceof DataError) throw new LossUnavailableError(`the recording's data: ${error.message}`);
    throw error;
  }
  try {
    const loss = modelFullLoss(model, data);
    const shared = sharedModel(model, data);
    return { ...loss, evaluateGrid: (job, test) => new LandscapeJob().grid(job, shared, test) };
  } catch (error) {
    throw new LossUnavailableError((error as Error).message);
  }
}
