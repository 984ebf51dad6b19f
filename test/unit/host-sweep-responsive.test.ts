/**
 * A sweep started from a view keeps the host's main thread free: its cells run in the sweep worker, so
 * a timer on the main thread keeps firing while cells of a few hundred milliseconds each run (on the
 * main thread, each cell would hold the timer up for at least its whole length), at the run workers'
 * lower priority (Linux). And a worker that cannot start fails the sweep with the reason instead of
 * hanging it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { SweepGrid } from '../../shared/contract/lab';
import { SweepJob } from '../../src-main/sweep/sweep-job';
import { WORKER_NICE } from '../../src-main/host/thread-priority';

/**
 * 3 cells (seeds) of one single-threaded run of 30,000 particles × 600 steps: each cell costs its
 * thread roughly 0.2–1 s, far more than the main thread's share of the work (a message per cell).
 */
const heavyGrid: SweepGrid = {
  experiment: {
    version: 1,
    steps: 600,
    loss: { expr: '0.5 * x^2', params: ['x'], domain: [[-3, 3]] },
    runs: [
      {
        name: 'momentum',
        optimizer: { type: 'momentum', lr: 0.01, N: 4 },
        gradient: { kind: 'gaussian', batch: 1, cov: [[1]] },
        start: [2],
        particles: 30_000,
      },
    ],
    record: { every: 50, particles: 1 },
  },
  vary: [{ path: 'seed', values: [1, 2, 3] }],
};

/** The longest wait between two ticks of a 5 ms timer on this thread while `work` runs. */
async function longestTimerGap(work: () => Promise<void>): Promise<number> {
  let last = performance.now();
  let longest = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 5);
  try {
    await work();
    return Math.max(longest, performance.now() - last);
  } finally {
    clearInterval(timer);
  }
}

describe('a sweep off the main thread', () => {
  it('keeps a main-thread timer firing: its longest wait stays well under one cell’s time', async () => {
    const job = new SweepJob(() => undefined, { threads: 1, minIntervalMs: 0 });
    // From the answer on (the worker's start-up, once per sweep, is not a cell's work).
    expect(await job.start(heavyGrid, process.cwd())).toEqual({ ok: true });
    const longest = await longestTimerGap(() => job.settled());
    const { elapsedMs, done } = job.status()!;
    const cellMs = elapsedMs / done;
    expect(job.status()).toMatchObject({ status: 'done', done: 3, total: 3 });
    // Each cell is one synchronous run of the compiled engine: on the main thread the timer would wait
    // at least a whole cell (ratio ≥ 1). Loaded or not, the worker leaves it a small fraction of that.
    expect(cellMs).toBeGreaterThan(50);
    expect(longest / cellMs).toBeLessThan(0.5);
  });

  it.runIf(process.platform === 'linux')('runs its cells at the run workers’ lower priority', async () => {
    /** The threads of this process at WORKER_NICE (field 19 of /proc/self/task/<tid>/stat). */
    const lowered = () =>
      readdirSync('/proc/self/task').filter((tid) => {
        try {
          const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
          return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]) === WORKER_NICE;
        } catch {
          return false; // the thread ended meanwhile
        }
      });
    expect(lowered()).toEqual([]);
    const job = new SweepJob(() => undefined, { threads: 1 });
    expect(await job.start(heavyGrid, process.cwd())).toEqual({ ok: true });
    const whileRunning = lowered();
    await job.cancel();
    expect(whileRunning.length).toBeGreaterThan(0);
  });

  it('fails the sweep with the reason when its worker cannot start', async () => {
    const workerUrl = new URL('./no-such-sweep-worker.mjs', import.meta.url);
    const job = new SweepJob(() => undefined, { workerUrl });
    const reply = await job.start(heavyGrid, process.cwd());
    expect(reply).toMatchObject({ ok: false, error: expect.stringMatching(/sweep's worker/) });
    expect(job.status()).toBeUndefined();
    await job.settled();
    // The job is free again: the next start is answered the same, not refused as "running".
    expect(await job.start(heavyGrid, process.cwd())).toEqual(reply);
  });
});
