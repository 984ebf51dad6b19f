/**
 * Fuzzing (issue 12), bounded in inputs and time: raw HTTP request lines and upgrade headers against
 * a real lab server on 127.0.0.1, WebSocket payloads (random commands, wrong types, deep nesting,
 * oversized, binary) against the same server with a real LabHost (plain-JS fake engine), and random
 * experiment files through validation. The property everywhere: an answer, never a crash — the
 * server still serves afterwards, every command gets exactly one reply with its id, validation
 * returns a result instead of throwing.
 */
import fc from 'fast-check';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { parseJson } from '../../shared/experiment/json';
import { validateExperiment } from '../../shared/experiment/validate';
import { LabHost } from '../../src-main/host/lab-host';
import { startLabServer, type LabServer } from '../../src-main/server/lab-server';
import { engineModule, quadraticSpec } from './lab-fixtures';

/** Deterministic runs: a failure names its seed and shrinks to a small case. */
const SEED = 20261128;

let lab: LabHost;
let server: LabServer;
let cookie: string;
let origin: string;
const logged: string[] = [];

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sgd-lab-fuzz-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>SGD Lab</title>');
  lab = new LabHost({ engineModule, size: 2, frameIntervalMs: 5 });
  await lab.handle({
    type: 'load',
    spec: quadraticSpec([{ name: 'A', optimizer: { type: 'sgd', lr: 1e-6 }, start: [1, 2] }], { steps: 100 }),
  });
  server = await startLabServer({ lab, rendererDir: dir, port: 0, log: (what) => logged.push(what) });
  cookie = `sgd_lab_${server.port}=${server.token}`;
  origin = `http://127.0.0.1:${server.port}`;
});
afterAll(async () => {
  await server?.close();
  await lab?.close();
});

function health(): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: server.port, path: '/api/health', headers: { Cookie: cookie } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** Sends raw bytes; resolves with the first bytes of the answer once the server answers or closes. */
function raw(bytes: Buffer): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(server.port, '127.0.0.1');
    let answer = '';
    const done = () => {
      socket.destroy();
      resolve(answer);
    };
    socket.on('data', (c) => {
      answer += c.toString('latin1');
      if (answer.includes('\r\n\r\n')) done();
    });
    socket.on('end', done);
    socket.on('close', done);
    socket.on('error', done);
    socket.setTimeout(1500, done);
    socket.end(bytes);
  });
}

const token = () => fc.string({ unit: 'binary-ascii', maxLength: 40 });
const target = () =>
  fc.oneof(
    fc.constantFrom(
      '/',
      '/ws',
      '/api/health',
      '/api/export',
      'http://[::1',
      'http://[',
      '//x',
      '*',
      '/%',
      '/%00',
      '/..%2f..%2fetc/passwd',
    ),
    fc.string({ maxLength: 60 }).map((s) => `/${s}`),
    fc.string({ unit: 'binary-ascii', maxLength: 60 }),
  );
const header = () =>
  fc.oneof(
    fc.constant(['Upgrade', 'websocket']),
    fc.constant(['Connection', 'Upgrade']),
    fc.constant(['Sec-WebSocket-Version', '13']),
    fc.tuple(fc.constant('Sec-WebSocket-Key'), fc.oneof(fc.constant('dGhlIHNhbXBsZSBub25jZQ=='), token())),
    fc.tuple(fc.constant('Origin'), fc.oneof(fc.constant('ORIGIN'), token())),
    fc.tuple(fc.constant('Cookie'), fc.oneof(fc.constant('COOKIE'), token())),
    fc.tuple(fc.constant('Host'), fc.oneof(fc.constant('HOST'), token())),
    fc.tuple(token(), token()),
  );

