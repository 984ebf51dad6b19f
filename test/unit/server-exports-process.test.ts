/**
 * Issue 18, security 2, against a real `sgd-lab serve` process (its V8 heap capped at 512 MB): three
 * pages each send 32 `export` commands at once while four downloads run. Every request is answered
 * (the shared recording, or a refusal that says the lab is busy), the process stays up with its peak
 * memory bounded, and what it sends is the recording JSON byte for byte: the socket replies, the
 * download, and `JSON.stringify` of its own parse agree, and its values are SGD's closed form
 * Φ_t = (1 − 2η)^t Φ₀ on L = x² + y² (exact gradient, every particle at the start).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { quadraticSpec } from './lab-fixtures';
import { rawGet, startServe, type ServeProcess } from './serve-process';

const PARTICLES = 5000;
const STEPS = 20;
const LR = 0.05;
const START = [1, -2];
let serve: ServeProcess;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'sgd-lab-exports-'));
  const spec = {
    ...quadraticSpec([{ name: 'SGD', optimizer: { type: 'sgd', lr: LR }, start: START, particles: PARTICLES }], {
      steps: 1000,
    }),
    record: { every: 1, particles: PARTICLES },
  };
  writeFileSync(path.join(dir, 'big.lab.json'), JSON.stringify(spec));
  serve = await startServe(['--experiment', path.join(dir, 'big.lab.json')], {}, ['--max-old-space-size=512']);
}, 60_000);
afterAll(async () => {
  await serve.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function page(): Promise<WebSocket> {
  const ws = new WebSocket(`ws://127.0.0.1:${serve.port}/ws`, {
    headers: { Origin: `http://127.0.0.1:${serve.port}`, Cookie: serve.cookie },
    maxPayload: 0,
  });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  return ws;
}

/** The raw text of each reply of `ws` by id, as it arrives. */
function replies(ws: WebSocket): Map<number, string> {
  const got = new Map<number, string>();
  ws.on('message', (data, binary) => {
    if (binary) return;
    const text = data.toString();
    const m = /^\{"kind":"reply","id":(\d+),"reply":/.exec(text);
    if (m) got.set(Number(m[1]), text.slice(m[0].length, -1));
  });
  return got;
}

async function waitFor(cond: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end || serve.child.exitCode !== null)
      throw new Error(`gave up waiting; stderr: ${serve.stderr()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Peak resident memory of the serve process (Linux /proc), in bytes. */
function peakRss(): number {
  const status = readFileSync(`/proc/${serve.child.pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)![1]) * 1024;
}

describe('concurrent exports against sgd-lab serve', () => {
  it('answers 96 socket exports and 4 downloads at once, one shared recording, and stays up', async () => {
    const first = await page();
    const firstReplies = replies(first);
    first.send(JSON.stringify({ id: 1, command: { type: 'step', n: STEPS } }));
    await waitFor(() => firstReplies.has(1), 60_000);
    expect(JSON.parse(firstReplies.get(1)!)).toMatchObject({ ok: true });

    const pages = [first, await page(), await page()];
    const got = pages.map((ws, i) => (i === 0 ? firstReplies : replies(ws)));
    for (const ws of pages)
      for (let id = 100; id < 132; id++) ws.send(JSON.stringify({ id, command: { type: 'export' } }));
    const downloads = Array.from({ length: 4 }, () => rawGet(serve.port, '/api/export', { Cookie: serve.cookie }));
    await waitFor(() => got.every((m) => [...m.keys()].filter((id) => id >= 100).length === 32), 120_000);
    const answered = await Promise.all(downloads);

    // The recording as a download after the rush streams it: canonical JSON, equal to the closed form.
    const after = await rawGet(serve.port, '/api/export', { Cookie: serve.cookie });
    expect(after.status).toBe(200);
    const text = after.body.toString('utf8');
    for (const d of answered) {
      if (d.status === 200) expect(d.body.toString('utf8')).toBe(text);
      else expect([d.status, d.body.toString()]).toEqual([503, expect.stringMatching(/busy|try again/)]);
    }
    const recording = JSON.parse(text) as {
      format: string;
      runs: { t: number[]; positions: number[][][]; final: { t: number; positions: number[][] } }[];
    };
    expect(JSON.stringify(recording)).toBe(text);
    expect(recording.format).toBe('sgd-lab/recording');
    const run = recording.runs[0]!;
    expect(run.t).toEqual(Array.from({ length: STEPS + 1 }, (_, t) => t));
    expect(run.positions).toHaveLength(STEPS + 1);
    run.positions.forEach((step, t) => {
      expect(step).toHaveLength(PARTICLES);
      const want = START.map((s) => s * (1 - 2 * LR) ** t);
      for (const p of [step[0]!, step[PARTICLES - 1]!]) p.forEach((v, d) => expect(v).toBeCloseTo(want[d]!, 5));
    });
    expect(run.final.t).toBe(STEPS);
    expect(run.final.positions).toHaveLength(PARTICLES);

    // Every socket reply: the same recording, or a refusal in words.
    let shared = 0;
    for (const m of got)
      for (const [id, reply] of m) {
        if (id < 100) continue;
        if (reply.startsWith('{"ok":true')) {
          expect(reply).toBe(`{"ok":true,"recording":${text}}`);
          shared++;
        } else expect(JSON.parse(reply)).toMatchObject({ ok: false, error: expect.stringMatching(/busy|try again/) });
      }
    expect(shared).toBeGreaterThan(0);

    expect(serve.child.exitCode).toBeNull();
    expect((await rawGet(serve.port, '/api/health', { Cookie: serve.cookie })).status).toBe(200);
    // Measured: 280 MB with one shared export, 824 MB when each request built its own.
    expect(peakRss()).toBeLessThan(600 * 2 ** 20);
    expect(serve.stderr()).not.toMatch(/heap out of memory|MaxListenersExceeded/);
    for (const ws of pages) ws.close();
  }, 240_000);
});
