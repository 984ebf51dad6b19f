/**
 * The browser-mode server against real HTTP and WebSocket requests on 127.0.0.1 (ephemeral ports):
 * token and cookie, Host and Origin checks, security headers, malformed and oversized messages, and
 * bounded memory for a client that stops reading. The lab behind it runs a plain-JS fake engine.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { LabHost } from '../../src-main/host/lab-host';
import { startLabServer, type LabServer } from '../../src-main/server/lab-server';
import { HIGH_WATER_BYTES } from '../../src-main/server/lab-socket';
import { engineModule, quadraticSpec } from './lab-fixtures';

const spec = (particles: number, steps = 1_000_000) =>
  quadraticSpec(
    [
      { name: 'A', optimizer: { type: 'sgd', lr: 1e-9 }, start: [1, 2], particles },
      { name: 'B', optimizer: { type: 'sgd', lr: 1e-9 }, start: [2, 1], particles },
    ],
    { steps },
  );

let lab: LabHost;
let server: LabServer;
let origin: string;
let cookie: string;

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function get(path: string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, headers }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Opens a raw socket; resolves with it once open, or with the HTTP status that refused it. */
function openSocket(headers: Record<string, string>, path = '/ws'): Promise<WebSocket | number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}${path}`, { headers });
    ws.binaryType = 'arraybuffer';
    ws.on('open', () => resolve(ws));
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('error', () => resolve(-1));
  });
}

function nextReply(ws: WebSocket): Promise<{ id: number | null; reply: { ok: boolean; error?: string } }> {
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData, binary: boolean) => {
      if (binary) return;
      const message = JSON.parse(data.toString());
      if (message.kind !== 'reply') return;
      ws.off('message', onMessage);
      resolve(message);
    };
    ws.on('message', onMessage);
  });
}

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sgd-lab-renderer-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>SGD Lab</title>');
  lab = new LabHost({ engineModule, size: 2, frameIntervalMs: 1 });
  await lab.handle({ type: 'load', spec: spec(1) });
  server = await startLabServer({ lab, rendererDir: dir, port: 0 });
  origin = `http://127.0.0.1:${server.port}`;
  cookie = `sgd_lab_${server.port}=${server.token}`;
});
afterAll(async () => {
  await server?.close();
  await lab?.close();
});

describe('lab server: access', () => {
  it('prints a loopback URL with a 32-byte token', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${server.token}`);
    expect(Buffer.from(server.token, 'base64url')).toHaveLength(32);
  });

  it('refuses requests without the token (401) or with a wrong one (403)', async () => {
    expect((await get('/')).status).toBe(401);
    expect((await get('/api/health')).status).toBe(401);
    expect((await get('/?token=wrong')).status).toBe(403);
    expect((await get('/', { Cookie: `sgd_lab_${server.port}=wrong` })).status).toBe(401);
  });

  it('trades the token for an HttpOnly SameSite=Strict cookie and a clean URL', async () => {
    const first = await get(`/?token=${server.token}`);
    expect(first.status).toBe(302);
    expect(first.headers.location).toBe('/');
    const setCookie = String(first.headers['set-cookie']);
    expect(setCookie).toContain(cookie);
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Strict');
    const page = await get('/', { Cookie: cookie });
    expect(page.status).toBe(200);
    expect(page.body).toContain('SGD Lab');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['content-security-policy']).toContain(`connect-src 'self' ws://127.0.0.1:${server.port}`);
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    const health = await get('/api/health', { Cookie: cookie });
    expect(JSON.parse(health.body)).toMatchObject({ ok: true, runs: 2 });
  });

  it('refuses a foreign Host header (DNS rebinding) and paths outside the page', async () => {
    expect((await get('/', { Cookie: cookie, Host: `evil.com:${server.port}` })).status).toBe(403);
    expect((await get('/%2e%2e/package.json', { Cookie: cookie })).status).toBe(404);
    expect((await get('/nothing.js', { Cookie: cookie })).status).toBe(404);
  });

  it('opens the WebSocket only with the token, the lab Host and the lab Origin', async () => {
    expect(await openSocket({ Origin: origin })).toBe(401);
    expect(await openSocket({ Origin: 'http://evil.com', Cookie: cookie })).toBe(403);
    expect(
      await openSocket({ Origin: `http://evil.com:${server.port}`, Host: `evil.com:${server.port}`, Cookie: cookie }),
    ).toBe(403);
    expect(await openSocket({ Cookie: cookie })).toBe(403);
    const ws = await openSocket({ Origin: origin, Cookie: cookie });
    expect(ws).toBeInstanceOf(WebSocket);
    (ws as WebSocket).close();
  });
});

describe('lab server: messages', () => {
  it('answers malformed, invalid and oversized messages with error replies and stays up', async () => {
    const ws = (await openSocket({ Origin: origin, Cookie: cookie })) as WebSocket;
    const cases: [string | Buffer, number | null, RegExp][] = [
      ['not json', null, /not JSON: unexpected "n", expected a value at line 1, column 1$/],
      [JSON.stringify({ id: 5, command: { type: 'step', n: 0 } }), 5, /invalid command/],
      [JSON.stringify({ id: 6, command: { type: 'launch-missiles' } }), 6, /invalid command/],
      [JSON.stringify({ command: { type: 'play' } }), null, /invalid command/],
      [Buffer.from([1, 2, 3]), null, /JSON text/],
      [JSON.stringify({ id: 7, command: { type: 'load', spec: 'x'.repeat(5 * 1024 * 1024) } }), null, /too large/],
    ];
    for (const [data, id, error] of cases) {
      const reply = nextReply(ws);
      ws.send(data, { binary: Buffer.isBuffer(data) });
      const answer = await reply;
      expect(answer.id).toBe(id);
      expect(answer.reply.ok).toBe(false);
      expect(answer.reply.error).toMatch(error);
    }
    const ok = nextReply(ws);
    ws.send(JSON.stringify({ id: 8, command: { type: 'pause' } }));
    expect((await ok).reply.ok).toBe(true);
    ws.close();
  });

  it('keeps a client that stops reading bounded: frames coalesce, the lab keeps computing', async () => {
    await lab.handle({ type: 'load', spec: spec(50_000) });
    await lab.handle({ type: 'speed', stepsPerFrame: 1 });
    const ws = (await openSocket({ Origin: origin, Cookie: cookie })) as WebSocket;
    await new Promise((r) => setTimeout(r, 100));
    // Stop reading: the server's socket buffer fills up.
    (ws as unknown as { _socket: { pause(): void } })._socket.pause();
    let computed = 0;
    const off = lab.onFrame(() => (computed += 1));
    await lab.handle({ type: 'play' });
    const [socket] = [...server.sockets];
    let maxBuffered = 0;
    let maxPending = 0;
    for (let i = 0; i < 40; i++) {
      await new Promise((r) => setTimeout(r, 50));
      for (const s of server.sockets) {
        maxBuffered = Math.max(maxBuffered, s.bufferedAmount);
        maxPending = Math.max(maxPending, s.mailbox.pending);
      }
    }
    const frameBytes = 80 + 50_000 * 2 * 4;
    expect(socket!.mailbox.dropped).toBeGreaterThan(0);
    expect(maxPending).toBeLessThanOrEqual(2);
    expect(maxBuffered).toBeLessThanOrEqual(HIGH_WATER_BYTES + 2 * frameBytes);
    expect(computed).toBeGreaterThan(20);
    off();
    await lab.handle({ type: 'pause' });
    ws.terminate();
  });
});
