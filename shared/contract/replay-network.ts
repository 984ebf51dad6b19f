/**
 * A network recording's views in a replay (SPEC §13): its landscape plane through the recorded paths,
 * the loss line between two runs' Φ at the replay clock, and its data, each computed by the engine the
 * replay was given (`ReplayNetworkOptions`); a replay without one says so.
 */
import type { Experiment } from '../experiment/experiment';
import type { Recording } from '../experiment/recording';
import type { RecordedPath } from '../landscape/types';
import type { Reply, ValidCommand } from './lab';
import type { PlaneRequest } from './network';
import { indexAt } from './recording-reader';
import { firstAt, planePaths } from './replay-model';

/** What computes a network replay's views (the live lab, or the server's engine). */
export interface ReplayNetworkOptions {
  /** A network's landscape plane through the recorded `paths` (`Reply.plane`); without it, none. */
  plane?: (experiment: Experiment, paths: RecordedPath[], request: PlaneRequest, resolution: number) => Promise<Reply>;
  /** Stops the plane being computed. */
  cancelPlane?: () => Promise<Reply>;
  /** The loss between two runs' Φ `ends` (`Reply.line`). */
  interpolate?: (experiment: Experiment, ends: [Float64Array, Float64Array], points: number) => Promise<Reply>;
  /** What the recorded network trains on (`Reply.modelData`). */
  modelData?: (experiment: Experiment) => Promise<Reply>;
}

/** The commands a replay's network views answer. */
export type ReplayNetworkCommand = Extract<
  ValidCommand,
  { type: 'plane' | 'cancelPlane' | 'interpolate' | 'modelData' }
>;

const NO_ENGINE = "this replay has no engine to compute a network's views";

/** Answers `recording`'s network commands; `clock` is the replay's step shown, `dims` its D. */
export function replayNetworkViews(
  recording: Recording,
  dims: number,
  options: ReplayNetworkOptions,
  clock: () => number,
): (command: ReplayNetworkCommand) => Promise<Reply> | Reply {
  const experiment = recording.spec;
  /** The recorded paths (the plane's), read once when first asked. */
  let paths: RecordedPath[] | null = null;

  /** The first particles of runs `a` and `b` at the clock, for `interpolate`. */
  function endsAt([a, b]: [number, number]): [Float64Array, Float64Array] {
    return [a, b].map((r) => {
      const run = recording.runs[r];
      const end = run && run.t.length > 0 ? firstAt(run, indexAt(run.t, clock()), dims) : new Float64Array(0);
      if (end.length !== dims) throw new Error(`runs[${r}]: no such run, or it has no recorded position`);
      return end;
    }) as [Float64Array, Float64Array];
  }

  return (command) => {
    switch (command.type) {
      case 'plane':
        if (!options.plane) return { ok: false, error: NO_ENGINE };
        paths ??= planePaths(recording, dims);
        return options.plane(experiment, paths, command.plane, command.resolution);
      case 'cancelPlane':
        return options.cancelPlane?.() ?? { ok: true };
      case 'interpolate':
        if (!options.interpolate) return { ok: false, error: NO_ENGINE };
        return options.interpolate(experiment, endsAt(command.runs), command.points);
      case 'modelData':
        return options.modelData ? options.modelData(experiment) : { ok: false, error: NO_ENGINE };
    }
  };
}
