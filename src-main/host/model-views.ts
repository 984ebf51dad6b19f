/**
 * What the views ask of a network beyond its runs (SPEC §13): its landscape `plane` through the runs'
 * first-particle paths, the loss along the line between two runs (`interpolate`), and what it trains
 * on (`modelData`). The plane and the line are computed off the main thread (landscape/plane-job.ts)
 * on warm landscape threads (landscape/plane-threads.ts: started when a network's data are first
 * asked for, kept until the lab closes); a newer `plane` or `cancelPlane` stops the one computing,
 * which answers `superseded`.
 */
import type { LabPlane, LossLine, ModelDataView, PlaneRequest } from '../../shared/contract/network';
import type { Reply } from '../../shared/contract/lab';
import { isLabeled, type ModelData, type ModelExamples } from '../../shared/data/model-data';
import type { DataDir } from '../../shared/experiment/data-path';
import type { Experiment, Model } from '../../shared/experiment/experiment';
import { linspace } from '../../shared/landscape/grid';
import type { RecordedPath } from '../../shared/landscape/types';
import { modelData } from '../data/load-model-data';
import { surfaceRange } from '../engine/loss/loss-grid';
import { modelNet } from '../engine/model/model-run';
import { dataFileVersion } from '../files/data-file';
import { LandscapeJob, sharedModel, Stopped, type GridModel } from '../landscape/plane-job';
import { PlaneThreads } from '../landscape/plane-threads';

/** s of `interpolate`: evenly over [S_FROM, S_TO] (past both ends, to see the walls beyond the minima). */
const S_FROM = -0.25;
const S_TO = 1.25;

interface Loaded {
  data: ModelData;
  grid: GridModel;
}

/** The experiment's network, or an error that says it has none. */
function modelOf(experiment: Experiment, what: string): Model {
  const model = experiment.loss.model;
  if (!model) throw new Error(`${what}: the experiment's loss is a formula, not a network (loss.model)`);
  return model;
}

export class ModelViews {
  private planeJob: LandscapeJob | null = null;
  private readonly jobs = new Set<LandscapeJob>();
  private readonly loaded = new Map<string, Promise<Loaded>>();
  /** The landscape threads every plane and line is computed on. */
  private readonly threads = new PlaneThreads();

  /** The plane `request` asks for through `paths` (each run's first particle so far), with its loss grid. */
  async plane(
    experiment: Experiment,
    root: DataDir,
    paths: RecordedPath[],
    request: PlaneRequest,
    resolution: number,
  ): Promise<Reply> {
    this.planeJob?.stop();
    const job = this.track(new LandscapeJob(this.threads));
    this.planeJob = job;
    try {
      const model = modelOf(experiment, 'plane');
      const { data, grid } = await this.load(experiment, root);
      const { layout } = modelNet(model, data);
      const D = layout.D;
      for (const [r, path] of paths.entries())
        if (path.points.some((p) => p.length !== D))
          throw new Error(`plane: run ${r}'s path has not D = ${D} weights (the experiment changed)`);
      const layers = layout.layers.map(({ fanIn, fanOut }) => ({ fanIn, fanOut }));
      const framed = await job.frame({ paths, D, layers, request });
      const alpha = linspace(...framed.alphaRange, resolution);
      const beta = linspace(...framed.betaRange, resolution);
      const values = Float32Array.from(await job.grid({ plane: framed.plane, alpha, beta }, grid));
      const { plane } = framed;
      const out: LabPlane = {
        kind: plane.kind,
        center: Array.from(plane.center),
        d1: Array.from(plane.d1),
        d2: Array.from(plane.d2),
        surface: { resolution, domain: [framed.alphaRange, framed.betaRange], values, ...surfaceRange(values) },
        ...(framed.explained ? { explained: framed.explained } : {}),
      };
      return { ok: true, plane: out };
    } catch (error) {
      if (error instanceof Stopped) return { ok: false, error: 'superseded' };
      throw error;
    } finally {
      if (this.planeJob === job) this.planeJob = null;
      this.jobs.delete(job);
    }
  }

  /** Stops the plane being computed (its request answers `superseded`). */
  cancelPlane(): Reply {
    this.planeJob?.stop();
    return { ok: true };
  }

  /** The full training (and test) loss at (1 − s)·Φ_a + s·Φ_b, s evenly over [−0.25, 1.25]. */
  async interpolate(
    experiment: Experiment,
    root: DataDir,
    ends: [Float64Array, Float64Array],
    points: number,
  ): Promise<Reply> {
    modelOf(experiment, 'interpolate');
    const [a, b] = ends;
    if (a.every((x, d) => x === b[d]))
      throw new Error('interpolate: the two runs are at the same point: no line between them');
    const { data, grid } = await this.load(experiment, root);
    const job = this.track(new LandscapeJob(this.threads));
    try {
      const s = linspace(S_FROM, S_TO, points);
      const line: LossLine = { s, loss: Array.from(await job.line(a, b, s, grid, false)) };
      if (data.test && data.test.n > 0) line.testLoss = Array.from(await job.line(a, b, s, grid, true));
      return { ok: true, line };
    } finally {
      this.jobs.delete(job);
    }
  }

  /** What the network trains on: counts, and the rows themselves for 1 or 2 inputs. */
  async modelData(experiment: Experiment, root: DataDir): Promise<Reply> {
    modelOf(experiment, 'modelData');
    this.threads.warm(); // a network opens: its plane will be asked next
    const { data } = await this.load(experiment, root);
    return { ok: true, modelData: dataView(data) };
  }

  /** Stops every landscape job and ends the landscape threads (the lab closes). */
  close(): void {
    for (const job of this.jobs) job.stop();
    this.jobs.clear();
    void this.threads.close();
  }

  private track(job: LandscapeJob): LandscapeJob {
    this.jobs.add(job);
    return job;
  }

  /** The experiment's data, loaded once per (loss, seed, folder, file version), its examples shared. */
  private async load(experiment: Experiment, root: DataDir): Promise<Loaded> {
    const model = modelOf(experiment, 'loss');
    const version = await dataFileVersion(experiment.loss.data, root);
    const key = JSON.stringify([experiment.loss, experiment.seed, root, version]);
    let found = this.loaded.get(key);
    if (!found) {
      if (this.loaded.size > 4) this.loaded.clear();
      found = modelData(experiment, root).then((data) => ({ data, grid: sharedModel(model, data) }));
      this.loaded.set(key, found);
      found.catch(() => this.loaded.delete(key));
    }
    return found;
  }
}

/** The views' picture of the data: training rows first, then the test rows. */
function dataView(data: ModelData): ModelDataView {
  const { train, test } = data;
  const view: ModelDataView = {
    inputs: train.inputs,
    classes: isLabeled(train) ? train.classes : 0,
    train: train.n,
    test: test?.n ?? 0,
  };
  const sets: ModelExamples[] = test ? [train, test] : [train];
  const oneTarget = isLabeled(train) || train.outputs === 1;
  if (train.inputs > 2 || !oneTarget) return view;
  return {
    ...view,
    x: sets.flatMap((s) => Array.from(s.x.subarray(0, s.n * s.inputs))),
    y: sets.flatMap((s) => Array.from(s.y.subarray(0, s.n))),
  };
}
