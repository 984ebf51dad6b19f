/** Small pure helpers of the lab host: a run's step as a `Frame`, validation issues as a `Reply`. */
import type { Frame, Reply, RunState } from '../../shared/contract/lab';
import { formatIssue, type SpecIssue } from '../../shared/experiment/issues';
import type { Experiment } from '../../shared/experiment/experiment';
import { PackedPositions } from '../../shared/experiment/packed-positions';
import type { RunRecording } from '../../shared/experiment/recording';
import type { StepResult } from './protocol';
import type { PackedRunRecording } from './run-recorder';
import type { RunSlot } from './run-slot';

export function toFrame(run: number, result: StepResult): Frame {
  const { stats } = result;
  return {
    run,
    t: stats.t,
    lr: stats.lr,
    loss: stats.loss,
    lossMin: stats.lossMin,
    lossMax: stats.lossMax,
    examples: stats.examples,
    tau: stats.tau,
    diverged: stats.diverged?.particles ?? 0,
    positions: result.positions,
    dims: result.dims,
    ...(result.state ? { state: result.state } : {}),
    ...(result.gradient ? { gradient: result.gradient } : {}),
    ...(result.model ? { model: result.model } : {}),
  };
}

export function invalid(checked: { issues: SpecIssue[] }): Reply {
  return {
    ok: false,
    error: `invalid experiment:\n${checked.issues.map(formatIssue).join('\n')}`,
    issues: checked.issues,
  };
}

/** A run entry whose positions are `PackedPositions`: its JSON (`jsonChunks`) is the SPEC §9 run entry's. */
export interface PackedRun extends Omit<RunRecording, 'positions' | 'final'> {
  positions: PackedPositions;
  final: { t: number; positions: PackedPositions; loss: number | null };
}

/** A SPEC §9 recording with packed positions (what an export streams); `plainRecording` unpacks it. */
export interface PackedRecording {
  format: 'sgd-lab/recording';
  version: 1;
  spec: Experiment;
  backend: string;
  adapter?: string;
  runs: PackedRun[];
}

/**
 * A SPEC §9 recording of what the runs computed so far, its positions packed (written as JSON
 * straight from the typed arrays the workers moved over); refused while a run is failed.
 */
export async function recordingOf(
  slots: RunSlot[],
  experiment: Experiment,
  engine: { backend: string; adapter?: string },
): Promise<PackedRecording> {
  const failed = slots.flatMap((s, i) => (s.failed ? [`${experiment.runs[i]?.name}: ${s.reason}`] : []));
  if (failed.length > 0) throw new Error(`cannot export: a run failed (${failed.join('; ')}); reset to rerun it`);
  const runs = (await Promise.all(slots.map((s) => s.record()))).map(revive);
  const adapter = engine.adapter ? { adapter: engine.adapter } : {};
  return { format: 'sgd-lab/recording', version: 1, spec: experiment, backend: engine.backend, ...adapter, runs };
}

function revive(run: PackedRunRecording): PackedRun {
  const final = { ...run.final, positions: PackedPositions.from(run.final.positions) };
  return { ...run, positions: PackedPositions.from(run.positions), final };
}

/** The recording with nested position arrays (for a reply that is cloned, not streamed: Electron's IPC). */
export function plainRecording(recording: PackedRecording): unknown {
  return {
    ...recording,
    runs: recording.runs.map((run) => ({
      ...run,
      positions: run.positions.toJSON(),
      final: { ...run.final, positions: run.final.positions.toJSON() },
    })),
  };
}

/** Bytes of memory a packed recording's positions hold. */
export function packedBytes(recording: PackedRecording): number {
  return recording.runs.reduce((n, run) => n + run.positions.bytes + run.final.positions.bytes, 0);
}

/** The reply to a command that failed `CommandSchema`: every problem with its path. */
export function invalidCommand(issues: { path: PropertyKey[]; message: string }[]): Reply {
  const detail = issues.map((i) => `${i.path.map(String).join('.') || 'command'}: ${i.message}`).join('; ');
  return { ok: false, error: `invalid command: ${detail}` };
}

/** Each run's name, status and (for a failed one) its reason, as `LabState.runs` carries them. */
export function runStates(slots: readonly RunSlot[], experiment: Experiment | null): RunState[] {
  return slots.map((s, i) => ({
    name: experiment?.runs[i]?.name ?? `Run ${i + 1}`,
    status: s.status,
    ...(s.reason ? { reason: s.reason } : {}),
  }));
}
