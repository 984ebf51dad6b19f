/**
 * The one contract over both transports: the same `LabApi` calls, over the browser's WebSocket
 * (against the real server on an ephemeral 127.0.0.1 port) and over Electron IPC. No Electron binary
 * exists here, so the IPC layer runs against a fake ipcMain/ipcRenderer pair that structured-clones
 * every message like Electron does; the bridge and the preload transport are the real modules.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createLabApi } from '../../shared/contract/lab-api';
import type { Frame, LabApi, LabState, LabTransport } from '../../shared/contract/lab';
import { connectWebSocketTransport, type SocketLike } from '../../shared/contract/ws-client';
import { bridgeLabToWindow, type InvokeEventLike } from '../../src-main/electron/ipc-bridge';
import { createIpcTransport } from '../../src-main/electron/ipc-transport';
import { LabHost } from '../../src-main/host/lab-host';
import { startLabServer, type LabServer } from '../../src-main/server/lab-server';
import { engineModule, quadraticSpec } from './lab-fixtures';

const spec = quadraticSpec([{ name: 'A', optimizer: { type: 'sgd', lr: 0.25 }, start: [1, -2], particles: 2 }], {
  seed: 3,
  steps: 100,
});

/** A fake Electron IPC pair: invoke → handler, send → listeners, every value structured-cloned. */
function fakeIpc(senderId: number, url: string) {
  const handlers = new Map<string, (event: InvokeEventLike, ...args: unknown[]) => unknown>();
  const listeners = new Map<string, ((event: unknown, value: unknown) => void)[]>();
  const event: InvokeEventLike = { sender: { id: senderId }, senderFrame: { url, parent: null } };
  return {
    ipcMain: {
      handle: (channel: string, fn: (event: InvokeEventLike, ...args: unknown[]) => unknown) =>
        handlers.set(channel, fn),
      removeHandler: (channel: string) => handlers.delete(channel),
    },
    webContents: {
      id: 1,
      isDestroyed: () => false,
      send: (channel: string, value: unknown) => {
        const copy = structuredClone(value);
        for (const fn of listeners.get(channel) ?? []) setImmediate(() => fn({}, copy));
      },
    },
    ipcRenderer: {
      invoke: async (channel: string, ...args: unknown[]) => {
        const fn = handlers.get(channel);
        if (!fn) throw new Error(`no handler for ${channel}`);
        return structuredClone(await fn(event, ...structuredClone(args)));
      },
      on: (channel: string, fn: (event: unknown, value: unknown) => void) =>
        listeners.set(channel, [...(listeners.get(channel) ?? []), fn]),
    },
  };
}

let lab: LabHost;
let server: LabServer;
const unbind: (() => void)[] = [];

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sgd-lab-renderer-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html>');
  lab = new LabHost({ engineModule, size: 1 });
  await lab.handle({ type: 'load', spec });
  server = await startLabServer({ lab, rendererDir: dir, port: 0 });
});
afterAll(async () => {
  for (const off of unbind) off();
  await server?.close();
  await lab?.close();
});

async function wsTransport(): Promise<LabTransport> {
  const origin = `http://127.0.0.1:${server.port}`;
  const create = (url: string) =>
    new WebSocket(url, {
      headers: { Origin: origin, Cookie: `sgd_lab_${server.port}=${server.token}` },
    }) as unknown as SocketLike;
  return connectWebSocketTransport(`ws://127.0.0.1:${server.port}/ws`, create);
}

function ipcTransport(): LabTransport {
  const ipc = fakeIpc(1, 'lab://app/index.html');
  unbind.push(bridgeLabToWindow({ ...ipc, lab, isLabUrl: (u) => u.startsWith('lab://app/'), frameIntervalMs: 0 }));
  return createIpcTransport(ipc.ipcRenderer);
}

const next = <T>(subscribe: (cb: (value: T) => void) => () => void, test: (value: T) => boolean) =>
  new Promise<T>((resolve) => {
    const off = subscribe((value) => {
      if (!test(value)) return;
      queueMicrotask(() => off());
      resolve(value);
    });
  });

