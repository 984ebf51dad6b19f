/** Small pure helpers of the lab host: a run's step as a `Frame`, validation issues as a `Reply`. */
import type { Frame, Reply, RunState } from '../../shared/contract/lab';
import { formatIssue, type SpecIssue } from '../../shared/spec/issues';
import type { Experiment } from '../../shared/spec/experiment';
import type { StepResult } from './protocol';
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
  };
}

export function invalid(checked: { issues: SpecIssue[] }): Reply {
  return {
    ok: false,
    error: `invalid experiment:\n${checked.issues.map(formatIssue).join('\n')}`,
    issues: checked.issues,
  };
}

/** A SPEC §9 recording of what the runs computed so far; refused while a run is failed. */
export async function recordingOf(
  slots: RunSlot[],
  experiment: Experiment,
  engine: { backend: string; adapter?: string },
): Promise<unknown> {
  const failed = slots.flatMap((s, i) => (s.failed ? [`${experiment.runs[i]?.name}: ${s.reason}`] : []));
  if (failed.length > 0) throw new Error(`cannot export: a run failed (${failed.join('; ')}); reset to rerun it`);
  const runs = await Promise.all(slots.map((s) => s.record()));
  const adapter = engine.adapter ? { adapter: engine.adapter } : {};
  return { format: 'sgd-lab/recording', version: 1, spec: experiment, backend: engine.backend, ...adapter, runs };
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
