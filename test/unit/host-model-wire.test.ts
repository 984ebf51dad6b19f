/**
 * A network over the browser transport: a frame with its measures (a NaN among them) survives the wire
 * format, and `sgd-lab serve`'s WebSocket (the server over a real LabHost and engine) answers `plane`
 * with the grid as a binary blob and sends frames of D = 33 (2-8-1 by hand) with their measures.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Frame, Reply } from '../../shared/contract/lab';
import { decodeServerMessage, encodeServerMessage, type ServerMessage } from '../../shared/contract/wire';
import { LabHost } from '../../src-main/host/lab-host';
import { startLabServer, type LabServer } from '../../src-main/server/lab-server';

const D = 2 * 8 + 8 + 8 * 1 + 1;
const spec = {
  version: 1,
  seed: 5,
  steps: 10_000,
  loss: {
    model: { hidden: [8], activation: 'tanh', output: 'logistic' },
    data: { dataset: 'two-moons', n: 100, noise: 0.1, test: 0 },
  },
  runs: [{ name: 'SGD', optimizer: { type: 'sgd', lr: 0.5 } }],
};

it('carries a frame with a network’s measures, NaN included', () => {
  const frame: Frame = {
    ...{ run: 1, t: 7, lr: 0.5, loss: 0.3, lossMin: 0.2, lossMax: 0.4, examples: 700, tau: 3.5, diverged: 0 },
    positions: Float32Array.from({ length: 2 * D }, (_, i) => i / 7),
    dims: D,
    model: { testLoss: NaN, accuracy: 0.875, testAccuracy: NaN, firstLoss: 0.25, sharpness: 3.5 },
  };
  const back = decodeServerMessage(encodeServerMessage({ kind: 'frame', frame })) as Extract<
    ServerMessage,
    { kind: 'frame' }
  >;
  expect(back.frame.positions).toEqual(frame.positions);
  expect(back.frame.model).toEqual(frame.model);
  expect(Number.isNaN(back.frame.model!.testLoss)).toBe(true);
  expect({ ...back.frame, positions: null }).toEqual({ ...frame, positions: null });
});

let lab: LabHost;
let server: LabServer;
beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sgd-lab-renderer-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>SGD Lab</title>');
  lab = new LabHost({ size: 1 });
  const loaded = await lab.handle({ type: 'load', spec });
  if (!loaded.ok) throw new Error(loaded.error);
  server = await startLabServer({ lab, rendererDir: dir, port: 0 });
}, 60_000);
afterAll(async () => {
  await server?.close();
  await lab?.close();
});

it('answers plane over the WebSocket and sends frames with measures', async () => {
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws`, {
    headers: { Origin: `http://127.0.0.1:${server.port}`, Cookie: `sgd_lab_${server.port}=${server.token}` },
  });
  ws.binaryType = 'arraybuffer';
  const messages: ServerMessage[] = [];
  ws.on('message', (data: ArrayBuffer | Buffer, binary: boolean) =>
    messages.push(decodeServerMessage(binary ? (data as ArrayBuffer) : data.toString())),
  );
  await new Promise((resolve, reject) => (ws.on('open', resolve), ws.on('error', reject)));
  const reply = async (id: number): Promise<Reply> => {
    const end = Date.now() + 60_000;
    for (;;) {
      const found = messages.find((m) => m.kind === 'reply' && m.id === id);
      if (found && found.kind === 'reply') return found.reply;
      if (Date.now() > end) throw new Error(`no reply ${id}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  ws.send(JSON.stringify({ id: 1, command: { type: 'step', n: 20 } }));
  expect(await reply(1)).toEqual({ ok: true });
  ws.send(JSON.stringify({ id: 2, command: { type: 'plane', plane: { kind: 'pca' }, resolution: 9 } }));
  const plane = await reply(2);
  if (!plane.ok) throw new Error(plane.error);
  expect(plane.plane!.surface.values).toBeInstanceOf(Float32Array);
  expect(plane.plane!.surface.values.length).toBe(81);
  expect(plane.plane!.d1.length).toBe(D);
  const frames = messages.flatMap((m) => (m.kind === 'frame' ? [m.frame] : []));
  const last = frames.at(-1)!;
  expect(last).toMatchObject({ t: 20, dims: D });
  expect(last.positions.length).toBe(D);
  expect(Number.isFinite(last.model!.firstLoss)).toBe(true);
  expect(Number.isNaN(last.model!.testLoss)).toBe(true);
  ws.close();
}, 90_000);
