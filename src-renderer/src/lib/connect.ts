/**
 * Finds the lab: in Electron the preload exposes `window.lab`; in a browser (`sgd-lab serve`) the
 * view connects a WebSocket to the page's own host, authenticated by the cookie the server set.
 */
import { createLabApi } from '../../../shared/contract/lab-api';
import type { LabApi } from '../../../shared/contract/lab';
import { connectWebSocketTransport } from '../../../shared/contract/ws-client';

declare global {
  interface Window {
    lab?: LabApi;
  }
}

export interface Connection {
  api: LabApi;
  /** Called if the lab goes away (browser mode: the server stopped); Electron's lab lives as long as the window. */
  onClose: (cb: () => void) => void;
}

export async function connectLab(): Promise<Connection> {
  if (window.lab) return { api: window.lab, onClose: () => {} };
  const protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const transport = await connectWebSocketTransport(`${protocol}//${location.host}/ws`);
  return { api: createLabApi(transport), onClose: (cb) => void transport.onClose(cb) };
}
