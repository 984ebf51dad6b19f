/** The host's two event streams, `LabState` and `Frame`, each with its own set of listeners. */
import type { Frame, LabState } from '../../shared/contract/lab';

export class HostEvents {
  private readonly stateListeners = new Set<(state: LabState) => void>();
  private readonly frameListeners = new Set<(frame: Frame) => void>();

  onState(cb: (state: LabState) => void): () => void {
    this.stateListeners.add(cb);
    return () => this.stateListeners.delete(cb);
  }

  /** Frames go to every listener; the positions array is shared (a listener that transfers it must be the only one). */
  onFrame(cb: (frame: Frame) => void): () => void {
    this.frameListeners.add(cb);
    return () => this.frameListeners.delete(cb);
  }

  emitState(state: LabState): void {
    for (const cb of this.stateListeners) cb(state);
  }

  emitFrame(frame: Frame): void {
    for (const cb of this.frameListeners) cb(frame);
  }
}
