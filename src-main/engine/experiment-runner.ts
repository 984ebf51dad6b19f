/**
 * Runs a whole experiment headless and returns its recording (SPEC §9): on the compiled backend all
 * runs in lockstep over a pool of threads; on a TensorFlow.js backend one ensemble per run, one after
 * the other.
 */
import type { Experiment } from '../../shared/spec/experiment';
import type { DataDir } from '../../shared/spec/data-path';
import { RECORDING_FORMAT, RECORDING_VERSION, type Recording } from '../../shared/spec/recording';
import type { BackendName } from './api';
import { selectBackend } from './backend';
import { runCompiled } from './compiled/parallel-runner';
import { loadDataSet } from './loss/data';
import { recordRun } from './record';
import { createRunEngine } from './run-engine';
import { runWebGpu } from './webgpu/runner';

export interface RunExperimentOptions {
  /** Where relative paths in the file (csv) start (a bare folder: the command line's, unconfined). */
  baseDir: DataDir;
  backend?: BackendName | 'auto';
  /** Worker threads to use (default: the machine's cores); never changes a byte of the output (SPEC §10). */
  threads?: number;
  /** Progress: run index and recorded step. */
  onProgress?: (run: number, t: number) => void;
  /**
   * A run whose engine threw (a TensorFlow.js backend; the compiled kernels freeze diverging particles
   * instead): it ends at its last recorded step with every particle counted as stopped, and the others go on.
   */
  onRunFailed?: (run: number, t: number, error: Error) => void;
}

export async function runExperiment(experiment: Experiment, opts: RunExperimentOptions): Promise<Recording> {
  const particles = experiment.runs.reduce((n, r) => n + r.particles, 0);
  const picked = await selectBackend(opts.backend, particles);
  const { tf, backend } = picked;
  const data = await loadDataSet(experiment.loss, { seed: experiment.seed, baseDir: opts.baseDir });
  if (backend === 'compiled') {
    const runs = await runCompiled(experiment, data, {
      ...(opts.threads !== undefined ? { threads: opts.threads } : {}),
      ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
    });
    return { format: RECORDING_FORMAT, version: RECORDING_VERSION, spec: experiment, backend, runs };
  }
  if (backend === 'webgpu') {
    const runs = await runWebGpu(experiment, data, opts.onProgress ? { onProgress: opts.onProgress } : {});
    const adapter = picked.backend === 'webgpu' ? picked.adapter : undefined;
    return { format: RECORDING_FORMAT, version: RECORDING_VERSION, spec: experiment, backend, adapter, runs };
  }
  const runs = experiment.runs.map((run, i) => {
    const engine = createRunEngine({ tf, backend, experiment, data }, i);
    try {
      return recordRun(engine, {
        steps: experiment.steps,
        every: experiment.record.every,
        particles: Math.min(experiment.record.particles, run.particles),
        onRecord: (t) => opts.onProgress?.(i, t),
        onError: (error, t) => opts.onRunFailed?.(i, t, error),
      });
    } finally {
      engine.dispose();
    }
  });
  return { format: RECORDING_FORMAT, version: RECORDING_VERSION, spec: experiment, backend, runs };
}
