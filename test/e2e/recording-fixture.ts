/** A small recording made by the real `sgd-lab run`, for the replay and export tests. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './helpers';

export interface MadeRecording {
  /** recording.json's path and text, and trace.csv's text. */
  path: string;
  text: string;
  trace: string;
}

/** Rosenbrock, SGD beside a small Adam cloud, `steps` (400) recorded every `every` (10: 41 recorded steps). */
export function makeRecording(every = 10, steps = 400): MadeRecording {
  const dir = mkdtempSync(join(tmpdir(), 'sgd-e2e-rec-'));
  const spec = join(dir, 'replay.lab.json');
  writeFileSync(
    spec,
    JSON.stringify({
      title: 'Recorded: SGD beside Adam',
      seed: 7,
      steps,
      loss: { preset: 'rosenbrock' },
      runs: [
        { name: 'SGD', optimizer: { type: 'sgd', lr: 0.002 }, start: [-1.5, 2] },
        { name: 'Adam', optimizer: { type: 'adam', lr: 0.05 }, start: [-1.5, 2], particles: 30, spread: 0.3 },
      ],
      record: { every, particles: 30 },
    }),
  );
  const out = join(dir, 'out');
  const r = spawnSync(process.execPath, ['bin/sgd-lab.mjs', 'run', spec, '--out', out], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`sgd-lab run failed (${r.status}): ${r.stderr}`);
  const path = join(out, 'recording.json');
  return { path, text: readFileSync(path, 'utf8'), trace: readFileSync(join(out, 'trace.csv'), 'utf8') };
}
