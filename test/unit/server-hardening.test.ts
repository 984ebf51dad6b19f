/**
 * The server never dies (issue 12): malformed request targets, deeply nested and unserializable
 * messages, a backend that throws and an export larger than a message each get an error reply (and
 * a log line), and the server keeps answering. The lab behind it is a small in-test backend.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Frame, LabState, Reply } from '../../shared/contract/lab';
import { startLabServer, type LabServer } from '../../src-main/server/lab-server';
import type { LabBackend } from '../../src-main/host/lab-backend';
import { EXPORT_PATH } from '../../src-main/server/lab-socket';

/** A recording-like value of about `n` × 40 bytes of JSON. */
const bigRecording = (n: number) => ({
  format: 'sgd-lab/recording',
  runs: [{ name: 'A "quoted" run', t: Array.from({ length: n }, (_, i) => i), lr: Array(n).fill(0.01 / 3) }],
});

/** A lab whose commands do what each test asks: handle() is swapped per test. */
class TestLab implements LabBackend {
  handled: unknown[] = [];
  answer: (command: { type: string }) => Promise<Reply> = async () => ({ ok: true });
  handle(raw: unknown): Promise<Reply> {
    this.handled.push(raw);
    return this.answer(raw as { type: string });
  }
  state(): LabState {
    return { experiment: null, playing: false, stepsPerFrame: 1, backend: 'test', runs: [] };
  }
  onState(_cb: (state: LabState) => void) {
    return () => undefined;
  }
  onFrame(_cb: (frame: Frame) => void) {
    return () => undefined;
  }
}

const lab = new TestLab();
const logged: string[] = [];
let server: LabServer;
let cookie: string;
let origin: string;

function get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, headers }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(parts).toString() }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Sends raw bytes and resolves with whatever comes back before the connection closes (or 2 s pass). */
export function raw(text: string, port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    const done = () => {
      socket.destroy();
      resolve(answer);
    };
    socket.on('data', (c) => (answer += c.toString('latin1')));
    socket.on('end', done);
    socket.on('error', done);
    socket.setTimeout(2000, done);
    socket.write(text);
  });
}

async function alive(): Promise<void> {
  const health = await get('/api/health', { Cookie: cookie });
  expect(health.status).toBe(200);
}

function openSocket(): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws`, { headers: { Origin: origin, Cookie: cookie } });
    ws.on('open', () => resolve(ws));
    ws.on('error', reject);
  });
}

function ask(ws: WebSocket, message: string): Promise<{ id: number | null; reply: Reply & { recording?: unknown } }> {
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData, binary: boolean) => {
      if (binary) return;
      const m = JSON.parse(data.toString());
      if (m.kind !== 'reply') return;
      ws.off('message', onMessage);
      resolve(m);
    };
    ws.on('message', onMessage);
    ws.send(message);
  });
}

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sgd-lab-renderer-'));
  writeFileSync(
    join(dir, 'index.html'),
    `<!doctype html><meta\n  http-equiv="Content-Security-Policy"\n  content="default-src 'self'; connect-src 'self' ws: wss:"\n/><title>SGD Lab</title>`,
  );
  server = await startLabServer({
    lab,
    rendererDir: dir,
    port: 0,
    maxReplyBytes: 64 * 1024,
    log: (what, error) => logged.push(`${what}: ${String(error)}`),
  });
  cookie = `sgd_lab_${server.port}=${server.token}`;
  origin = `http://127.0.0.1:${server.port}`;
});
afterAll(() => server?.close());

describe('server: request targets that are not URLs', () => {
  it('answers an upgrade to `GET http://[::1` with an error and stays up', async () => {
    const answer = await raw(
      [
        'GET http://[::1 HTTP/1.1',
        `Host: 127.0.0.1:${server.port}`,
        'Upgrade: websocket',
        'Connection: Upgrade',
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
        'Sec-WebSocket-Version: 13',
        '',
        '',
      ].join('\r\n'),
      server.port,
    );
    expect(answer).toMatch(/^HTTP\/1\.1 400/);
    await alive();
  });

  it('answers plain requests with absolute or broken targets with 400, not 500', async () => {
    for (const target of ['http://[::1', 'http://127.0.0.1/', '//evil/x', '*']) {
      const answer = await raw(
        `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nCookie: ${cookie}\r\n\r\n`,
        server.port,
      );
      expect(answer).toMatch(/^HTTP\/1\.1 400/);
    }
    expect(await raw('GARBAGE\r\n\r\n', server.port)).toMatch(/^HTTP\/1\.1 400/);
    await alive();
  });
});

