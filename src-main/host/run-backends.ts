/**
 * Which backend the lab's runs step on, from their engines' init replies: a run of many particles may
 * be on the GPU (`webgpu`, with its adapter) while the others stay on the compiled CPU kernels. The
 * status bar shows the label; an export names the backend (several joined by `+`) and the adapter.
 */
import type { InitResult } from './protocol';

export interface RunsBackend {
  /** What the recording's `backend` says: `webgpu`, `compiled`, or e.g. `webgpu+compiled`. */
  backend: string;
  /** The GPU adapter's name when a run is on the GPU. */
  adapter?: string;
  /** What the status bar says, e.g. `webgpu: NVIDIA … (1 of 3 runs) + compiled (CPU)`. */
  label: string;
}

type Engine = Pick<InitResult, 'backend' | 'adapter'>;

const nameOf = (e: Engine) =>
  e.adapter ? `${e.backend}: ${e.adapter}` : e.backend === 'compiled' ? 'compiled (CPU)' : e.backend;

/** The backend of runs whose engines are built (undefined: not yet, or failed); null when none is. */
export function runsBackend(engines: readonly (Engine | null | undefined)[]): RunsBackend | null {
  // The GPU's runs first.
  const built = engines.filter((e): e is Engine => !!e).sort((a, b) => Number(!!b.adapter) - Number(!!a.adapter));
  if (built.length === 0) return null;
  const byName = new Map<string, number>();
  for (const e of built) byName.set(nameOf(e), (byName.get(nameOf(e)) ?? 0) + 1);
  const gpu = built.find((e) => e.adapter);
  const mixed = byName.size > 1;
  const label = [...byName]
    .map(([name, count], i) => (mixed && i === 0 ? `${name} (${count} of ${built.length} runs)` : name))
    .join(' + ');
  return {
    backend: [...new Set(built.map((e) => e.backend))].join('+'),
    ...(gpu?.adapter ? { adapter: gpu.adapter } : {}),
    label,
  };
}
