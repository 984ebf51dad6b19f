/**
 * `sgd-lab serve --recording FILE`: the server's lab is a replay of a recording (the same replay
 * transport the renderer runs, shared/contract/replay.ts) in place of the live host; the live host
 * only draws the loss surface of the recorded experiment, reading its data from the recording's folder
 * (SPEC §9: the path is relative to the recording, and a file whose SHA-256 changed is refused). A
 * network's recording (SPEC §13) gets its plane through the recorded paths from the host's `planeOf`
 * (the live runs' code), its interpolation line and its data from the host's engine; positions kept
 * in side files beside the recording are read in (files/read-positions.ts).
 */
import { parseJson } from '../../shared/experiment/json';
import { readFile } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import type { Command } from '../../shared/contract/lab';
import {
  createReplayTransport,
  loadableExperiment,
  parseRecording,
  type ReplayTransport,
} from '../../shared/contract/replay';
import { isPositionFileRef } from '../../shared/experiment/position-file';
import { readPositions } from '../files/read-positions';
import type { LabBackend } from './lab-backend';
import type { LabHost } from './lab-host';

export interface ReplayBackend extends LabBackend {
  readonly transport: ReplayTransport;
  close(): void;
}

/** A field of `value` (a parsed JSON object), or undefined. */
const field = (value: unknown, key: string): unknown =>
  typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;

/**
 * The recording `value` with each run's positions kept in a side file (SPEC §13) read in as the nested
 * arrays an inline recording holds; errors name the field (`runs[0].positions.file (positions-0.f64)`).
 */
async function inlinePositionFiles(value: unknown, dir: string): Promise<void> {
  const runs = field(value, 'runs');
  if (!Array.isArray(runs)) return;
  for (const [i, run] of runs.entries()) {
    const final = field(run, 'final');
    for (const [owner, key, rank, where] of [
      [run, 'positions', 3, `runs[${i}].positions`],
      [final, 'positions', 2, `runs[${i}].final.positions`],
    ] as const) {
      const ref = field(owner, key);
      if (!isPositionFileRef(ref) || !Array.isArray(ref.shape)) continue;
      const packed = await readPositions(ref, where, dir, rank, Number(ref.shape[rank - 1]));
      (owner as Record<string, unknown>)[key] = packed.toJSON();
    }
  }
}

/** Reads and checks `path` and opens its replay; `host` draws surfaces. An error says what is wrong. */
export async function openReplayBackend(
  path: string,
  host: Pick<LabHost, 'handle' | 'useDataFolder' | 'planeOf'>,
): Promise<{ ok: true; backend: ReplayBackend } | { ok: false; error: string }> {
  let value: unknown;
  try {
    value = parseJson(await readFile(path, 'utf8'));
    await inlinePositionFiles(value, dirname(resolve(path)));
  } catch (error) {
    return { ok: false, error: `${path}: ${error instanceof Error ? error.message : String(error)}` };
  }
  const parsed = parseRecording(value);
  if (!parsed.ok) return { ok: false, error: `${path}: ${parsed.error}` };
  // The user named this recording: its own data file is readable wherever it lies.
  host.useDataFolder(dirname(resolve(path)), parsed.recording.spec);
  const transport = createReplayTransport(parsed.recording, {
    name: basename(path),
    surface: async (experiment, resolution) => {
      const reply = await host.handle({ type: 'surface', resolution, spec: loadableExperiment(experiment) });
      if (!reply.ok) throw new Error(reply.error);
      if (!reply.surface) throw new Error('the engine drew no surface');
      return reply.surface;
    },
    plane: (experiment, paths, request, resolution) => host.planeOf(experiment, paths, request, resolution),
    cancelPlane: () => host.handle({ type: 'cancelPlane' }),
    interpolate: (experiment, [a, b], points) =>
      host.handle({
        type: 'interpolate',
        runs: [0, 1],
        points,
        spec: loadableExperiment(experiment),
        ends: [Array.from(a), Array.from(b)],
      }),
    modelData: (experiment) => host.handle({ type: 'modelData', spec: loadableExperiment(experiment) }),
  });
  return {
    ok: true,
    backend: {
      transport,
      handle: (raw) => transport.send(raw as Command),
      state: () => transport.state(),
      onState: (cb) => transport.onState(cb),
      onFrame: (cb) => transport.onFrame(cb),
      close: () => transport.close(),
    },
  };
}
