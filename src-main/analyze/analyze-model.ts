/**
 * `sgd-lab analyze` on a network's recording (SPEC §11, §13): its data as the engine drew them (the
 * generated set from the seed, a real set, or its CSV beside the recording, checked against its
 * SHA-256), each run's final particles inline or from a side file, then model-analysis.ts. A problem
 * with the recording or its data, or a network past D = 2,000, is a `ModelAnalyzeError` (exit 2).
 */
import path from 'node:path';
import type { Recording } from '../../shared/experiment/recording';
import type { Analysis, AnalyzeOptions } from '../../shared/theory/analysis';
import { modelData } from '../data/load-model-data';
import { DataError } from '../engine/loss/data-error';
import { modelNet } from '../engine/model/model-run';
import { PositionFileError, readPositions } from '../files/read-positions';
import { analyzeModelRecording, ANALYZE_MAX_D } from './model-analysis';

export class ModelAnalyzeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModelAnalyzeError';
  }
}

/**
 * `input` is the recording's JSON with each run's `positions` and `final.positions` as written (inline
 * or side-file references), `recording` the same checked with those fields emptied; `file` its path.
 */
export async function analyzeModelFile(
  file: string,
  input: { runs: { final: { positions: unknown } }[] },
  recording: Recording,
  opts: AnalyzeOptions & { atText?: string },
): Promise<Analysis> {
  const dir = path.dirname(path.resolve(file));
  const spec = recording.spec;
  let data;
  try {
    data = await modelData(spec, dir);
  } catch (error) {
    if (error instanceof DataError) throw new ModelAnalyzeError(`the recording's data: ${error.message}`);
    throw error;
  }
  let D: number;
  try {
    D = modelNet(spec.loss.model!, data).D;
  } catch (error) {
    throw new ModelAnalyzeError((error as Error).message);
  }
  if (D > ANALYZE_MAX_D)
    throw new ModelAnalyzeError(
      `loss.model: the network has D = ${D} weights; analyze takes at most ${ANALYZE_MAX_D} (its Hessian is D × D)`,
    );
  if (opts.at && opts.at.length !== D)
    throw new ModelAnalyzeError(`--at needs ${D} numbers, one per weight of the network`);
  const runs = await Promise.all(
    input.runs.map(async (run, i) => {
      let packed;
      try {
        packed = await readPositions(run.final.positions, `runs[${i}].final.positions`, dir, 2, D);
      } catch (error) {
        if (error instanceof PositionFileError) throw new ModelAnalyzeError(error.message);
        throw error;
      }
      const rows = Array.from({ length: packed.particles }, (_, p) =>
        Array.from(packed.data.subarray(p * D, (p + 1) * D), (v) => (Number.isNaN(v) ? null : v)),
      );
      return { ...recording.runs[i]!, final: { ...recording.runs[i]!.final, positions: rows } };
    }),
  );
  return analyzeModelRecording({ ...recording, runs }, data, opts);
}
