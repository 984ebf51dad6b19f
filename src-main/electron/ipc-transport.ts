/**
 * The preload's end of the Electron transport: a `LabTransport` over `ipcRenderer`, written against
 * the part of it that it uses so that tests can drive it with a fake. The preload wraps it in
 * `createLabApi` and exposes only that; no channel or ipcRenderer reaches the page.
 */
import { CHANNELS } from '../../shared/contract/channels';
import type { Command, Frame, LabState, LabTransport, Reply } from '../../shared/contract/lab';
import { createLabListeners } from '../../shared/contract/listeners';

export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, value: unknown) => void): unknown;
}

export function createIpcTransport(ipc: IpcRendererLike): LabTransport {
  const listeners = createLabListeners();
  ipc.on(CHANNELS.state, (_event, state) => listeners.emitState(state as LabState));
  ipc.on(CHANNELS.frame, (_event, frame) => listeners.emitFrame(frame as Frame));
  void ipc.invoke(CHANNELS.hello).then((state) => {
    if (state && !listeners.lastState) listeners.emitState(state as LabState);
  });

  return {
    async send(command: Command): Promise<Reply> {
      try {
        return (await ipc.invoke(CHANNELS.command, command)) as Reply;
      } catch (error) {
        return { ok: false, error: error instanceof Error ? error.message : String(error) };
      }
    },
    onState: listeners.onState,
    onFrame: listeners.onFrame,
  };
}
