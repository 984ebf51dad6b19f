/**
 * A network's recording (SPEC §13) replays through the server's replay backend (`serve --recording`)
 * with frames of D weights (D by hand from the layers), the recorded measures in each frame and in the
 * history, a landscape plane through the recorded start and ends (least squares written here, off the
 * plane < 1e-9), the same plane when the page sends the recording's spec and paths to the live host,
 * the interpolation line at the replay's clock (its ends' losses are the recorded losses), the data
 * picture, and positions kept in a side file.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Frame } from '../../shared/contract/lab';
import { dot, project } from './plane-reference';
import { loadableExperiment } from '../../shared/contract/replay';
import { planePaths, recordingDims, wirePaths } from '../../shared/contract/replay-model';
import type { Recording } from '../../shared/experiment/recording';
import { validateExperiment } from '../../shared/experiment/validate';
import { runExperiment } from '../../src-main/engine/experiment-runner';
import { LabHost } from '../../src-main/host/lab-host';
import { openReplayBackend, type ReplayBackend } from '../../src-main/host/replay-backend';

/** 2 inputs → 4 tanh units → 1 logit: (2 + 1)·4 + (4 + 1)·1 weights. */
const D = (2 + 1) * 4 + (4 + 1) * 1;
const spec = {
  version: 1,
  seed: 5,
  steps: 60,
  loss: {
    model: { hidden: [4], activation: 'tanh', output: 'logistic' },
    data: { dataset: 'two-moons', n: 40, noise: 0.1, test: 20 },
  },
  runs: [
    { name: 'SGD', optimizer: { type: 'sgd', lr: 0.5 }, gradient: { kind: 'exact' } },
    { name: 'Adam', optimizer: { type: 'adam', lr: 0.05 }, gradient: { kind: 'exact' } },
  ],
  record: { every: 10 },
};

let dir: string;
let recording: Recording;
let host: LabHost;
let replay: ReplayBackend;
const frames: Frame[] = [];

/** The plain JSON a file holds (typed positions written as the nested arrays). */
const plain = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

beforeAll(async () => {
  const checked = validateExperiment(spec);
  if (!checked.ok) throw new Error(JSON.stringify(checked.issues));
  dir = mkdtempSync(path.join(tmpdir(), 'sgd-lab-replay-model-'));
  recording = plain(await runExperiment(checked.experiment, { baseDir: dir, backend: 'compiled', threads: 1 }));
  writeFileSync(path.join(dir, 'recording.json'), JSON.stringify(recording));
  host = new LabHost({ size: 1 });
  const opened = await openReplayBackend(path.join(dir, 'recording.json'), host);
  if (!opened.ok) throw new Error(opened.error);
  replay = opened.backend;
  replay.onFrame((f) => frames.push(f));
}, 120_000);
afterAll(() => {
  replay?.close();
  host?.close();
});

const startOf = (r: number) => recording.runs[r]!.positions[0]![0]! as number[];
const endOf = (r: number) => recording.runs[r]!.final.positions[0]! as number[];

