/**
 * A replay is a lab: `createReplayTransport(recording)` is a `LabTransport` over a SPEC §9 recording.
 * Play, pause, step, reset, speed and `seek` move a replay clock over the recorded steps, and it emits
 * the same `LabState` and `Frame`s the live host emits (positions from the recording, statistics from
 * its t, η, loss, examples and τ), so every live view works on it unchanged. It holds no engine: the
 * loss surface comes from `options.surface` (the live lab, or the server's engine). A network's
 * recording (SPEC §13) replays with frames of its D weights and its recorded measures; its landscape
 * plane goes through the recorded paths (`options.plane`), its interpolation line between the runs' Φ
 * at the clock (`options.interpolate`), and its data come from `options.modelData`, each computed by an
 * engine as for live runs. Pure TypeScript, no Node or DOM: the renderer and the server run the very
 * same replay.
 */
import { CommandSchema, LIMITS, type LabState, type LabTransport, type Reply, type Surface } from './lab';
import { replayNetworkViews, type ReplayNetworkOptions } from './replay-network';
import { createLabListeners } from './listeners';
import type { Recording } from '../experiment/recording';
import { frameAt, historyAt, indexAt, recordedTimes } from './recording-reader';
import { historyMeasures, measuresAt, recordingDims } from './replay-model';

export {
  indexAt,
  loadableExperiment,
  looksLikeRecording,
  parseRecording,
  recordedPositions,
  recordedTimes,
  type ParsedRecording,
} from './recording-reader';
import type { Experiment } from '../experiment/experiment';

/** Calls `cb` once after `ms` milliseconds; returns what cancels it. */
export type ReplayTimer = (cb: () => void, ms: number) => () => void;

export interface ReplayOptions extends ReplayNetworkOptions {
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

export function createReplayTransport(recording: Recording, options: ReplayOptions = {}): ReplayTransport {
  const listeners = createLabListeners();
  const timer = options.timer ?? defaultTimer();
  const interval = options.frameIntervalMs ?? 16;
  const experiment = recording.spec;
  const dims = recordingDims(recording);
  const network = replayNetworkViews(recording, dims, options, () => clock);
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
      for (let i = from; i < k; i += stride) listeners.emitFrame(frame(r, i, 1));
      listeners.emitFrame(frame(r, k, displayCap));
      shown[r] = k;
    });
  }

  /** Run r's frame at its recorded step k, with a network's measures. */
  function frame(r: number, k: number, cap: number) {
    const model = measuresAt(recording, r, k);
    return { ...frameAt(recording.runs[r]!, r, k, dims, cap), ...(model ? { model } : {}) };
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
      case 'plane':
      case 'cancelPlane':
      case 'interpolate':
      case 'modelData':
        return network(command);
      case 'history':
        // A view that joins sees each run's charts and path from t = 0, as in the live lab.
        return {
          ok: true,
          history: recording.runs.map((run, r) =>
            historyAt(run, shown[r]!, dims, undefined, (steps) => historyMeasures(recording, r, steps)),
          ),
        };
      case 'visibility':
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
      case 'theoryFigure':
        return { ok: false, error: 'a replay has no engine to compute a figure: go back to live' };
      case 'uploadData':
      case 'chooseData':
        return { ok: false, error: 'a replay shows its recorded data: go back to live to use other data' };
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
