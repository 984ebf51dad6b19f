/**
 * `createLabApi`: the domain API (`LabApi`) over a transport's raw duplex (`LabTransport`), the same for
 * the Electron preload, the browser WebSocket and a replay.
 */
import type { Command, LabApi, LabTransport } from './lab';
import { networkCalls } from './network';
import { theoryCalls } from './theory';

/** A view's id for `visibility`: one per `createLabApi` (one per page), random, no secret. */
function newViewId(): string {
  return `view-${Math.random().toString(36).slice(2, 12)}`;
}

/** What a transport's lab offers beyond the commands every lab takes. */
export interface LabApiOptions {
  /** A desktop lab, whose main process shows a file dialog for data (`chooseData`). */
  desktop?: boolean;
}

export function createLabApi(transport: LabTransport, options: LabApiOptions = {}): LabApi {
  const send = (command: Command) => transport.send(command);
  const view = newViewId();
  return {
    ...(options.desktop ? { chooseData: () => send({ type: 'chooseData' }) } : {}),
    uploadData: (name, text) => send({ type: 'uploadData', name, text }),
    load: (spec, name) => send(name === undefined ? { type: 'load', spec } : { type: 'load', spec, name }),
    play: () => send({ type: 'play' }),
    pause: () => send({ type: 'pause' }),
    step: (n) => send({ type: 'step', n }),
    reset: () => send({ type: 'reset' }),
    setSpeed: (stepsPerFrame) => send({ type: 'speed', stepsPerFrame }),
    updateRun: (i, run) => send({ type: 'updateRun', index: i, run }),
    patchRun: (i, patch) => send({ type: 'patchRun', index: i, patch }),
    setSteps: (steps) => send({ type: 'setSteps', steps }),
    addRun: (run) => send({ type: 'addRun', run }),
    removeRun: (i) => send({ type: 'removeRun', index: i }),
    duplicateRun: (i) => send({ type: 'duplicateRun', index: i }),
    surface: (resolution, spec) =>
      send(spec === undefined ? { type: 'surface', resolution } : { type: 'surface', resolution, spec }),
    seek: (t) => send({ type: 'seek', t }),
    exportRecording: () => send({ type: 'export' }),
    setVisible: (visible) => send({ type: 'visibility', visible, view }),
    setDisplayCap: (particles) => send({ type: 'displayCap', particles }),
    sweep: (grid) => send({ type: 'sweep', grid }),
    cancelSweep: () => send({ type: 'cancelSweep' }),
    history: () => send({ type: 'history' }),
    instant: (since) => send({ type: 'history', instant: true, ...(since === undefined ? {} : { since }) }),
    instantAt: (generation, t) => send({ type: 'history', instant: true, at: { generation, t } }),
    framesShown: (count) => send({ type: 'framesShown', count }),
    ...networkCalls(send),
    ...theoryCalls(send),
    onState: (cb) => transport.onState(cb),
    onFrame: (cb) => transport.onFrame(cb),
  };
}
