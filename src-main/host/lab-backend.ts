/**
 * What a transport needs of the lab (the LabHost, or a replay): commands in, replies, state and frames
 * out. The browser's WebSocket (server/lab-socket.ts) and Electron's IPC bridge both speak to this.
 */
import type { Frame, LabState, Reply } from '../../shared/contract/lab';

export interface LabBackend {
  handle(raw: unknown): Promise<Reply>;
  state(): LabState;
  onState(cb: (state: LabState) => void): () => void;
  onFrame(cb: (frame: Frame) => void): () => void;
}