describe('fuzz: raw HTTP', () => {
  it('answers random request lines and upgrade headers and keeps serving', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          { weight: 4, arbitrary: fc.constant('GET') },
          { weight: 1, arbitrary: fc.constantFrom('HEAD', 'POST', 'PUT', 'OPTIONS', 'CONNECT', 'G ET', '') },
        ),
        target(),
        fc.oneof(
          { weight: 4, arbitrary: fc.constant('HTTP/1.1') },
          { weight: 1, arbitrary: fc.constantFrom('HTTP/1.0', 'HTTP/2', 'HTTP/1.1 x', '') },
        ),
        fc.array(header(), { maxLength: 8 }),
        fc.boolean(),
        fc.boolean(),
        async (method, path, version, headers, withHost, upgrade) => {
          const lines = [`${method} ${path} ${version}`];
          if (withHost) lines.push(`Host: 127.0.0.1:${server.port}`);
          if (upgrade)
            lines.push(
              'Upgrade: websocket',
              'Connection: Upgrade',
              'Sec-WebSocket-Version: 13',
              'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
            );
          for (const [name, value] of headers)
            lines.push(
              `${name}: ${value.replace('ORIGIN', origin).replace('COOKIE', cookie).replace('HOST', `127.0.0.1:${server.port}`)}`,
            );
          const answer = await raw(Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'));
          // Either an HTTP answer or a closed connection; never a 500 (an unexpected error).
          expect(answer.startsWith('HTTP/1.1 500')).toBe(false);
        },
      ),
      { numRuns: 400, seed: SEED },
    );
    expect(await health()).toBe(200);
  });
});

