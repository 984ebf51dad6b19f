/**
 * A recording read for `sgd-lab landscape` (SPEC §9, §13): its spec, and each run's first particle at
 * every recorded step and at the end, whether the positions are inline or in side files beside it
 * (files/position-file.ts). Only what the landscape needs is checked; problems name the field.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { RecordedPath } from '../../shared/landscape/types';
import { parseJson } from '../../shared/experiment/json';
import type { Experiment } from '../../shared/experiment/experiment';
import { RECORDING_FORMAT } from '../../shared/experiment/recording';
import { readPositions } from '../files/read-positions';

/** A recording that cannot be used, said by field (exit 2). */
export class RecordingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RecordingError';
  }
}

const LooseRecording = z.object({
  format: z.literal(RECORDING_FORMAT),
  spec: z.object({ seed: z.number(), loss: z.object({}).passthrough(), runs: z.array(z.unknown()) }).passthrough(),
  runs: z
    .array(
      z.object({
        name: z.string(),
        t: z.array(z.number()),
        positions: z.unknown(),
        final: z.object({ t: z.number(), positions: z.unknown() }),
      }),
    )
    .min(1),
});

/** The recording's JSON, checked as far as the landscape needs: its spec and runs. */
export async function readLandscapeRecording(
  file: string,
): Promise<{ spec: Experiment; runs: z.infer<typeof LooseRecording>['runs'] }> {
  let input: unknown;
  try {
    input = parseJson(await readFile(file, 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new RecordingError(code ? `cannot be read (${code})` : (error as Error).message);
  }
  const parsed = LooseRecording.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new RecordingError(`not a recording (SPEC §9): ${issue.path.join('.') || 'the file'}: ${issue.message}`);
  }
  return { spec: parsed.data.spec as unknown as Experiment, runs: parsed.data.runs };
}

/**
 * Each run's first particle at its recorded steps and at the end, D coordinates each (a run that
 * recorded no particle is refused). `file` is the recording, whose folder holds any side files.
 */
export async function recordedPaths(
  runs: Awaited<ReturnType<typeof readLandscapeRecording>>['runs'],
  file: string,
  D: number,
): Promise<RecordedPath[]> {
  const dir = path.dirname(path.resolve(file));
  const out: RecordedPath[] = [];
  for (const [r, run] of runs.entries()) {
    const where = `runs[${r}]`;
    const positions = await readPositions(run.positions, `${where}.positions`, dir, 3, D);
    const final = await readPositions(run.final.positions, `${where}.final.positions`, dir, 2, D);
    if (positions.steps !== run.t.length)
      throw new RecordingError(`${where}.positions: ${positions.steps} recorded steps for ${run.t.length} in t`);
    if (positions.particles < 1 || final.particles < 1) throw new RecordingError(`${where}: no recorded particle`);
    const stride = positions.particles * D;
    out.push({
      name: run.name,
      t: run.t,
      points: run.t.map((_, k) => positions.data.slice(k * stride, k * stride + D) as Float64Array),
      final: final.data.slice(0, D) as Float64Array,
    });
  }
  return out;
}
