/**
 * Finds the lab: in Electron the preload exposes `window.lab`; in a browser (`sgd-lab serve`) the
 * view connects a WebSocket to the page's own host, authenticated by the cookie the server set.
 */
import { createLabApi, type LabApi } from '../../../shared/contract/lab';
import { connectWebSocketTransport } from '../../../shared/contract/ws-client';

declare global {
  interface Window {
    lab?: LabApi;
  }
}

export async function connectLab(): Promise<LabApi> {
  if (window.lab) return window.lab;
  const protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return createLabApi(await connectWebSocketTransport(`${protocol}//${location.host}/ws`));
}