/** One authorized socket that answers `ask` with the reply of that id. */
async function labSocket(): Promise<{
  ws: WebSocket;
  ask(message: string | Buffer, binary?: boolean): Promise<unknown>;
}> {
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws`, { headers: { Origin: origin, Cookie: cookie } });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  const waiting: ((reply: unknown) => void)[] = [];
  ws.on('message', (data, binary) => {
    if (binary) return;
    const message = JSON.parse(data.toString());
    if (message.kind === 'reply') waiting.shift()?.(message);
  });
  return {
    ws,
    ask: (message, binary = false) =>
      new Promise((resolve) => {
        waiting.push(resolve);
        ws.send(message, { binary });
      }),
  };
}

const TYPES = ['load', 'play', 'pause', 'step', 'reset', 'speed', 'updateRun', 'addRun', 'removeRun', 'duplicateRun'];
const anyValue = () => fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.constant(undefined));
const runArb = () =>
  fc.record(
    {
      name: fc.oneof(fc.string({ maxLength: 8 }), anyValue()),
      optimizer: fc.oneof(
        fc.record({ type: fc.constantFrom('sgd', 'adam', 'adamm', 'lion'), lr: fc.oneof(fc.double(), anyValue()) }),
        anyValue(),
      ),
      schedule: fc.oneof(
        fc.constantFrom('constant', 'warmup', { type: 'warmup', then: { type: 'warmup' } }),
        anyValue(),
        nested(),
      ),
      particles: fc.oneof(fc.integer({ min: -5, max: 50 }), anyValue()),
      start: fc.oneof(fc.array(fc.double(), { maxLength: 3 }), anyValue()),
    },
    { requiredKeys: [] },
  );
/** A value nested `depth` deep in arrays and objects. */
const nested = () =>
  fc.tuple(fc.integer({ min: 1, max: 3000 }), fc.boolean()).map(([depth, arrays]) => {
    let v: unknown = 0;
    for (let i = 0; i < depth; i++) v = arrays ? [v] : { then: v, type: 'warmup' };
    return v;
  });
const command = () =>
  fc.record(
    {
      type: fc.oneof(fc.constantFrom(...TYPES), anyValue()),
      n: fc.oneof(fc.integer({ min: -2, max: 200 }), anyValue()),
      index: fc.oneof(fc.integer({ min: -1, max: 3 }), anyValue()),
      stepsPerFrame: fc.oneof(fc.integer({ min: 0, max: 5 }), anyValue()),
      run: fc.oneof(runArb(), nested()),
      spec: fc.oneof(
        anyValue(),
        nested(),
        fc.constant({ steps: 10, loss: { expr: 'x', data: { csv: '/etc/passwd' } } }),
      ),
    },
    { requiredKeys: [] },
  );

/** The id a reply to `text` must carry: the message's own when it is JSON with a whole-number id, else null. */
function idOf(text: string): number | null {
  try {
    const id = (JSON.parse(text) as { id?: unknown } | null)?.id;
    return typeof id === 'number' && Number.isSafeInteger(id) && id >= 0 ? id : null;
  } catch {
    return null;
  }
}

describe('fuzz: WebSocket payloads', () => {
  it('gives every random, mistyped, deep or oversized message one reply with its id, and keeps serving', async () => {
    const { ws, ask } = await labSocket();
    let replies = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          { weight: 6, arbitrary: fc.record({ id: fc.nat(), command: command() }) },
          {
            weight: 2,
            arbitrary: fc.record({ id: fc.oneof(fc.nat(), anyValue()), command: anyValue() }, { requiredKeys: [] }),
          },
          { weight: 1, arbitrary: nested() },
          { weight: 1, arbitrary: fc.string({ maxLength: 30 }).map((s) => ({ raw: s })) },
        ),
        async (message) => {
          const text =
            typeof message === 'object' && message !== null && 'raw' in message
              ? String((message as { raw: string }).raw)
              : JSON.stringify(message);
          const answer = (await ask(text)) as { id: number | null; reply: { ok: boolean } };
          replies++;
          expect(answer.id).toBe(idOf(text));
          expect(typeof answer.reply.ok).toBe('boolean');
        },
      ),
      { numRuns: 1500, seed: SEED },
    );
    // Oversized, binary and huge-but-flat messages.
    for (const [payload, binary] of [
      [Buffer.alloc(5 * 2 ** 20, 0x5b), false],
      [Buffer.from([0, 1, 2, 255]), true],
      [JSON.stringify({ id: 1, command: { type: 'load', spec: Array(300_000).fill(1) } }), false],
      [`{"id":2,"command":${'['.repeat(2_000_000)}`, false],
    ] as const) {
      const answer = (await ask(payload, binary)) as { reply: { ok: boolean } };
      expect(answer.reply.ok).toBe(false);
      replies++;
    }
    expect(replies).toBe(1504);
    await ask(JSON.stringify({ id: 3, command: { type: 'pause' } }));
    ws.close();
    // Text that is not UTF-8 closes that socket (the WebSocket protocol's rule), not the server.
    const bad = await labSocket();
    const closed = new Promise<number>((resolve) => bad.ws.on('close', (code) => resolve(code)));
    bad.ws.send(Buffer.from([0xc3, 0x28]), { binary: false });
    expect(await closed).toBe(1007);
    expect(await health()).toBe(200);
    expect(logged).toEqual([]);
  });
});

/** A valid experiment to mutate. */
const BASE = {
  seed: 1,
  steps: 100,
  loss: {
    expr: '(1-x)^2 + 100*(y-x^2)^2',
    domain: [
      [-2, 2],
      [-1, 3],
    ],
  },
  runs: [
    {
      name: 'A',
      optimizer: { type: 'adam', lr: 0.01 },
      schedule: { type: 'warmup', steps: 10, then: 'inverse-time' },
      gradient: {
        kind: 'gaussian',
        batch: 2,
        cov: [
          [1, 0],
          [0, 1],
        ],
      },
      start: [-1.5, 2],
      particles: 10,
    },
  ],
  record: { every: 10, particles: 5 },
};

/** Replaces the value at a random path of `value` with `replacement`. */
function mutate(value: unknown, choices: number[], replacement: unknown): unknown {
  if (choices.length === 0 || typeof value !== 'object' || value === null) return replacement;
  const keys = Object.keys(value);
  if (keys.length === 0) return replacement;
  const key = keys[choices[0]! % keys.length]!;
  const copy = (Array.isArray(value) ? [...value] : { ...value }) as Record<string, unknown>;
  copy[key] = mutate((value as Record<string, unknown>)[key], choices.slice(1), replacement);
  return copy;
}

describe('fuzz: experiment files', () => {
  it('validates random mutations of a valid file to a result (issues with paths), never a throw', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat(), { maxLength: 6 }),
        fc.oneof(
          fc.jsonValue({ maxDepth: 3 }),
          nested(),
          fc.constantFrom(1e12, -1, 0, 1e308, '', 'adamm', 'warmup', { type: 'warmup', then: { type: 'warmup' } }),
          fc.string({ maxLength: 200 }),
        ),
        (choices, replacement) => {
          const result = validateExperiment(mutate(BASE, choices, replacement));
          if (!result.ok) for (const issue of result.issues) expect(typeof issue.message).toBe('string');
        },
      ),
      { numRuns: 1500, seed: SEED },
    );
  });

  it('parses random text as JSON or refuses it with a line and column', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 80 }),
          fc.jsonValue().map((v) => JSON.stringify(v).slice(0, -1)),
          fc.jsonValue().map((v) => JSON.stringify(v)),
        ),
        (text) => {
          try {
            parseJson(text);
          } catch (error) {
            expect((error as Error).message).toMatch(/line \d+, column \d+/);
          }
        },
      ),
      { numRuns: 1500, seed: SEED },
    );
  });
});