describe('a network recording replays', () => {
  it('with frames of D weights and the recorded measures', async () => {
    expect(recordingDims(recording)).toBe(D);
    expect(frames.length).toBeGreaterThan(0);
    frames.length = 0;
    expect((await replay.handle({ type: 'seek', t: 60 })).ok).toBe(true);
    const run0 = recording.runs[0]!;
    expect(run0.t).toEqual([0, 10, 20, 30, 40, 50, 60]);
    const seen = frames.filter((f) => f.run === 0);
    expect(seen.map((f) => f.t)).toEqual([10, 20, 30, 40, 50, 60]);
    for (const f of seen) {
      const k = run0.t.indexOf(f.t);
      expect(f.dims).toBe(D);
      expect(f.positions.length).toBe(D);
      expect(f.model?.accuracy).toBe(run0.accuracy![k]);
      expect(f.model?.testAccuracy).toBe(run0.testAccuracy![k]);
      expect(f.model?.testLoss).toBe(run0.testLoss![k]);
      // One particle: the recorded mean loss is the first particle's.
      expect(f.model?.firstLoss).toBe(run0.loss[k]);
    }
    // Accuracy is a share of the 40 training rows.
    for (const a of run0.accuracy!) expect(Math.abs(a! * 40 - Math.round(a! * 40))).toBeLessThan(1e-9);
    const history = await replay.handle({ type: 'history' });
    expect(history.ok && history.history?.[1]?.model?.accuracy).toEqual(recording.runs[1]!.accuracy);
    expect(history.ok && history.history?.[1]?.dims).toBe(D);
  });

  it('with its plane through the recorded start and ends, the same when the page asks the live host', async () => {
    const reply = await replay.handle({ type: 'plane', plane: { kind: 'points', runs: [0, 1] }, resolution: 9 });
    if (!reply.ok || !reply.plane) throw new Error(reply.ok ? 'no plane' : reply.error);
    const plane = reply.plane;
    expect(plane.center.length).toBe(D);
    for (const phi of [startOf(0), endOf(0), endOf(1)]) expect(project(plane, phi).off).toBeLessThan(1e-9);
    expect(plane.surface.values.length).toBe(81);
    // The page: a replay opened there sends the recording's spec and paths to the live lab.
    const paths = wirePaths(planePaths(recording, D));
    const page = await host.handle({
      type: 'plane',
      plane: { kind: 'points', runs: [0, 1] },
      resolution: 9,
      spec: loadableExperiment(recording.spec),
      paths,
    });
    if (!page.ok || !page.plane) throw new Error(page.ok ? 'no plane' : page.error);
    expect(page.plane.center).toEqual(plane.center);
    expect(page.plane.d1).toEqual(plane.d1);
    expect(page.plane.d2).toEqual(plane.d2);
    expect(Array.from(page.plane.surface.values)).toEqual(Array.from(plane.surface.values));
  }, 60_000);

  it('with a PCA plane centred on run 0’s end, the line at its clock and its data', async () => {
    const pca = await replay.handle({ type: 'plane', plane: { kind: 'pca' }, resolution: 5 });
    if (!pca.ok || !pca.plane) throw new Error(pca.ok ? 'no plane' : pca.error);
    expect(pca.plane.center).toEqual(endOf(0));
    expect(dot(pca.plane.d1, pca.plane.d2)).toBeCloseTo(0, 12);
    // s = −0.25, 0, …, 1.25 in 7 points: s = 0 is run 0's Φ at the clock (t = 60), s = 1 run 1's.
    const line = await replay.handle({ type: 'interpolate', runs: [0, 1], points: 7 });
    if (!line.ok || !line.line) throw new Error(line.ok ? 'no line' : line.error);
    expect(line.line.s[1]).toBeCloseTo(0, 15);
    expect(line.line.loss[1]).toBeCloseTo(recording.runs[0]!.loss.at(-1)!, 9);
    expect(line.line.loss[5]).toBeCloseTo(recording.runs[1]!.loss.at(-1)!, 9);
    expect(line.line.testLoss?.[1]).toBeCloseTo(recording.runs[0]!.testLoss!.at(-1)!, 9);
    const data = await replay.handle({ type: 'modelData' });
    expect(data.ok && data.modelData).toMatchObject({ inputs: 2, classes: 2, train: 40, test: 20 });
  }, 60_000);

  it('with positions kept in a side file beside the recording', async () => {
    const side = plain(recording) as unknown as { runs: Record<string, unknown>[] };
    const run0 = recording.runs[0]!;
    const T = run0.t.length;
    const bytes = Float64Array.from(run0.positions.flatMap((step) => step.flatMap((p) => p as number[])));
    writeFileSync(path.join(dir, 'positions-0.f64'), new Uint8Array(bytes.buffer));
    side.runs[0]!.positions = { file: 'positions-0.f64', shape: [T, 1, D] };
    writeFileSync(path.join(dir, 'side.json'), JSON.stringify(side));
    const opened = await openReplayBackend(path.join(dir, 'side.json'), host);
    if (!opened.ok) throw new Error(opened.error);
    const got: Frame[] = [];
    opened.backend.onFrame((f) => got.push(f));
    await opened.backend.handle({ type: 'seek', t: 30 });
    const f = got.filter((g) => g.run === 0).at(-1)!;
    expect(f.t).toBe(30);
    expect(Array.from(f.positions)).toEqual(Array.from(Float32Array.from(run0.positions[3]![0]! as number[])));
    opened.backend.close();
  });
});
