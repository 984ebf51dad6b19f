/**
 * The recording (`recording.json`, SPEC §9): what `sgd-lab run` and the lab's export write.
 */
import { z } from 'zod';
import type { Experiment } from './experiment';

export const RECORDING_FORMAT = 'sgd-lab/recording';
export const RECORDING_VERSION = 1;

const position = z.array(z.number().nullable());

/**
 * A model run's measures (SPEC §13), means over the live particles: `testLoss` the full loss on the
 * test examples (null without test data), `accuracy` and `testAccuracy` the share of examples whose
 * most likely class is the label (logistic and softmax only; null where not defined).
 */
const MODEL_SCALARS = {
  testLoss: z.number().nullable().optional(),
  accuracy: z.number().nullable().optional(),
  testAccuracy: z.number().nullable().optional(),
  /** The largest eigenvalue of the full training loss's Hessian at the first particle (`record.sharpness`). */
  sharpness: z.number().nullable().optional(),
};
/** The same at each recorded step. */
const MODEL_SERIES = {
  testLoss: z.array(z.number().nullable()).optional(),
  accuracy: z.array(z.number().nullable()).optional(),
  testAccuracy: z.array(z.number().nullable()).optional(),
  sharpness: z.array(z.number().nullable()).optional(),
};
/** The model measures' names, in trace.csv's order. */
export const MODEL_MEASURES = ['testLoss', 'accuracy', 'testAccuracy'] as const;
/** Every measure a run may record besides its loss: the model's, then sharpness. */
export const RUN_MEASURES = [...MODEL_MEASURES, 'sharpness'] as const;
export type RunMeasure = (typeof RUN_MEASURES)[number];

export const RunRecordingSchema = z.object({
  name: z.string(),
  /** Recorded steps: 0, every `record.every`, and always the last. */
  t: z.array(z.number().int()),
  /** η_t at each recorded step (η_1 at t = 0). */
  lr: z.array(z.number()),
  /** Examples seen t·B at each recorded step (SPEC §5, §9). */
  examples: z.array(z.number()),
  /** τ = Σ_{s≤t} η_s at each recorded step, the gradient-flow time. */
  tau: z.array(z.number()),
  /** Mean full loss over the live particles at each recorded step (null when none is live). */
  loss: z.array(z.number().nullable()),
  /** The first `record.particles` particles at each recorded step. */
  positions: z.array(z.array(position)),
  final: z.object({
    t: z.number().int(),
    positions: z.array(position),
    loss: z.number().nullable(),
    ...MODEL_SCALARS,
  }),
  diverged: z.object({ step: z.number().int(), particles: z.number().int() }).nullable(),
  ...MODEL_SERIES,
});
export type RunRecording = z.infer<typeof RunRecordingSchema>;

export const RecordingSchema = z.object({
  format: z.literal(RECORDING_FORMAT),
  version: z.literal(RECORDING_VERSION),
  /** The normalized experiment, every default filled in. */
  spec: z.custom<Experiment>((v) => typeof v === 'object' && v !== null),
  backend: z.string(),
  /** The GPU adapter the runs stepped on, for `webgpu` (e.g. "nvidia ampere NVIDIA GeForce RTX 3080"). */
  adapter: z.string().optional(),
  runs: z.array(RunRecordingSchema),
});
export type Recording = z.infer<typeof RecordingSchema>;
