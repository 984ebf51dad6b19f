/**
 * The sweep a view starts (`sweep`, `cancelSweep`): progress after every cell, Cancel between cells
 * keeping the finished ones, and every cell's numbers equal to those `sgd-lab sweep` writes to
 * sweep.csv for the same grid (the CLI's runner and CSV as the independent reference).
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SweepProgressSchema, type SweepGrid, type SweepProgress } from '../../shared/contract/lab';
import { LabHost } from '../../src-main/host/lab-host';
import { SweepJob } from '../../src-main/sweep/sweep-job';
import { readCsvRecords } from '../../src-main/sweep/sweep-csv';
import { runSweep, SWEEP_CSV } from '../../src-main/sweep/sweep-run';
import { expandSweep } from '../../src-main/sweep/sweep-file';
import { engineModule } from './lab-fixtures';

/** 3 learning rates × 2 seeds = 6 cells of two runs each (a minibatch SGD run and an exact one). */
const grid: SweepGrid = {
  experiment: {
    version: 1,
    steps: 40,
    loss: { preset: 'quadratic-1d', data: { n: 100, vars: { u: { normal: [1, 1] } } } },
    runs: [
      { name: 'SGD', optimizer: { type: 'sgd', lr: 0.1 }, gradient: { kind: 'minibatch', batch: 1 }, particles: 30 },
      { name: 'exact, diverging', optimizer: { type: 'sgd', lr: 1e5 }, particles: 2, spread: 0.5 },
    ],
    record: { every: 4, particles: 2 },
  },
  vary: [
    { path: 'runs[0].optimizer.lr', values: [0.05, 0.2, 0.8] },
    { path: 'seed', values: [1, 2] },
  ],
  burnIn: 20,
};

/** Runs a job to its end, keeping every progress it reported (each checked against the schema). */
async function runJob(g: SweepGrid, onProgress?: (p: SweepProgress, job: SweepJob) => void) {
  const seen: SweepProgress[] = [];
  const job: SweepJob = new SweepJob(
    () => {
      const p = SweepProgressSchema.parse(job.status());
      seen.push(p);
      onProgress?.(p, job);
    },
    { minIntervalMs: 0 },
  );
  expect(await job.start(g, process.cwd())).toEqual({ ok: true });
  await job.settled();
  return { seen, final: job.status()! };
}

/** A CSV number as the contract carries it: null when not finite (`NaN`, `Infinity`). */
const num = (text: string) => (Number.isFinite(Number(text)) ? Number(text) : null);

let host: LabHost | undefined;
afterEach(async () => {
  await host?.close();
  host = undefined;
});

