/**
 * The preload's end of the Electron transport: a `LabTransport` over `ipcRenderer`, written against
 * the part of it that it uses so that tests can drive it with a fake. The preload wraps it in
 * `createLabApi` and exposes only that; no channel or ipcRenderer reaches the page.
 */
import { CHANNELS } from '../../shared/contract/channels';
import type { Command, Frame, LabState, LabTransport, Reply } from '../../shared/contract/lab';

export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, value: unknown) => void): unknown;
}

export function createIpcTransport(ipc: IpcRendererLike): LabTransport {
  const stateListeners = new Set<(state: LabState) => void>();
  const frameListeners = new Set<(frame: Frame) => void>();
  let lastState: LabState | null = null;
  const setState = (state: LabState) => {
    lastState = state;
    for (const cb of stateListeners) cb(state);
  };
  ipc.on(CHANNELS.state, (_event, state) => setState(state as LabState));
  ipc.on(CHANNELS.frame, (_event, frame) => {
    for (const cb of frameListeners) cb(frame as Frame);
  });
  void ipc.invoke(CHANNELS.hello).then((state) => {
    if (state && !lastState) setState(state as LabState);
  });

  return {
    async send(command: Command): Promise<Reply> {
      try {
        return (await ipc.invoke(CHANNELS.command, command)) as Reply;
      } catch (error) {
        return { ok: false, error: error instanceof Error ? error.message : String(error) };
      }
    },
    onState(cb) {
      stateListeners.add(cb);
      if (lastState) cb(lastState);
      return () => stateListeners.delete(cb);
    },
    onFrame(cb) {
      frameListeners.add(cb);
      return () => frameListeners.delete(cb);
    },
  };
}
