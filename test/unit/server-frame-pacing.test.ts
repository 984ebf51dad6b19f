/**
 * Frame pacing over the WebSocket: a view that says how many frames it drew (`framesShown`) is sent
 * at most FRAME_WINDOW frames ahead of that; a view that never says so is not paced. Against the real
 * server and host (with the test engine), while the lab plays.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createLabApi } from '../../shared/contract/lab-api';
import type { LabApi } from '../../shared/contract/lab';
import { connectWebSocketTransport, type SocketLike } from '../../shared/contract/ws-client';
import { LabHost } from '../../src-main/host/lab-host';
import { FRAME_WINDOW, FramePacer } from '../../src-main/server/frame-pacer';
import { startLabServer, type LabServer } from '../../src-main/server/lab-server';
import { engineModule, quadraticSpec } from './lab-fixtures';

describe('FramePacer', () => {
  it('does not pace a view that never says what it drew', () => {
    const pacer = new FramePacer(2);
    for (let i = 0; i < 100; i++) {
      expect(pacer.ready()).toBe(true);
      pacer.sent();
    }
  });

  it('keeps at most `window` frames ahead of what the view drew, once it says', () => {
    const pacer = new FramePacer(2);
    pacer.sent();
    pacer.sent();
    pacer.sent();
    pacer.shown(1); // 2 not yet drawn
    expect(pacer.ready()).toBe(false);
    pacer.shown(1);
    expect(pacer.ready()).toBe(true);
    pacer.sent();
    expect(pacer.ready()).toBe(false);
    // More drawn than sent (a frame from before) never gives extra credit below zero.
    pacer.shown(10);
    pacer.sent();
    expect(pacer.ready()).toBe(true);
    pacer.sent();
    expect(pacer.ready()).toBe(false);
  });
});

describe('frames over the WebSocket', () => {
  let lab: LabHost;
  let server: LabServer;

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sgd-lab-pacing-'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html>');
    lab = new LabHost({ engineModule, size: 1 });
    const run = { name: 'A', optimizer: { type: 'sgd', lr: 0.001 }, start: [1, -2], particles: 2 };
    await lab.handle({ type: 'load', spec: quadraticSpec([run], { steps: 100_000_000 }) });
    server = await startLabServer({ lab, rendererDir: dir, port: 0 });
  });
  afterAll(async () => {
    await lab.handle({ type: 'pause' });
    await server?.close();
    await lab?.close();
  });

  async function connect(): Promise<{ api: LabApi; frames: () => number }> {
    const origin = `http://127.0.0.1:${server.port}`;
    const create = (url: string) =>
      new WebSocket(url, {
        headers: { Origin: origin, Cookie: `sgd_lab_${server.port}=${server.token}` },
      }) as unknown as SocketLike;
    const api = createLabApi(await connectWebSocketTransport(`ws://127.0.0.1:${server.port}/ws`, create));
    let count = 0;
    api.onFrame(() => count++);
    return { api, frames: () => count };
  }

  const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

  it('holds a paced view to the window until it draws, and goes on when it does; an unpaced view is not held', async () => {
    const paced = await connect();
    const unpaced = await connect();
    expect(await paced.api.framesShown!(1)).toEqual({ ok: true });
    const [p0, u0] = [paced.frames(), unpaced.frames()];
    expect(await lab.handle({ type: 'play' })).toEqual({ ok: true });
    await wait(1500);
    const [p1, u1] = [paced.frames(), unpaced.frames()];
    expect(p1 - p0).toBeLessThanOrEqual(FRAME_WINDOW);
    expect(u1 - u0).toBeGreaterThan(2 * FRAME_WINDOW);
    // The view draws what it got: frames flow again.
    await paced.api.framesShown!(p1);
    await wait(1000);
    expect(paced.frames()).toBeGreaterThan(p1);
    await lab.handle({ type: 'pause' });
  });
});
