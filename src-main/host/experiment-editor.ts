/**
 * The lab's experiment and its edits: the experiment as the user wrote it (`input`, what File › Save
 * writes) and as validated, the commands that change it (load/reset, edit, patch, steps, remove, play
 * past the end) and how each reaches the running engines (lab-host.ts dispatches to them).
 */
import type { Reply } from '../../shared/contract/lab';
import { patchedExperiment, type RunPatch } from '../../shared/contract/run-patch';
import { MAX_STEPS, type Experiment, type RunInput } from '../../shared/experiment/experiment';
import { check, editRuns, patchInput, requireExperiment, runAt, type Checked } from './experiment-store';
import type { PlayClock } from './play-clock';
import { invalid } from './replies';
import type { RunSlots } from './run-slots';

/** What the editor drives: the runs' engines, the play clock and the state's listeners. */
export interface EditedLab {
  readonly runs: RunSlots;
  readonly clock: PlayClock;
  emitState(): void;
  /** A new experiment was set (load, reset, a run added); called before anything is awaited. */
  loaded?(experiment: Experiment): void;
}

export class ExperimentEditor {
  /** The experiment as the user wrote it, with the edits made since. */
  input: Record<string, unknown> = {};
  experiment: Experiment | null = null;
  /** How many more steps Play gives runs that are all done (the steps as loaded or last set). */
  private extendBy = 1;

  constructor(private readonly host: EditedLab) {}

  /**
   * Replaces every run with fresh engines for `checked` (load, reset), each at t = 0 with a first frame
   * of its start positions. The play state stays as it was: a lab that was playing plays the new runs
   * from the start, a paused one waits at t = 0.
   */
  async replace(checked: Checked): Promise<Reply> {
    if (!checked.ok) return invalid(checked);
    this.input = checked.input;
    this.experiment = checked.experiment;
    this.extendBy = checked.experiment.steps;
    const slots = this.host.runs.replaceAll();
    if (!this.host.clock.playing) this.host.loaded?.(checked.experiment);
    this.host.emitState();
    await this.host.runs.settle(slots);
    return { ok: true, experiment: checked.experiment };
  }

  async updateRun(index: number, run: RunInput): Promise<Reply> {
    runAt(this.experiment, index);
    const checked = editRuns(this.input, (runs) => (runs[index] = run));
    if (!checked.ok) return invalid(checked);
    this.input = checked.input;
    this.experiment = checked.experiment;
    const newRun = checked.experiment.runs[index];
    const slot = this.host.runs.list[index];
    if (slot && newRun) await slot.update(newRun);
    this.host.emitState();
    return { ok: true, experiment: checked.experiment };
  }

  /** One field of one run, hot: no re-validation of the experiment, the engine gets it before its next step. */
  async patchRun(index: number, patch: RunPatch): Promise<Reply> {
    const experiment = requireExperiment(this.experiment);
    runAt(experiment, index);
    this.experiment = patchedExperiment(experiment, index, patch);
    const next = this.experiment.runs[index]!;
    this.input = patchInput(this.input, index, patch);
    const sent = this.host.runs.list[index]?.update(next);
    this.host.emitState();
    await sent;
    return { ok: true };
  }

  /** Moves where the runs stop; runs past it are done, done runs before it go on. */
  setSteps(steps: number, extendBy = steps): Reply {
    const checked = check({ ...this.input, steps });
    if (!checked.ok) return invalid(checked);
    this.input = checked.input;
    this.experiment = checked.experiment;
    this.extendBy = extendBy;
    for (const slot of this.host.runs.list) {
      if (slot.failed) continue;
      if (slot.t >= steps) slot.status = 'done';
      else if (slot.status === 'done') slot.status = this.host.clock.playing ? 'running' : 'paused';
    }
    this.host.clock.stopIfIdle();
    if (this.host.clock.playing) void this.host.clock.pump();
    this.host.emitState();
    return { ok: true, experiment: checked.experiment };
  }

  /** Plays; when every run is done, first gives them all `extendBy` more steps. */
  play(): Reply {
    const experiment = requireExperiment(this.experiment);
    const live = this.host.runs.list.filter((s) => !s.failed);
    if (live.length > 0 && live.every((s) => s.t >= experiment.steps)) {
      const reply = this.setSteps(Math.min(MAX_STEPS, experiment.steps + this.extendBy), this.extendBy);
      if (!reply.ok) return reply;
    }
    this.host.clock.setPlaying(true);
    return { ok: true };
  }

  removeRun(index: number): Reply {
    runAt(this.experiment, index);
    const checked = editRuns(this.input, (runs) => runs.splice(index, 1));
    if (!checked.ok) return invalid(checked);
    this.input = checked.input;
    this.experiment = checked.experiment;
    this.host.runs.remove(index);
    this.host.clock.stopIfIdle();
    this.host.emitState();
    return { ok: true, experiment: checked.experiment };
  }
}
