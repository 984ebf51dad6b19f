/**
 * `sgd-lab serve --recording FILE`: the server's lab is a replay of a recording (the same replay
 * transport the renderer runs, shared/contract/replay.ts) in place of the live host; the live host
 * only draws the loss surface of the recorded experiment, reading its data from the recording's folder
 * (SPEC §9: the path is relative to the recording, and a file whose SHA-256 changed is refused).
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
import type { LabBackend } from './lab-backend';
import type { LabHost } from './lab-host';

export interface ReplayBackend extends LabBackend {
  readonly transport: ReplayTransport;
  close(): void;
}

/** Reads and checks `path` and opens its replay; `host` draws surfaces. An error says what is wrong. */
export async function openReplayBackend(
  path: string,
  host: Pick<LabHost, 'handle' | 'useDataFolder'>,
): Promise<{ ok: true; backend: ReplayBackend } | { ok: false; error: string }> {
  let value: unknown;
  try {
    value = parseJson(await readFile(path, 'utf8'));
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