describe('the sweep job', () => {
  it('reports every cell as it finishes: cells done of total, time left, done at the end', async () => {
    const { seen, final } = await runJob(grid);
    expect(seen[0]).toMatchObject({ status: 'running', done: 0, total: 6, leftMs: null, cells: [] });
    const dones = seen.filter((p) => p.status === 'running').map((p) => p.done);
    expect(dones).toEqual([0, 1, 2, 3, 4, 5, 6]);
    for (const p of seen.slice(1, -1)) expect(p.leftMs).toBeGreaterThanOrEqual(0);
    expect(final).toMatchObject({ status: 'done', done: 6, total: 6, leftMs: 0 });
    expect(final.vary).toEqual(['runs[0].optimizer.lr', 'seed']);
    expect(final.cells.map((c) => c.cell)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(final.cells[3]!.values).toEqual([0.2, 2]);
  });

  it('gives the numbers sgd-lab sweep writes to sweep.csv for the same grid, cell by cell', async () => {
    const { final } = await runJob(grid);
    const loaded = expandSweep({ version: 1, ...grid, vary: grid.vary }, grid.experiment, process.cwd());
    if ('issues' in loaded) throw new Error(JSON.stringify(loaded.issues));
    const out = await mkdtemp(path.join(tmpdir(), 'sgd-sweep-job-'));
    await runSweep(loaded, { out, threads: 1 });
    const { records } = readCsvRecords(await readFile(path.join(out, SWEEP_CSV), 'utf8'));
    const [header, ...rows] = records.map((r) => r.fields);
    expect(header).toEqual([
      'runs[0].optimizer.lr',
      'seed',
      'cell',
      'run',
      'L',
      'L_stderr',
      'final_loss',
      'examples',
      'tau',
      'diverged',
    ]);
    expect(rows).toHaveLength(12);
    const fromJob = final.cells.flatMap((c) =>
      c.runs.map((r) => [c.values[0], c.values[1], c.cell, r.name, r.L, r.Lstderr, r.finalLoss, r.diverged]),
    );
    const fromCsv = rows.map((f) => [
      Number(f[0]),
      Number(f[1]),
      Number(f[2]),
      f[3],
      num(f[4]!),
      num(f[5]!),
      num(f[6]!),
      Number(f[9]),
    ]);
    expect(fromJob).toEqual(fromCsv);
    // The exact run at η = 10⁵ diverges in every cell: not finite is null, its particles counted.
    expect(final.cells.every((c) => c.runs[1]!.finalLoss === null && c.runs[1]!.diverged === 2)).toBe(true);
  });

  it('Cancel stops between cells and keeps the finished cells, equal to those of a whole run', async () => {
    const whole = (await runJob(grid)).final;
    let cancelled: Promise<unknown> | undefined;
    const { final } = await runJob(grid, (p, job) => {
      if (p.done === 2 && !cancelled) cancelled = job.cancel();
    });
    expect(await cancelled).toEqual({ ok: true });
    expect(final.status).toBe('cancelled');
    expect(final.done).toBe(2);
    expect(final.total).toBe(6);
    expect(final.leftMs).toBe(0);
    expect(final.cells).toEqual(whole.cells.slice(0, 2));
  });

  it('takes the next sweep as soon as a view can see the last one ended', async () => {
    let next: Promise<unknown> | undefined;
    const job: SweepJob = new SweepJob(() => {
      // A view hears of the end in a later task of the event loop and may start again at once.
      if (job.status()?.status === 'cancelled' && !next)
        next = new Promise((resolve) => setImmediate(() => resolve(job.start(grid, process.cwd()))));
    });
    expect(await job.start(grid, process.cwd())).toEqual({ ok: true });
    await job.cancel();
    expect(await next).toEqual({ ok: true });
    await job.cancel();
  });
});

describe('the host’s sweep commands', () => {
  it('validates the grid (schema, then every cell) and reports the sweep in its state', async () => {
    host = new LabHost({ engineModule, size: 1 });
    const bad = await host.handle({ type: 'sweep', grid: { ...grid, vary: [{ path: 'seed', values: [{}] }] } });
    expect(bad).toMatchObject({ ok: false, error: expect.stringContaining('invalid command') });
    const badCell = await host.handle({
      type: 'sweep',
      grid: { ...grid, vary: [{ path: 'runs[0].optimizer.lr', values: [0.1, -1] }] },
    });
    expect(badCell).toMatchObject({ ok: false, error: expect.stringContaining('cell 1') });
    expect(host.state().sweep).toBeUndefined();

    const states: (SweepProgress | undefined)[] = [];
    host.onState((s) => states.push(s.sweep));
    expect(await host.handle({ type: 'sweep', grid })).toEqual({ ok: true });
    expect(await host.handle({ type: 'sweep', grid })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/running/),
    });
    expect(await host.handle({ type: 'cancelSweep' })).toEqual({ ok: true });
    const last = host.state().sweep!;
    expect(last.status === 'cancelled' || last.status === 'done').toBe(true);
    expect(last.cells).toHaveLength(last.done);
    expect(states.at(-1)).toEqual(last);
  });
});
