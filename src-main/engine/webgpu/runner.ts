/**
 * Runs a whole experiment on the GPU and records it (SPEC §9), as the compiled runner does on the CPU:
 * all runs advance in lockstep from one recorded step to the next, several steps per dispatch, and
 * only then are the statuses, the per-particle losses and the recorded positions read back. The mean
 * loss is summed on the CPU in float64, in particle order, from the float32 losses.
 */
import { learningRate } from '../../../shared/schedule';
import type { Experiment } from '../../../shared/spec/experiment';
import { runBatch } from '../../../shared/spec/hyper';
import type { RunRecording } from '../../../shared/spec/recording';
import type { DataSet } from '../api';
import type { RunArrays } from '../compiled/arrays';
import { summarize } from '../compiled/summary';
import { recordedSteps, rows, RunRecordingBuilder } from '../record';
import { requireGpu, type GpuHandle } from './device';
import { GpuRun, type RunReadback } from './gpu-run';

export interface WebGpuRunOptions {
  /** The device to use (default: the process's, see device.ts). */
  gpu?: GpuHandle;
  onProgress?: (run: number, t: number) => void;
}

/** A run's statistics from one read back (the CPU summary over float64 copies). */
export function summaryOf(r: RunReadback, P: number) {
  const alive = new Uint8Array(P);
  const death = new Int32Array(P);
  const loss = new Float64Array(P);
  for (let i = 0; i < P; i++) {
    alive[i] = r.status[i] === 0 ? 1 : 0;
    death[i] = r.status[i]!;
    loss[i] = r.loss[i]!;
  }
  const arrays: RunArrays = { phi: new Float64Array(0), slots: [], alive, death, loss };
  return summarize(arrays, P);
}

export async function runWebGpu(
  experiment: Experiment,
  data: DataSet,
  opts: WebGpuRunOptions = {},
): Promise<RunRecording[]> {
  const gpu = opts.gpu ?? (await requireGpu());
  const D = experiment.loss.params.length;
  const runs: GpuRun[] = [];
  try {
    for (let i = 0; i < experiment.runs.length; i++) runs.push(await GpuRun.create(gpu.device, experiment, i, data));
    const recs = experiment.runs.map((run) => new RunRecordingBuilder(run.name));
    const taus = experiment.runs.map(() => 0);
    let t = 0;
    for (const next of recordedSteps(experiment.steps, experiment.record.every)) {
      runs.forEach((r) => r.advance(t, next - t, true));
      const last = next === experiment.steps;
      const reads = await Promise.all(
        runs.map((r, i) => {
          const P = experiment.runs[i]!.particles;
          return r.read(last ? P : Math.min(experiment.record.particles, P));
        }),
      );
      experiment.runs.forEach((run, i) => {
        const lr0 = runs[i]!.plan.optimizer.lr;
        for (let s = t + 1; s <= next; s++) taus[i]! += learningRate(run.schedule, lr0, s);
        const read = reads[i]!;
        const sum = summaryOf(read, run.particles);
        const rec = recs[i]!;
        const k = Math.min(experiment.record.particles, run.particles);
        rec.take({
          t: next,
          lr: learningRate(run.schedule, lr0, Math.max(next, 1)),
          examples: next * runBatch(run),
          tau: taus[i]!,
          loss: sum.loss,
          positions: rows(read.positions.subarray(0, k * D), D),
        });
        if (last) rec.finish(next, rows(read.positions, D), sum.loss, sum.diverged);
        opts.onProgress?.(i, next);
      });
      t = next;
    }
    return recs.map((r) => r.recording);
  } finally {
    for (const r of runs) r.dispose();
  }
}
