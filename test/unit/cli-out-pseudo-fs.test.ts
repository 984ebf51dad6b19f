/**
 * `--out` on a file system that takes no new folders (issue 18, security 5): Node's recursive mkdir
 * loops forever on `/proc/x`; `run`, `sweep` and `merge` (real processes, under a timeout) each say
 * which folder cannot be made and exit 1 at once.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeDirs } from '../../src-main/files/make-dirs';
import { BIN } from './serve-process';

const dir = mkdtempSync(path.join(tmpdir(), 'sgd-out-proc-'));
const spec = path.join(dir, 'small.lab.json');
writeFileSync(
  spec,
  JSON.stringify({
    seed: 1,
    steps: 5,
    loss: { preset: 'rosenbrock' },
    runs: [{ optimizer: { type: 'sgd', lr: 0.001 } }],
  }),
);
const sweep = path.join(dir, 'small.sweep.json');
writeFileSync(
  sweep,
  JSON.stringify({ version: 1, experiment: 'small.lab.json', vary: [{ path: 'seed', values: [1] }] }),
);

/** `sgd-lab ARGS` as a process, killed after 30 s (it used to never return). */
function sgdLab(...args: string[]) {
  const started = performance.now();
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 30_000 });
  return { ...r, ms: performance.now() - started };
}

describe('--out where no folder can be made', () => {
  it('run --out /proc/x and /proc/x/y: exit 1 with the folder named, no stack trace', () => {
    for (const out of ['/proc/x', '/proc/x/y']) {
      const r = sgdLab('run', spec, '--out', out);
      expect(r.signal).toBeNull(); // not killed by the timeout
      expect(r.status).toBe(1);
      expect(r.stderr).toContain(
        `sgd-lab run: cannot write to --out ${out} (ENOENT): /proc/x this file system does not take new folders`,
      );
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  }, 90_000);

  it('sweep and merge --out /proc/x: exit 1 with the folder named', () => {
    const s = sgdLab('sweep', sweep, '--out', '/proc/x');
    expect([s.signal, s.status]).toEqual([null, 1]);
    expect(s.stderr).toContain('/proc/x this file system does not take new folders');
    const done = path.join(dir, 'done');
    expect(sgdLab('sweep', sweep, '--out', done).status).toBe(0);
    const m = sgdLab('merge', done, '--out', '/proc/x');
    expect([m.signal, m.status]).toEqual([null, 1]);
    expect(m.stderr).toContain('/proc/x this file system does not take new folders');
  }, 90_000);

  it('makeDirs makes missing levels, accepts an existing folder, refuses a file on the way', async () => {
    await makeDirs(path.join(dir, 'a', 'b', 'c'));
    await makeDirs(path.join(dir, 'a', 'b'));
    writeFileSync(path.join(dir, 'plain'), '');
    await expect(makeDirs(path.join(dir, 'plain', 'sub'))).rejects.toThrow(
      `${path.join(dir, 'plain')} is a file, not a folder`,
    );
  });
});