describe('server: messages that used to end the process', () => {
  it('refuses a schedule nesting warmup.then 1,000 deep by its path', async () => {
    let schedule: unknown = { type: 'constant' };
    for (let i = 0; i < 1000; i++) schedule = { type: 'warmup', steps: 2, then: schedule };
    const ws = await openSocket();
    const message = JSON.stringify({
      id: 3,
      command: { type: 'addRun', run: { optimizer: { type: 'sgd' }, schedule } },
    });
    const { id, reply } = await ask(ws, message);
    expect(id).toBe(3);
    expect(reply.ok).toBe(false);
    expect(reply.ok ? '' : reply.error).toMatch(/nested more than 64 levels deep at command\.run\.schedule\.then/);
    // Shallow enough for the depth guard, still a nested warmup: the schema names it.
    const two = { type: 'warmup', then: { type: 'warmup', then: 'constant' } };
    const again = await ask(
      ws,
      JSON.stringify({ id: 4, command: { type: 'addRun', run: { optimizer: { type: 'sgd' }, schedule: two } } }),
    );
    expect(again.reply.ok ? '' : again.reply.error).toMatch(
      /run\.schedule\.then: a warmup's then cannot itself be a warmup/,
    );
    ws.close();
    await alive();
  });

  it('refuses any message nested deeper than 64 levels, before the schema reads it', async () => {
    const ws = await openSocket();
    const deep = `{"id":9,"command":{"type":"load","spec":${'['.repeat(100_000)}${']'.repeat(100_000)}}}`;
    const { id, reply } = await ask(ws, deep);
    expect(id).toBe(9);
    expect(reply.ok ? '' : reply.error).toMatch(/nested more than 64 levels deep at command\.spec\[0\]/);
    expect(lab.handled).toHaveLength(0);
    ws.close();
  });

  it('turns a backend that throws, or a reply that cannot be sent, into an error reply and a log line', async () => {
    const ws = await openSocket();
    lab.answer = () => {
      throw new Error('sync boom');
    };
    let answer = await ask(ws, JSON.stringify({ id: 1, command: { type: 'play' } }));
    expect(answer).toEqual({
      kind: 'reply',
      id: 1,
      reply: { ok: false, error: 'the lab could not do this: sync boom' },
    });
    lab.answer = () => Promise.reject(new RangeError('Invalid string length'));
    answer = await ask(ws, JSON.stringify({ id: 2, command: { type: 'reset' } }));
    expect(answer.reply).toEqual({ ok: false, error: 'the lab could not do this: Invalid string length' });
    lab.answer = async () => ({ ok: true, recording: { n: 10n } });
    answer = await ask(ws, JSON.stringify({ id: 3, command: { type: 'export' } }));
    expect(answer.reply.ok).toBe(false);
    expect(logged.some((l) => l.includes('sync boom'))).toBe(true);
    expect(logged.some((l) => l.includes('Invalid string length'))).toBe(true);
    expect(logged.some((l) => l.includes('BigInt'))).toBe(true);
    lab.answer = async () => ({ ok: true });
    expect((await ask(ws, JSON.stringify({ id: 4, command: { type: 'pause' } }))).reply).toEqual({ ok: true });
    ws.close();
    await alive();
  });
});

// Data paths are confined by the lab host for every command: serve-data-confinement.test.ts (a real serve).

describe('server: exports', () => {
  it('sends an export that fits as one reply, built in chunks', async () => {
    const recording = bigRecording(100);
    lab.answer = async () => ({ ok: true, recording });
    const ws = await openSocket();
    const { id, reply } = await ask(ws, JSON.stringify({ id: 5, command: { type: 'export' } }));
    expect(id).toBe(5);
    expect(reply).toEqual({ ok: true, recording });
    ws.close();
  });

  it('points an export larger than a message to its streamed download, byte for byte JSON.stringify', async () => {
    const recording = bigRecording(20_000);
    lab.answer = async () => ({ ok: true, recording });
    const ws = await openSocket();
    const { reply } = await ask(ws, JSON.stringify({ id: 6, command: { type: 'export' } }));
    expect(reply.ok ? '' : reply.error).toContain(`download it from ${EXPORT_PATH}`);
    expect(reply.ok ? '' : reply.download).toBe(EXPORT_PATH);
    ws.close();
    const download = await get(EXPORT_PATH, { Cookie: cookie });
    expect(download.status).toBe(200);
    expect(download.body.length).toBeGreaterThan(64 * 1024);
    expect(download.body).toBe(JSON.stringify(recording));
    expect((await get(EXPORT_PATH)).status).toBe(401);
    lab.answer = async () => ({ ok: false, error: 'cannot export: a run failed' });
    expect(await get(EXPORT_PATH, { Cookie: cookie })).toEqual({ status: 409, body: 'cannot export: a run failed\n' });
  });
});

describe('server: one Content-Security-Policy', () => {
  it("serves the page with its meta policy equal to the header's", async () => {
    const page = await new Promise<{ csp: string; body: string }>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: server.port, path: '/', headers: { Cookie: cookie } }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ csp: String(res.headers['content-security-policy']), body }));
      });
      req.on('error', reject);
      req.end();
    });
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]*)"/.exec(page.body)?.[1];
    expect(page.csp).toContain(`connect-src 'self' ws://127.0.0.1:${server.port}`);
    expect(meta).toBe(page.csp);
  });
});

describe('server: opening the browser', () => {
  it('puts the token in a private forwarding page, not on a command line', async () => {
    const { forwardingPage } = await import('../../src-main/server/open-browser');
    const { readFileSync, statSync, existsSync } = await import('node:fs');
    const url = 'http://127.0.0.1:5178/?token=abc&x="<y>';
    const page = forwardingPage(url);
    expect(page.file).not.toContain('abc');
    expect(statSync(page.file).mode & 0o777).toBe(0o600);
    expect(statSync(join(page.file, '..')).mode & 0o777).toBe(0o700);
    expect(readFileSync(page.file, 'utf8')).toContain(
      'content="0;url=http://127.0.0.1:5178/?token=abc&amp;x=&quot;&lt;y>"',
    );
    page.remove();
    expect(existsSync(page.file)).toBe(false);
  });
});