describe.each([
  ['WebSocket', wsTransport],
  ['Electron IPC (fake ipcMain/ipcRenderer)', async () => ipcTransport()],
])('LabApi over %s', (_name, connect) => {
  let api: LabApi;
  beforeAll(async () => {
    api = createLabApi(await connect());
    await api.load(spec, 'test.lab.json');
  });

  it('delivers the state, replies and frames', async () => {
    const state = await next<LabState>(api.onState, (s) => s.experiment !== null);
    expect(state.experiment?.runs[0]?.name).toBe('A');
    expect(state.runs).toEqual([{ name: 'A', status: 'paused' }]);
    const frame = next<Frame>(api.onFrame, (f) => f.t === 2);
    expect(await api.step(2)).toEqual({ ok: true });
    const f = await frame;
    expect(f.positions).toBeInstanceOf(Float32Array);
    expect(Array.from(f.positions)).toEqual(Array.from(Float32Array.from([1, -2, 1, -2].map((v) => v * 0.75 ** 2))));
    expect(f.dims).toBe(2);
  });

  it('carries a surface as a Float32Array and a recording as data', async () => {
    const reply = await api.surface(4);
    expect(reply.ok && reply.surface?.values).toBeInstanceOf(Float32Array);
    expect(reply.ok && reply.surface?.values.length).toBe(16);
    const exported = await api.exportRecording();
    expect(exported.ok && (exported.recording as { format: string }).format).toBe('sgd-lab/recording');
  });

  it('refuses a data file outside the experiment folder for every command, the Electron window included', async () => {
    for (const csv of ['/etc/passwd', '../../etc/passwd']) {
      const loss = { expr: '(x - root)^2 + y^2', data: { csv } };
      for (const reply of [
        await api.surface(4, { ...spec, loss }),
        await api.load({ ...spec, loss }, 'evil.lab.json'),
      ]) {
        expect(reply.ok).toBe(false);
        expect(reply.ok ? '' : reply.error).toMatch(
          /^invalid experiment:\nloss\.data\.csv: must (be relative|stay in the folder)/,
        );
        expect(JSON.stringify(reply)).not.toContain('root:');
      }
    }
  });

  it('turns invalid input into error replies', async () => {
    const bad = await api.updateRun(0, { optimizer: { type: 'sgd', lr: -1 } });
    expect(bad.ok).toBe(false);
    expect(await api.step(0)).toMatchObject({ ok: false });
    const invalid = await api.load({ version: 1, steps: 10, loss: { expr: 'x^' }, runs: [] });
    expect(invalid.ok).toBe(false);
    expect(!invalid.ok && invalid.issues?.length).toBeGreaterThan(0);
  });
});

describe('Electron IPC bridge', () => {
  it('refuses commands from any other window or page', async () => {
    const other = fakeIpc(2, 'lab://app/index.html');
    const off = bridgeLabToWindow({ ...other, lab, isLabUrl: (u) => u.startsWith('lab://app/') });
    const reply = await other.ipcRenderer.invoke('lab:command', { type: 'play' });
    expect(reply).toMatchObject({ ok: false, error: expect.stringContaining('refused') });
    off();
    const page = fakeIpc(1, 'https://evil.example/');
    const off2 = bridgeLabToWindow({ ...page, lab, isLabUrl: (u) => u.startsWith('lab://app/') });
    expect(await page.ipcRenderer.invoke('lab:command', { type: 'play' })).toMatchObject({ ok: false });
    off2();
  });

  it('refuses an oversized message with an error reply', async () => {
    const ipc = fakeIpc(1, 'lab://app/index.html');
    const off = bridgeLabToWindow({ ...ipc, lab, isLabUrl: (u) => u.startsWith('lab://app/') });
    const huge = { type: 'load', spec: 'x'.repeat(5 * 1024 * 1024) };
    expect(await ipc.ipcRenderer.invoke('lab:command', huge)).toMatchObject({
      ok: false,
      error: expect.stringContaining('too large'),
    });
    off();
  });

  it('chooseData: the main process’s dialog picks a CSV, kept as an upload (its columns and rows)', async () => {
    const ipc = fakeIpc(1, 'lab://app/index.html');
    let answer: { name: string; text: string } | null = { name: 'chosen.csv', text: 'u,v\n1,2\n3,4\n5,6\n' };
    const off = bridgeLabToWindow({
      ...ipc,
      lab,
      isLabUrl: (u) => u.startsWith('lab://app/'),
      chooseData: () => Promise.resolve(answer),
    });
    const api = createLabApi(createIpcTransport(ipc.ipcRenderer), { desktop: true });
    expect(await api.chooseData!()).toMatchObject({
      ok: true,
      data: { name: 'chosen.csv', columns: ['u', 'v'], rows: 3 },
    });
    answer = null;
    expect(await api.chooseData!()).toEqual({ ok: false, error: 'no data file was chosen' });
    // A browser's API has no dialog to ask for; the lab itself refuses the command.
    expect(createLabApi(createIpcTransport(ipc.ipcRenderer)).chooseData).toBeUndefined();
    off();
    expect(await lab.handle({ type: 'chooseData' })).toMatchObject({ ok: false });
  });
});
