/**
 * The view side's listener sets, shared by both transports (WebSocket and Electron IPC): frames go to
 * every frame listener; the latest state and each run's latest frame are kept and replayed to a late
 * listener, so a view that subscribes after the connection opened still starts from the present.
 */
import type { Frame, LabState, LabTransport } from './lab';

export interface LabListeners extends Pick<LabTransport, 'onState' | 'onFrame'> {
  /** The latest state received (null before the first). */
  readonly lastState: LabState | null;
  /** Keeps `state` as the latest and hands it to every state listener. */
  emitState(state: LabState): void;
  emitFrame(frame: Frame): void;
}

export function createLabListeners(): LabListeners {
  const stateListeners = new Set<(state: LabState) => void>();
  const frameListeners = new Set<(frame: Frame) => void>();
  let lastState: LabState | null = null;
  const lastFrames = new Map<number, Frame>();
  return {
    get lastState() {
      return lastState;
    },
    emitState(state) {
      lastState = state;
      for (const cb of stateListeners) cb(state);
    },
    emitFrame(frame) {
      lastFrames.set(frame.run, frame);
      for (const cb of frameListeners) cb(frame);
    },
    onState(cb) {
      stateListeners.add(cb);
      // A late subscriber still learns the current state.
      if (lastState) cb(lastState);
      return () => stateListeners.delete(cb);
    },
    onFrame(cb) {
      frameListeners.add(cb);
      for (const frame of lastFrames.values()) cb(frame);
      return () => frameListeners.delete(cb);
    },
  };
}
