/** Shared helpers of the engine tests: an experiment from a partial spec, an engine on a chosen backend. */
import { initBackend } from '../../src-main/engine/backend';
import type { RunCore, Tf } from '../../src-main/engine/api';
import { loadDataSet } from '../../src-main/engine/loss/loss-data';
import { createRunCore } from '../../src-main/engine/tfjs/run-engine';
import type { Experiment } from '../../shared/experiment/experiment';
import { validateExperiment } from '../../shared/experiment/validate';

export async function cpu(): Promise<Tf> {
  return (await initBackend('cpu')).tf;
}

export function experiment(input: unknown): Experiment {
  const r = validateExperiment(input);
  if (!r.ok) throw new Error(r.issues.map((i) => `${i.path}: ${i.message}`).join('\n'));
  return r.experiment;
}

/** The backends the engine tests run on, table-driven: the compiled kernels and TensorFlow.js on wasm. */
export const ENGINE_BACKENDS = ['compiled', 'wasm'] as const;
export type EngineBackendName = (typeof ENGINE_BACKENDS)[number] | 'cpu';

let current: EngineBackendName = 'cpu';
/** The backend `engineFor` uses by default from now on (set per `describe.each(ENGINE_BACKENDS)` block). */
export function useBackend(name: EngineBackendName): void {
  current = name;
}

export async function engineFor(
  input: unknown,
  runIndex = 0,
  backend: EngineBackendName = current,
): Promise<{ tf: Tf; engine: RunCore; exp: Experiment }> {
  const tf = (await initBackend(backend === 'compiled' ? 'cpu' : backend)).tf;
  const exp = experiment(input);
  const data = await loadDataSet(exp.loss, { seed: exp.seed, baseDir: '.' });
  const engine =
    backend === 'compiled'
      ? createRunCore({ backend: 'compiled', experiment: exp, data }, runIndex)
      : createRunCore({ tf, backend, experiment: exp, data }, runIndex);
  return { tf, exp, engine };
}

/** Positions as rows of numbers. */
export function rowsOf(flat: Float32Array | Float64Array, D: number): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < flat.length; i += D) out.push(Array.from(flat.subarray(i, i + D)));
  return out;
}
