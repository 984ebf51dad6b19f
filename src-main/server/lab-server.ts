/**
 * The browser-mode server: node:http + ws on 127.0.0.1 (unless told otherwise). Serves the built
 * renderer, `GET /api/health` and the lab's WebSocket at `/ws`, all behind the access token, a Host
 * check and (for the socket) an Origin check; every response carries a strict CSP.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { totalmem } from 'node:os';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { LIMITS } from '../../shared/contract/lab';
import { machineBudget } from '../../shared/experiment/budget';
import { Guard, newToken, sameToken } from './guard';
import { setSecurityHeaders } from '../web/headers';
import { stderrLog, type ErrorLog } from './log';
import { sendExport } from './export-download';
import { ExportHub, type ExportSource } from './export-hub';
import type { LabBackend } from '../host/lab-backend';
import { EXPORT_PATH, LabSocket } from './lab-socket';
import { serveStatic } from '../web/static-files';

export interface LabServerOptions {
  /** The lab (a LabHost gives its packed export through `exportRecording`). */
  lab: LabBackend & Partial<Pick<ExportSource, 'exportRecording'>>;
  /** The built renderer (out/renderer). */
  rendererDir: string;
  /** Address to bind (default 127.0.0.1). */
  host?: string;
  /** Port (default 5178; 0 = any free one). */
  port?: number;
  token?: string;
  /** Where unexpected errors go (default: one line on stderr each). */
  log?: ErrorLog;
  /** The largest reply sent through the socket (default `MAX_REPLY_BYTES`). */
  maxReplyBytes?: number;
  /** Bytes the exports being sent may hold before more are refused (default: the machine's memory budget). */
  exportMemoryBytes?: number;
  /** Exports waited for or delivered at once, across every client (default `MAX_EXPORT_REQUESTS`). */
  maxExports?: number;
}

export interface LabServer {
  /** The address to open, with the token: `http://127.0.0.1:PORT/?token=…`. */
  url: string;
  port: number;
  token: string;
  /** Open lab sockets (for tests and diagnostics). */
  sockets: ReadonlySet<LabSocket>;
  /** The exports shared by every client (for tests and diagnostics). */
  exports: ExportHub;
  close(): Promise<void>;
}

