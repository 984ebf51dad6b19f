/**
 * The lab's warm landscape threads (src-main/landscape/plane-threads.ts, warm-grid.ts): a grid asked of
 * them equals a float64 network written here (SPEC §13: z = h W + b, tanh, the logistic loss
 * log(1 + eᶻ) − y z) at every point; later jobs reuse the same threads; a job's stop flag makes a
 * thread answer `superseded`, and a stopped job rejects with `Stopped` while the threads stay; the
 * threads step below the host's priority (nice WORKER_NICE on Linux, read back from /proc); close ends them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { ModelData } from '../../shared/data/model-data';
import type { Model } from '../../shared/experiment/experiment';
import { linspace } from '../../shared/landscape/grid';
import { WORKER_NICE } from '../../src-main/host/thread-priority';
import { LandscapeJob, sharedModel, Stopped } from '../../src-main/landscape/plane-job';
import { PlaneThreads } from '../../src-main/landscape/plane-threads';

const model: Model = { hidden: [4], activation: 'tanh', output: 'logistic' };
const wave = (i: number) => Math.sin(i * 12.9898 + 1) * 0.8;
const rows = (offset: number, n: number) => ({
  x: Float64Array.from({ length: 2 * n }, (_, i) => wave(i + offset)),
  y: Int32Array.from({ length: n }, (_, i) => (i * 7 + offset) % 2),
  n,
  inputs: 2,
  classes: 2,
  inputNames: [],
  targetNames: [],
});
const [train, test] = [rows(0, 120), rows(1000, 30)];
const data: ModelData = { train, test, standardization: null };
/** Φ of a 2-4-1 network: W₁ (2 × 4), b₁ (4), W₂ (4 × 1), b₂ (1). */
const D = 2 * 4 + 4 + 4 + 1;

/** The mean logistic loss of the 2-4-1 tanh network Φ over `set`, in float64. */
function reference(phi: Float64Array, set: ReturnType<typeof rows>): number {
  let total = 0;
  for (let r = 0; r < set.n; r++) {
    const [x0, x1] = [set.x[2 * r]!, set.x[2 * r + 1]!];
    let z = phi[16]!;
    for (let k = 0; k < 4; k++) z += Math.tanh(x0 * phi[k]! + x1 * phi[4 + k]! + phi[8 + k]!) * phi[12 + k]!;
    total += Math.log1p(Math.exp(z)) - set.y[r]! * z;
  }
  return total / set.n;
}

const plane = {
  kind: 'random' as const,
  center: Float64Array.from({ length: D }, (_, i) => wave(i + 11)),
  d1: Float64Array.from({ length: D }, (_, i) => wave(i + 500)),
  d2: Float64Array.from({ length: D }, (_, i) => wave(i + 900)),
};

/** Each thread of this process with its nice value (field 19 of /proc/self/task/<tid>/stat). */
function niceByThread(): Map<number, number> {
  const out = new Map<number, number>();
  for (const tid of readdirSync('/proc/self/task')) {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      out.set(Number(tid), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]));
    } catch {
      // The thread ended meanwhile.
    }
  }
  return out;
}

let threads: PlaneThreads | null = null;
afterEach(async () => {
  await threads?.close();
  threads = null;
});

describe('warm landscape threads', () => {
  it('compute a grid equal to the float64 network, and the next job on the same threads', async () => {
    threads = new PlaneThreads(2);
    const grid = sharedModel(model, data);
    const G = 9;
    const job = { plane, alpha: linspace(-1.5, 1, G), beta: linspace(-1, 2, G) };
    const first = threads.get().map((t) => t.worker.threadId);
    for (const isTest of [false, true]) {
      const values = await new LandscapeJob(threads).grid(job, grid, isTest);
      for (let i = 0; i < G; i++)
        for (let j = 0; j < G; j++) {
          const phi = plane.center.map((c, d) => c + job.alpha[j]! * plane.d1[d]! + job.beta[i]! * plane.d2[d]!);
          const ref = reference(phi, isTest ? test : train);
          expect(Math.abs(values[i * G + j]! - ref)).toBeLessThan(1e-12 * Math.max(1, Math.abs(ref)));
        }
    }
    expect(threads.get().map((t) => t.worker.threadId)).toEqual(first);
  });

  it('stop: a thread answers a stopped job superseded; the job rejects with Stopped; the threads stay', async () => {
    threads = new PlaneThreads(1);
    const [thread] = threads.get();
    const stop = new Int32Array(new SharedArrayBuffer(4));
    Atomics.store(stop, 0, 1);
    const G = 41;
    const grid = { plane, alpha: linspace(-1, 1, G), beta: linspace(-1, 1, G) };
    await thread!.call({ type: 'plane', job: -1, modelKey: -1, model, data, grid, stop });
    const points = Int32Array.from({ length: G * G }, (_, i) => i);
    await expect(thread!.call({ type: 'points', job: -1, points, test: false })).rejects.toThrow('superseded');

    const job = new LandscapeJob(threads);
    const asked = job.grid(grid, sharedModel(model, data));
    job.stop();
    await expect(asked).rejects.toBeInstanceOf(Stopped);
    const line = await new LandscapeJob(threads).line(plane.center, plane.d1, [0, 1], sharedModel(model, data), false);
    expect(line[0]).toBeCloseTo(reference(plane.center, train), 12);
    expect(line[1]).toBeCloseTo(reference(plane.d1, train), 12);
    expect(threads.get()[0]).toBe(thread);
  });

  it.runIf(process.platform === 'linux')('step at nice WORKER_NICE, below the host’s thread', async () => {
    const before = niceByThread();
    threads = new PlaneThreads(2);
    threads.warm();
    // Each thread lowers itself as it starts: wait until it answers (then it has).
    await Promise.all(threads.get().map((t) => t.call({ type: 'drop', job: 0 })));
    const lowered = [...niceByThread()].filter(([tid, nice]) => nice === WORKER_NICE && !before.has(tid));
    expect(lowered).toHaveLength(2);
  });

  it('close ends the threads', async () => {
    threads = new PlaneThreads(2);
    const started = threads.get();
    await threads.close();
    expect(started.every((t) => t.deadReason !== null)).toBe(true);
    expect(() => threads!.get()).toThrow(/closed/);
  });
});
