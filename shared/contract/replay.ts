/**
 * A replay is a lab: `createReplayTransport(recording)` is a `LabTransport` over a SPEC §9 recording.
 * Play, pause, step, reset, speed and `seek` move a replay clock over the recorded steps, and it emits
 * the same `LabState` and `Frame`s the live host emits (positions from the recording, statistics from
 * its t, η, loss, examples and τ), so every live view works on it unchanged. It holds no engine: the
 * loss surface comes from `options.surface` (the live lab, or the server's engine). Pure TypeScript,
 * no Node or DOM: the renderer and the server run the very same replay.
 */
import { CommandSchema, LIMITS, type Frame, type LabState, type LabTransport, type Reply, type Surface } from './lab';
import { createLabListeners } from './listeners';
import { RECORDING_FORMAT, RecordingSchema, type Recording, type RunRecording } from '../spec/recording';
import type { Experiment } from '../spec/experiment';

/** Calls `cb` once after `ms` milliseconds; returns what cancels it. */
export type ReplayTimer = (cb: () => void, ms: number) => () => void;

export interface ReplayOptions {
  /** The recording's name as views show it (its file name). */
  name?: string;
  /** The loss surface of the recorded experiment (a replay has no engine); without it, none is drawn. */
  surface?: (experiment: Experiment, resolution: number) => Promise<Surface>;
  /** The play loop's timer (default: the host's `setTimeout`). */
  timer?: ReplayTimer;
  /** Time between two frames while playing, ms (default 16, as live). */
  frameIntervalMs?: number;
}

export interface ReplayTransport extends LabTransport {
  readonly recording: Recording;
  /** The replay clock: the step shown (each run shows its last recorded step at or before it). */
  readonly t: number;
  /** The current state (what `onState` last gave). */
  state(): LabState;
  /** Stops the play loop for good. */
  close(): void;
}

/** Most history frames sent at once when the clock jumps (the views keep 4000 points a run). */
export const MAX_HISTORY_FRAMES = 4000;

const CHANGE_REFUSED = 'a replay shows a recording as it was: go back to live to change the experiment';

/** Whether a parsed JSON file is a recording (by its `format`), whatever else it holds. */
export function looksLikeRecording(value: unknown): boolean {
  return typeof value === 'object' && value !== null && (value as { format?: unknown }).format === RECORDING_FORMAT;
}

export type ParsedRecording = { ok: true; recording: Recording } | { ok: false; error: string };

