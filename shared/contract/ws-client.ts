/**
 * The browser transport: a `LabTransport` over the lab server's WebSocket (`/ws`, see wire.ts).
 * Uses only the web-standard `WebSocket` (the access cookie rides along with a same-origin upgrade).
 *
 *   const lab = createLabApi(await connectWebSocketTransport(`ws://${location.host}/ws`));
 */
import type { Command, LabTransport, Reply } from './lab';
import { createLabListeners } from './listeners';
import { decodeServerMessage, type ClientMessage, type ServerMessage } from './wire';

/** The part of a WebSocket this client uses (the DOM's, or `ws`'s in Node tests). */
export interface SocketLike {
  binaryType: string;
  readonly readyState: number;
  send(data: string): void;
  close(): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  addEventListener(type: 'open' | 'close' | 'error', listener: (event: unknown) => void): void;
}

declare const WebSocket: { new (url: string): SocketLike } | undefined;

/** A transport that also says when the connection is gone. */
export interface WebSocketTransport extends LabTransport {
  /** Called once when the socket closes (server stopped, network gone). */
  onClose(cb: () => void): () => void;
  close(): void;
}

const OPEN = 1;

/**
 * Opens the socket and resolves once it is open. `createSocket` replaces the global WebSocket
 * (tests in Node 20 pass the `ws` package's, with the cookie and origin headers a browser would send).
 */
export function connectWebSocketTransport(
  url: string,
  createSocket: (url: string) => SocketLike = (u) => {
    if (typeof WebSocket === 'undefined') throw new Error('WebSocket is not available here');
    return new WebSocket(u);
  },
): Promise<WebSocketTransport> {
  return new Promise((resolve, reject) => {
    const socket = createSocket(url);
    socket.binaryType = 'arraybuffer';
    let opened = false;
    socket.addEventListener('open', () => {
      opened = true;
      resolve(wrap(socket));
    });
    socket.addEventListener('close', () => {
      if (!opened) reject(new Error(`could not connect to ${url}`));
    });
  });
}

function wrap(socket: SocketLike): WebSocketTransport {
  let nextId = 1;
  const pending = new Map<number, (reply: Reply) => void>();
  const listeners = createLabListeners();
  const closeListeners = new Set<() => void>();
  let closed = false;

  socket.addEventListener('message', (event) => {
    let message: ServerMessage;
    try {
      message = decodeServerMessage(event.data as string | ArrayBuffer);
    } catch {
      return; // a broken message from the server is dropped, never thrown into the page
    }
    if (message.kind === 'frame') listeners.emitFrame(message.frame);
    else if (message.kind === 'state') listeners.emitState(message.state);
    else if (message.id !== null) {
      const resolve = pending.get(message.id);
      pending.delete(message.id);
      resolve?.(message.reply);
    }
  });
  socket.addEventListener('close', () => {
    closed = true;
    for (const resolve of pending.values()) resolve({ ok: false, error: 'the connection to the lab closed' });
    pending.clear();
    for (const cb of closeListeners) cb();
  });

  return {
    send(command: Command): Promise<Reply> {
      if (closed || socket.readyState !== OPEN)
        return Promise.resolve({ ok: false, error: 'the connection to the lab is closed' });
      const id = nextId++;
      const message: ClientMessage = { id, command };
      return new Promise((resolve) => {
        pending.set(id, resolve);
        socket.send(JSON.stringify(message));
      });
    },
    onState: listeners.onState,
    onFrame: listeners.onFrame,
    onClose(cb) {
      closeListeners.add(cb);
      return () => closeListeners.delete(cb);
    },
    close: () => socket.close(),
  };
}
