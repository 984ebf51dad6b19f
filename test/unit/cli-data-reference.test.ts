/**
 * A recording's data file (issue 18, numerics 2; SPEC §9): `sgd-lab run` writes the CSV path relative
 * to the recording's folder with the file's SHA-256, so that `analyze` (real processes, run from folder
 * A, analyzed from folder B) and `serve --recording` find it from anywhere; a CSV changed since is
 * refused by name (exit 2, no stack trace; an error reply in the lab).
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, startServe } from './serve-process';
import { openLabSocket } from './serve-socket';

const root = mkdtempSync(path.join(tmpdir(), 'sgd-data-ref-'));
const A = path.join(root, 'A');
const B = path.join(root, 'B');
mkdirSync(A);
mkdirSync(B);
const ROWS = 'u\n1\n3\n';
writeFileSync(path.join(A, 'rows.csv'), ROWS);
// ½(x − u)² over u ∈ {1, 3}: minimum at x = 2, where L* = ½ · mean((2 − u)²) = ½.
const experiment = {
  seed: 3,
  steps: 200,
  loss: { expr: '0.5*(x - u)^2', params: ['x'], data: { csv: 'rows.csv' }, domain: [[-1, 5]] },
  runs: [
    { optimizer: { type: 'sgd', lr: 0.05 }, gradient: { kind: 'minibatch', batch: 1 }, start: [0], particles: 50 },
  ],
};
writeFileSync(path.join(A, 'exp.lab.json'), JSON.stringify(experiment));

const sgdLab = (cwd: string, ...args: string[]) =>
  spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', timeout: 60_000 });

describe('a recording finds its data from any folder', () => {
  it('run in A writes ../rows.csv with its SHA-256; analyze from B reads it; a changed CSV is refused by name', async () => {
    const run = sgdLab(A, 'run', 'exp.lab.json', '--out', 'out', '--backend', 'compiled');
    expect([run.status, run.stderr]).toEqual([0, '']);
    const recording = JSON.parse(readFileSync(path.join(A, 'out', 'recording.json'), 'utf8'));
    // `printf 'u\n1\n3\n' | sha256sum`
    expect(recording.spec.loss.data).toEqual({
      csv: '../rows.csv',
      sha256: 'ff5e2f0cfb864e967d79c32b01561a1265295e2bf6f16dd455f3cdef2f1649c8',
    });

    const analyze = sgdLab(B, 'analyze', path.join('..', 'A', 'out', 'recording.json'));
    expect([analyze.status, analyze.stderr]).toEqual([0, '']);
    const analysis = JSON.parse(readFileSync(path.join(A, 'out', 'analysis.json'), 'utf8'));
    expect(analysis.runs[0].theory.at[0]).toBeCloseTo(2, 6);
    expect(analysis.runs[0].theory.Lstar).toBeCloseTo(0.5, 9);

    // The lab's replay of the same recording draws its surface: ½(x − 1)² + ½(x − 3)² over 2 at x = 2.
    const serve = await startServe(['--recording', path.join(A, 'out', 'recording.json')]);
    try {
      const lab = await openLabSocket(serve);
      const drawn = await lab.ask({ type: 'surface', resolution: 7 });
      // 7 points over [−1, 5]: x = 2 is the fourth.
      expect(drawn.reply.surface?.values[3]).toBeCloseTo(0.5, 6);

      appendFileSync(path.join(A, 'rows.csv'), '5\n');
      const changed = sgdLab(B, 'analyze', path.join('..', 'A', 'out', 'recording.json'));
      expect(changed.status).toBe(2);
      expect(changed.stderr).toContain(`${path.join(A, 'rows.csv')}: has changed since the recording was made`);
      expect(changed.stderr).not.toMatch(/\n\s+at /);

      const refused = await lab.ask({ type: 'surface', resolution: 8 });
      expect(refused.reply.ok).toBe(false);
      expect(refused.reply.error).toContain('../rows.csv: has changed since the recording was made');
      lab.close();
    } finally {
      await serve.stop();
    }
  }, 120_000);
});
