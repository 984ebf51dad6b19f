/**
 * The lab the view holds: the live lab, or a replay of a recording in its place. A `LabApi` that
 * forwards every call to whichever is current, and their states and frames to the view, so the
 * store and every view work on a replay unchanged. Loading a recording (by its `format`: Open,
 * drop, upload) opens a replay; `backToLive` returns. The replay's loss surface is drawn by the
 * live lab's engine (`surface(resolution, spec)`), which the replay otherwise leaves alone; so are a
 * network's landscape plane (the recording's `spec` with its recorded paths), its interpolation line and
 * its data.
 */
import { createLabApi } from '../../../shared/contract/lab-api';
import type { LabApi, LabState, Reply } from '../../../shared/contract/lab';
import { createLabListeners } from '../../../shared/contract/listeners';
import {
  createReplayTransport,
  loadableExperiment,
  looksLikeRecording,
  parseRecording,
} from '../../../shared/contract/replay';
import { wirePaths } from '../../../shared/contract/replay-model';
import type { Recording } from '../../../shared/experiment/recording';

export interface SwitchableLab extends LabApi {
  /** Whether a replay opened here stands in for the live lab (not a server that is itself a replay). */
  readonly replaying: boolean;
  /** Opens a replay of `recording` in the live lab's place. */
  openReplay(recording: Recording, name: string): Reply;
  /** Closes the replay: the live lab as it is now comes back. */
  backToLive(): Promise<Reply>;
}

const SWITCHABLE = Symbol('switchable lab');

const noEngine = (): Promise<Reply> =>
  Promise.resolve({ ok: false, error: "this lab cannot compute a network's views" });

export function isSwitchable(api: LabApi): api is SwitchableLab {
  return SWITCHABLE in api;
}

interface OpenReplay {
  api: LabApi;
  close(): void;
}

export function createSwitchableLab(live: LabApi): SwitchableLab {
  const listeners = createLabListeners();
  let replay: OpenReplay | null = null;
  let liveState: LabState | null = null;
  let pageVisible = true;
  live.onState((state) => {
    liveState = state;
    if (!replay) listeners.emitState(state);
  });
  live.onFrame((frame) => {
    if (!replay) listeners.emitFrame(frame);
  });
  const current = () => replay?.api ?? live;

  function openReplay(recording: Recording, name: string): Reply {
    replay?.close();
    const transport = createReplayTransport(recording, {
      name,
      surface: async (experiment, resolution) => {
        const reply = await live.surface(resolution, loadableExperiment(experiment));
        if (!reply.ok) throw new Error(reply.error);
        if (!reply.surface) throw new Error('the lab sent no surface');
        return reply.surface;
      },
      plane: (experiment, paths, request, resolution) =>
        live.plane?.(request, resolution, loadableExperiment(experiment), wirePaths(paths)) ?? noEngine(),
      cancelPlane: () => live.cancelPlane?.() ?? Promise.resolve({ ok: true }),
      interpolate: (experiment, [a, b], points) =>
        live.interpolate?.([0, 1], points, loadableExperiment(experiment), [Array.from(a), Array.from(b)]) ??
        noEngine(),
      modelData: (experiment) => live.modelData?.(loadableExperiment(experiment)) ?? noEngine(),
    });
    // The replay has emitted its first state and frames; late listeners are given them.
    const offs = [transport.onState((s) => listeners.emitState(s)), transport.onFrame((f) => listeners.emitFrame(f))];
    replay = {
      api: createLabApi(transport),
      close: () => {
        transport.close();
        offs.forEach((off) => off());
      },
    };
    // The live lab need not send frames nobody sees; it gets its view back with `backToLive`.
    void live.setVisible(false);
    return { ok: true, experiment: recording.spec };
  }

  async function backToLive(): Promise<Reply> {
    if (!replay) return { ok: true };
    replay.close();
    replay = null;
    if (liveState) listeners.emitState(liveState);
    // A view that becomes visible gets each run's latest frame again.
    return live.setVisible(pageVisible);
  }

  async function load(spec: unknown, name?: string): Promise<Reply> {
    if (looksLikeRecording(spec)) {
      const parsed = parseRecording(spec);
      return parsed.ok ? openReplay(parsed.recording, name ?? 'recording.json') : { ok: false, error: parsed.error };
    }
    if (replay) await backToLive();
    return live.load(spec, name);
  }

  return {
    [SWITCHABLE]: true,
    get replaying() {
      return replay !== null;
    },
    openReplay,
    backToLive,
    load,
    play: () => current().play(),
    pause: () => current().pause(),
    step: (n) => current().step(n),
    reset: () => current().reset(),
    setSpeed: (s) => current().setSpeed(s),
    updateRun: (i, run) => current().updateRun(i, run),
    patchRun: (i, patch) => current().patchRun(i, patch),
    setSteps: (steps) => current().setSteps(steps),
    addRun: (run) => current().addRun(run),
    removeRun: (i) => current().removeRun(i),
    duplicateRun: (i) => current().duplicateRun(i),
    surface: (resolution, spec) => current().surface(resolution, spec),
    seek: (t) => current().seek?.(t) ?? Promise.resolve({ ok: false, error: 'this lab has no timeline' }),
    exportRecording: () => current().exportRecording(),
    setVisible: async (visible) => {
      pageVisible = visible;
      return replay ? { ok: true } : live.setVisible(visible);
    },
    setDisplayCap: (particles) => current().setDisplayCap(particles),
    history: () => current().history?.() ?? Promise.resolve({ ok: true }),
    // A network's views go to the lab shown (a replay asks the live lab's engine with its recording).
    plane: (request, resolution, spec, paths) => current().plane?.(request, resolution, spec, paths) ?? noEngine(),
    cancelPlane: () => current().cancelPlane?.() ?? Promise.resolve({ ok: true }),
    interpolate: (runs, points, spec, ends) => current().interpolate?.(runs, points, spec, ends) ?? noEngine(),
    modelData: (spec) => current().modelData?.(spec) ?? noEngine(),
    framesShown: (count) => current().framesShown?.(count) ?? Promise.resolve({ ok: true }),
    // A sweep always runs on the live lab's engine (a replay has none), shown or not.
    sweep: (grid) => live.sweep?.(grid) ?? Promise.resolve({ ok: false, error: 'this lab cannot run a sweep' }),
    cancelSweep: () => live.cancelSweep?.() ?? Promise.resolve({ ok: true }),
    // A Theory figure is computed by the live lab's engine, shown or not.
    theoryFigure: (spec, frames) => live.theoryFigure?.(spec, frames) ?? noEngine(),
    // Data go to the lab shown (a replay refuses them); the desktop's dialog only where the live lab has one.
    uploadData: (name, text) =>
      current().uploadData?.(name, text) ?? Promise.resolve({ ok: false, error: 'this lab cannot take data' }),
    ...(live.chooseData ? { chooseData: () => current().chooseData?.() ?? live.chooseData!() } : {}),
    onState: (cb) => listeners.onState(cb),
    onFrame: (cb) => listeners.onFrame(cb),
  } as SwitchableLab;
}
