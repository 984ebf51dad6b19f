/**
 * A real `sgd-lab serve` process (issue 12): the requests and messages that used to end it — an
 * upgrade to `GET http://[::1`, a schedule nesting warmup.then 1,000 deep, a message nested 100,000
 * deep — each get an answer, and the process keeps serving until it is told to stop (exit 0).
 */
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { rawGet, startServe, type ServeProcess } from './serve-process';

let serve: ServeProcess;
let port = 0;

beforeAll(async () => {
  serve = await startServe();
  port = serve.port;
}, 60_000);
afterAll(() => {
  if (serve.child.exitCode === null) serve.child.kill('SIGKILL');
});

const cookie = () => serve.cookie;

async function health(): Promise<number> {
  return (await rawGet(port, '/api/health', { Cookie: cookie() })).status;
}

describe('sgd-lab serve survives', () => {
  it('an upgrade to a target that is not a URL', async () => {
    const answer = await new Promise<string>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      let text = '';
      socket.on('data', (c) => (text += c.toString()));
      socket.on('close', () => resolve(text));
      socket.on('error', () => resolve(text));
      socket.end(
        `GET http://[::1 HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
      );
    });
    expect(answer).toMatch(/^HTTP\/1\.1 400/);
    expect(await health()).toBe(200);
  });

  it('deeply nested messages, then stops cleanly when told', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`, {
      headers: { Origin: `http://127.0.0.1:${port}`, Cookie: cookie() },
    });
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    const replies: { id: number | null; reply: { ok: boolean; error?: string } }[] = [];
    ws.on('message', (data, binary) => {
      if (binary) return;
      const m = JSON.parse(data.toString());
      if (m.kind === 'reply') replies.push(m);
    });
    let schedule: unknown = 'constant';
    for (let i = 0; i < 1000; i++) schedule = { type: 'warmup', then: schedule };
    ws.send(JSON.stringify({ id: 1, command: { type: 'addRun', run: { optimizer: { type: 'sgd' }, schedule } } }));
    ws.send(`{"id":2,"command":{"type":"load","spec":${'['.repeat(100_000)}${']'.repeat(100_000)}}}`);
    const deadline = Date.now() + 20_000;
    while (replies.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(replies.map((r) => [r.id, r.reply.ok])).toEqual([
      [1, false],
      [2, false],
    ]);
    expect(replies[0]!.reply.error).toMatch(/nested more than 64 levels deep at command\.run\.schedule/);
    ws.close();
    expect(await health()).toBe(200);
    expect(await serve.stop()).toBe(0);
    expect(serve.stderr()).not.toMatch(/Maximum call stack|Invalid URL|\n\s+at /);
  }, 40_000);
});