/** Checks a recording's shape (SPEC §9) and that each run's per-step arrays agree in length and order. */
export function parseRecording(value: unknown): ParsedRecording {
  const parsed = RecordingSchema.safeParse(value);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.map(String).join('.') || 'recording'}: ${i.message}`);
    return { ok: false, error: `invalid recording: ${detail.slice(0, 8).join('; ')}` };
  }
  const recording = parsed.data;
  const spec = recording.spec as Partial<Experiment>;
  if (!Array.isArray(spec.runs) || !Array.isArray(spec.loss?.params))
    return { ok: false, error: 'invalid recording: spec: not an experiment (runs and loss.params are missing)' };
  for (const [i, run] of recording.runs.entries()) {
    const n = run.t.length;
    for (const key of ['lr', 'examples', 'tau', 'loss', 'positions'] as const)
      if (run[key].length !== n)
        return { ok: false, error: `invalid recording: runs.${i}.${key}: ${run[key].length} values for ${n} steps` };
    for (let k = 1; k < n; k++)
      if (run.t[k]! <= run.t[k - 1]!) return { ok: false, error: `invalid recording: runs.${i}.t: not ascending` };
  }
  return { ok: true, recording };
}

/**
 * A recording's experiment as the lab loads it: the recording holds it normalized, where a preset's
 * loss also carries its formula, and a loss gives a preset or a formula, not both.
 */
export function loadableExperiment(experiment: Experiment): Record<string, unknown> {
  const { loss } = experiment;
  if (!loss.preset) return { ...experiment };
  const { expr: _expr, ...rest } = loss;
  return { ...experiment, loss: rest };
}

/** Every recorded step of any run, ascending, without repeats. */
export function recordedTimes(recording: Recording): number[] {
  const all = new Set<number>();
  for (const run of recording.runs) for (const t of run.t) all.add(t);
  return [...all].sort((a, b) => a - b);
}

/** The index of the last of `times` (ascending) at or before `t`; 0 when `t` is before them all. */
export function indexAt(times: readonly number[], t: number): number {
  let lo = 0;
  let hi = times.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (times[mid]! <= t) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * The recorded particles of `run` at its recorded step `k`: `positions[k]`, except at the last step,
 * where `final.positions` (every particle) stands when it was taken at that step.
 */
export function recordedPositions(run: RunRecording, k: number): (number | null)[][] {
  const last = k === run.t.length - 1 && run.final.t === run.t[k];
  return last ? run.final.positions : (run.positions[k] ?? []);
}

function defaultTimer(): ReplayTimer {
  const host = globalThis as unknown as {
    setTimeout?: (cb: () => void, ms: number) => unknown;
    clearTimeout?: (id: unknown) => void;
  };
  return (cb, ms) => {
    if (!host.setTimeout) throw new Error('no timer here: pass options.timer');
    const id = host.setTimeout(cb, ms);
    return () => host.clearTimeout?.(id);
  };
}

/** One run's frame at recorded step `k`: all recorded particles (up to `cap`) or only the first (`cap` 1). */
function frameAt(run: RunRecording, index: number, k: number, dims: number, cap: number): Frame {
  const points = recordedPositions(run, k);
  const count = Math.min(points.length, cap);
  const positions = new Float32Array(count * dims);
  for (let p = 0; p < count; p++) {
    const point = points[p]!;
    for (let d = 0; d < dims; d++) positions[p * dims + d] = point[d] ?? NaN;
  }
  const t = run.t[k]!;
  const loss = run.loss[k] ?? NaN;
  return {
    run: index,
    t,
    lr: run.lr[k]!,
    loss,
    lossMin: loss,
    lossMax: loss,
    examples: run.examples[k]!,
    tau: run.tau[k]!,
    diverged: run.diverged && t >= run.diverged.step ? run.diverged.particles : 0,
    positions,
    dims,
  };
}

export function createReplayTransport(recording: Recording, options: ReplayOptions = {}): ReplayTransport {
  const listeners = createLabListeners();
  const timer = options.timer ?? defaultTimer();
  const interval = options.frameIntervalMs ?? 16;
  const experiment = recording.spec;
  const dims = experiment.loss.params.length;
  const times = recordedTimes(recording);
  const end = times[times.length - 1] ?? 0;
  const replay = { name: options.name ?? 'recording.json', times };
  /** The recorded step each run shows (-1: none yet). */
  const shown = recording.runs.map(() => -1);
  let clock = 0;
  let playing = false;
  let stepsPerFrame = 10;
  let displayCap: number = LIMITS.displayParticles;
  let cancel: (() => void) | null = null;
  let closed = false;

  function state(): LabState {
    return {
      experiment,
      playing,
      stepsPerFrame,
      backend: recording.adapter ? `${recording.backend}: ${recording.adapter}` : recording.backend,
      runs: recording.runs.map((run, i) => {
        const last = run.t[run.t.length - 1] ?? 0;
        return {
          name: experiment.runs[i]?.name ?? run.name,
          status: clock >= last ? 'done' : playing ? 'running' : 'paused',
        };
      }),
      replay,
    };
  }

  /**
   * Shows every run at the clock. A run that moved on gets the recorded steps it passed as light
   * frames (first particle only: the chart's points and the trail), then its full frame; one that
   * went back starts over from t = 0 (a view clears a run's history on t = 0).
   */
  function show(force = false): void {
    recording.runs.forEach((run, r) => {
      if (run.t.length === 0) return;
      const k = indexAt(run.t, clock);
      const prev = shown[r]!;
      if (k === prev && !force) return;
      const from = prev < 0 || k < prev ? 0 : k === prev ? k : prev + 1;
      const stride = Math.max(1, Math.ceil((k - from) / MAX_HISTORY_FRAMES));
      for (let i = from; i < k; i += stride) listeners.emitFrame(frameAt(run, r, i, dims, 1));
      listeners.emitFrame(frameAt(run, r, k, dims, displayCap));
      shown[r] = k;
    });
  }

  function setClock(t: number): void {
    clock = Math.max(0, Math.min(end, t));
    show();
  }

  function stop(): void {
    playing = false;
    cancel?.();
    cancel = null;
  }

  function tick(): void {
    cancel = null;
    if (!playing || closed) return;
    setClock(clock + stepsPerFrame);
    if (clock >= end) {
      stop();
      listeners.emitState(state());
    } else cancel = timer(tick, interval);
  }

  /** Emits the state when what it says of the runs changed (a seek or a step can finish them). */
  function emitIfChanged(before: string): void {
    const after = state();
    if (JSON.stringify(after.runs) !== before) listeners.emitState(after);
  }

  async function handle(raw: unknown): Promise<Reply> {
    const parsed = CommandSchema.safeParse(raw);
    if (!parsed.success) {
      const detail = parsed.error.issues.map((i) => `${i.path.map(String).join('.') || 'command'}: ${i.message}`);
      return { ok: false, error: `invalid command: ${detail.join('; ')}` };
    }
    const command = parsed.data;
    const before = JSON.stringify(state().runs);
    switch (command.type) {
      case 'play':
        if (!playing) {
          if (clock >= end) setClock(0);
          playing = true;
          listeners.emitState(state());
          cancel = timer(tick, interval);
        }
        return { ok: true };
      case 'pause':
        stop();
        listeners.emitState(state());
        return { ok: true };
      case 'step': {
        const next = times[Math.min(times.length - 1, indexAt(times, clock) + 1)] ?? end;
        setClock(Math.max(clock + command.n, next));
        emitIfChanged(before);
        return { ok: true };
      }
      case 'reset':
        stop();
        setClock(0);
        listeners.emitState(state());
        return { ok: true, experiment };
      case 'seek':
        setClock(command.t);
        emitIfChanged(before);
        return { ok: true };
      case 'speed':
        stepsPerFrame = command.stepsPerFrame;
        listeners.emitState(state());
        return { ok: true };
      case 'surface':
        if (!options.surface) return { ok: false, error: 'this replay has no engine to draw the loss surface' };
        return { ok: true, surface: await options.surface(experiment, command.resolution) };
      case 'export':
        return { ok: true, recording };
      case 'visibility':
      case 'history':
      case 'framesShown':
        return { ok: true };
      case 'displayCap':
        displayCap = command.particles;
        show(true);
        return { ok: true };
      case 'load':
      case 'updateRun':
      case 'patchRun':
      case 'setSteps':
      case 'addRun':
      case 'removeRun':
      case 'duplicateRun':
        return { ok: false, error: CHANGE_REFUSED };
      case 'sweep':
      case 'cancelSweep':
        return { ok: false, error: 'a replay has no engine to run a sweep' };
    }
  }

  listeners.emitState(state());
  show();

  return {
    recording,
    get t() {
      return clock;
    },
    state,
    send: async (command) => {
      try {
        return await handle(command);
      } catch (error) {
        return { ok: false, error: error instanceof Error ? error.message : String(error) };
      }
    },
    onState: (cb) => listeners.onState(cb),
    onFrame: (cb) => listeners.onFrame(cb),
    close() {
      closed = true;
      stop();
    },
  };
}
