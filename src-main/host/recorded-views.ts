/**
 * A network's plane and interpolation line for a replay opened in the page (shared/contract/replay.ts):
 * the page holds the recording and sends its experiment (`spec`) with the recorded paths or the two
 * runs' Φ at its clock; the live host computes them with the same code as for its own runs.
 */
import type { Reply, ValidCommand } from '../../shared/contract/lab';
import type { Experiment } from '../../shared/experiment/experiment';
import type { RecordedPath } from '../../shared/landscape/types';
import { check } from './experiment-store';
import { invalid } from './replies';

type PlaneCommand = Extract<ValidCommand, { type: 'plane' }>;
type LineCommand = Extract<ValidCommand, { type: 'interpolate' }>;

/** A recorded path as a view sends it (null: a diverged coordinate), as the landscape reads it. */
export function wirePath(points: (number | null)[][], r: number): RecordedPath {
  const phis = points.map((p) => Float64Array.from(p, (x) => x ?? NaN));
  if (phis.length === 0) throw new Error(`plane: paths[${r}] has no point`);
  return { name: `Run ${r + 1}`, t: [], points: phis, final: phis.at(-1)! };
}

/** `plane` of a recording's `spec` through its `paths`. */
export function recordedPlane(
  command: PlaneCommand,
  planeOf: (experiment: Experiment, paths: RecordedPath[]) => Promise<Reply>,
): Promise<Reply> | Reply {
  const other = check(command.spec);
  if (!other.ok) return invalid(other);
  if (!command.paths) return { ok: false, error: "plane: a recording's plane needs its recorded paths" };
  return planeOf(other.experiment, command.paths.map(wirePath));
}

/** `interpolate` of a recording's `spec` between its runs' `ends`. */
export function recordedLine(
  command: LineCommand,
  line: (experiment: Experiment, ends: [Float64Array, Float64Array]) => Promise<Reply>,
): Promise<Reply> | Reply {
  const other = check(command.spec);
  if (!other.ok) return invalid(other);
  if (!command.ends) return { ok: false, error: "interpolate: a recording's line needs its runs' ends" };
  const [a, b] = command.ends;
  return line(other.experiment, [Float64Array.from(a), Float64Array.from(b)]);
}