export async function startLabServer(options: LabServerOptions): Promise<LabServer> {
  const bind = options.host ?? '127.0.0.1';
  const token = options.token ?? newToken();
  const sockets = new Set<LabSocket>();
  const log = options.log ?? stderrLog;
  let guard: Guard | null = null;
  const wss = new WebSocketServer({ noServer: true, maxPayload: 2 * LIMITS.messageBytes });
  // One export at a time for the lab, shared by every page and download that asks.
  const exports = new ExportHub(options.lab, {
    memoryBytes: options.exportMemoryBytes ?? machineBudget(totalmem()).memoryBytes,
    ...(options.maxExports !== undefined ? { maxRequests: options.maxExports } : {}),
  });

  const server = createServer((req, res) => {
    if (!guard) return void res.writeHead(503).end();
    answer(guard, req, res, options, exports, log).catch((error: unknown) => {
      log(`${req.method ?? '?'} ${JSON.stringify(req.url ?? '')}`, error);
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // A reset connection must not become an unhandled 'error' event.
    socket.on('error', () => socket.destroy());
    try {
      const refusal = guard ? upgradeRefusal(guard, req) : '503 Service Unavailable';
      if (refusal) {
        socket.end(`HTTP/1.1 ${refusal}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
        return;
      }
      wss.handleUpgrade(req, socket, head, (ws) => {
        const lab = new LabSocket(ws, options.lab, {
          log,
          exports,
          ...(options.maxReplyBytes !== undefined ? { maxReplyBytes: options.maxReplyBytes } : {}),
        });
        sockets.add(lab);
        ws.on('close', () => sockets.delete(lab));
      });
    } catch (error) {
      log(`upgrade ${JSON.stringify(req.url ?? '')}`, error);
      socket.destroy();
    }
  });
  // Malformed HTTP (bad request lines, oversized headers): a 400 and a closed connection, never a throw.
  server.on('clientError', (_error, socket: Duplex) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    else socket.destroy();
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 5178, bind, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  guard = new Guard(token, bind, port);
  const shown = bind === '0.0.0.0' || bind === '::' ? '127.0.0.1' : bind.includes(':') ? `[${bind}]` : bind;
  return {
    url: `http://${shown}:${port}/?token=${token}`,
    port,
    token,
    sockets,
    exports,
    close: async () => {
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function upgradeRefusal(guard: Guard, req: IncomingMessage): string | null {
  if (!guard.hostAllowed(req)) return '403 Forbidden';
  const url = requestUrl(req);
  if (!url) return '400 Bad Request';
  if (url.pathname !== '/ws') return '404 Not Found';
  if (!guard.originAllowed(req)) return '403 Forbidden';
  if (!guard.authorized(req, url)) return '401 Unauthorized';
  return null;
}

/**
 * The request target as a URL, or null when it is not one (`GET http://[::1`): only origin-form
 * targets (`/path?query`) are taken, parsed against a fixed base so no header can steer them.
 */
export function requestUrl(req: Pick<IncomingMessage, 'url'>): URL | null {
  const target = req.url ?? '/';
  if (!target.startsWith('/') || target.startsWith('//')) return null;
  try {
    return new URL(target, 'http://lab');
  } catch {
    return null;
  }
}

/**
 * Where a redirect to `url` may point: always a path of this lab. A path that starts with more than one
 * slash (`/.//evil.example` normalizes to `//evil.example`) or a backslash would be read by a browser
 * as another host, so every leading slash or backslash becomes a single `/`.
 */
export function sameOriginPath(url: URL): string {
  return `/${url.pathname.replace(/^[/\\]+/, '')}${url.search}`;
}

async function answer(
  guard: Guard,
  req: IncomingMessage,
  res: ServerResponse,
  options: LabServerOptions,
  exports: ExportHub,
  log: ErrorLog,
): Promise<void> {
  const hostHeader = req.headers.host ?? '';
  setSecurityHeaders(res, hostHeader);
  if (!guard.hostAllowed(req))
    return void res.writeHead(403, { 'Content-Type': 'text/plain' }).end('Host not allowed\n');
  const url = requestUrl(req);
  if (!url) return void res.writeHead(400, { 'Content-Type': 'text/plain' }).end('Bad request target\n');
  const queryToken = url.searchParams.get('token');
  if (queryToken !== null) {
    if (!sameToken(queryToken, guard.token))
      return void res.writeHead(403, { 'Content-Type': 'text/plain' }).end('Wrong access token\n');
    // Once: the token becomes a cookie and the address bar loses it.
    url.searchParams.delete('token');
    return void res
      .writeHead(302, {
        'Set-Cookie': guard.setCookie(),
        Location: sameOriginPath(url),
        'Cache-Control': 'no-store',
      })
      .end();
  }
  if (!guard.authorized(req, url))
    return void res
      .writeHead(401, { 'Content-Type': 'text/plain' })
      .end('This lab needs its access token: open the address sgd-lab serve printed.\n');
  if (req.method !== 'GET' && req.method !== 'HEAD') return void res.writeHead(405, { Allow: 'GET, HEAD' }).end();
  if (url.pathname === '/api/health') {
    const state = options.lab.state();
    const body = JSON.stringify({ ok: true, backend: state.backend, runs: state.runs.length, playing: state.playing });
    return void res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' }).end(body);
  }
  if (url.pathname === EXPORT_PATH) return sendExport(exports, req, res, log);
  if (!(await serveStatic(options.rendererDir, url.pathname, res, req.method === 'HEAD')))
    res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found\n');
}
