/**
 * CSV data given by a view (Data → Upload CSV): the lab host with the real engine in a real worker.
 * An experiment naming a CSV that is not next to it is refused in words that say what to do, with no
 * server path, and kept; uploading that file loads it, and the runs use the uploaded rows. Loss
 * ½(x − u)² over u = 1, 2, 6 (mean 3), exact gradient x − 3, SGD η = 0.5 from x = 0: x₁ = 1.5 and
 * L(x₁) = ½ · ((0.5)² + (0.5)² + (4.5)²)/3 = 20.75/6, by hand.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Frame } from '../../shared/contract/lab';
import { describeCsv } from '../../src-main/host/data-uploads';
import { LabHost } from '../../src-main/host/lab-host';

const folder = mkdtempSync(path.join(tmpdir(), 'sgd-lab-upload-test-'));
const host = new LabHost({ size: 1, backend: 'cpu', baseDir: folder });
afterAll(async () => {
  await host.close();
  rmSync(folder, { recursive: true, force: true });
});

const spec = (csv: string) => ({
  version: 1,
  seed: 1,
  steps: 10,
  loss: { expr: '0.5*(x - u)^2', params: ['x'], domain: [[-2, 8]], data: { csv } },
  runs: [{ name: 'SGD', optimizer: { type: 'sgd', lr: 0.5 }, start: [0] }],
});
const ROWS = 'u,w\n1,10\n2,20\n"6",30\n';

describe('CSV data uploaded by a view', () => {
  it('refuses an experiment whose CSV is missing with what to do, then runs it on the uploaded rows', async () => {
    const refused = await host.handle({ type: 'load', spec: spec('points.csv') });
    expect(refused).toEqual({
      ok: false,
      error: 'points.csv was not found next to the experiment: upload it with Data → Upload CSV',
      missingData: 'points.csv',
    });
    expect(host.state().missingData).toBe('points.csv');
    expect(host.state().experiment).toBeNull();

    const frames: Frame[] = [];
    host.onFrame((f) => frames.push({ ...f, positions: f.positions.slice() }));
    const uploaded = await host.handle({ type: 'uploadData', name: 'points.csv', text: ROWS });
    expect(uploaded).toMatchObject({ ok: true, data: { name: 'points.csv', columns: ['u', 'w'], rows: 3 } });
    expect(host.state().experiment?.loss.data).toEqual({ csv: 'points.csv' });
    expect(host.state().data).toEqual({ name: 'points.csv', columns: ['u', 'w'], rows: 3 });
    expect(host.state().missingData).toBeUndefined();

    expect(await host.handle({ type: 'step', n: 1 })).toEqual({ ok: true });
    const last = frames.at(-1)!;
    expect(last.t).toBe(1);
    expect(last.positions[0]).toBeCloseTo(1.5, 6);
    expect(last.loss).toBeCloseTo(20.75 / 6, 6);
    // The surface is read from the upload too: L(x) at the domain's ends, by hand.
    const surface = await host.handle({ type: 'surface', resolution: 2 });
    expect(surface.ok && Array.from(surface.surface!.values)).toEqual([
      expect.closeTo((9 + 16 + 64) / 6, 4),
      expect.closeTo((49 + 36 + 4) / 6, 4),
    ]);
  });

  it('a refused experiment under another folder name loads once its file name is uploaded', async () => {
    expect(await host.handle({ type: 'load', spec: spec('data/rows.csv') })).toMatchObject({
      ok: false,
      missingData: 'data/rows.csv',
    });
    const reply = await host.handle({ type: 'uploadData', name: 'rows.csv', text: ROWS });
    expect(reply).toMatchObject({ ok: true, data: { rows: 3 } });
    expect(host.state().experiment?.loss.data).toEqual({ csv: 'rows.csv' });
  });

  it('keeps uploads inside the confinement: plain names only, and `..` is still refused', async () => {
    const bad = await host.handle({ type: 'uploadData', name: '../escape.csv', text: ROWS });
    expect(bad).toMatchObject({ ok: false });
    expect(!bad.ok && bad.error).toMatch(/plain file name/);
    const out = await host.handle({ type: 'load', spec: spec('../points.csv') });
    expect(out).toMatchObject({ ok: false });
    expect(!out.ok && out.error).toMatch(/loss\.data\.csv: .*\.\./);
    // A refusal never shows a server path.
    expect(!out.ok && out.error).not.toContain(folder);
  });

  it('describes a CSV by its header and data rows (RFC 4180: a quoted line break is one row)', () => {
    expect(describeCsv('a.csv', '\n"x",y\n1,"2\n3"\n\n4,5\n')).toEqual({ name: 'a.csv', columns: ['x', 'y'], rows: 2 });
  });
});
