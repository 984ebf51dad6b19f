/**
 * The start-up row of `sgd-lab bench` (issue #19): the wall time of a whole 5-step `sgd-lab run`
 * (bin/sgd-lab.mjs on the bundled command line, out/cli) against a bare `node -e 0` measured in the
 * same run, each started five times, interleaved so both see the same load; medians.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLI_BUNDLE_DIR } from '../../files/bundle';

const BIN = fileURLToPath(new URL('../../bin/sgd-lab.mjs', CLI_BUNDLE_DIR));
const TIMES = 5;
/** The goal of issue #19: a 5-step run at most this many times a bare Node start. */
const GOAL = 8;

/** examples/rosenbrock.lab.json cut to 5 steps: Adam (1 particle) beside noisy momentum (500 particles). */
const FIVE_STEPS = {
  version: 1,
  seed: 42,
  steps: 5,
  loss: {
    expr: '(1-x)^2 + 100*(y-x^2)^2',
    domain: [
      [-2, 2],
      [-1, 3],
    ],
  },
  runs: [
    { name: 'Adam', optimizer: { type: 'adam', lr: 0.01 }, start: [-1.5, 2], particles: 1 },
    {
      name: 'Momentum',
      optimizer: { type: 'momentum', lr: 0.001, N: 10 },
      gradient: {
        kind: 'gaussian',
        batch: 1,
        cov: [
          [1, 0],
          [0, 1],
        ],
      },
      start: [-1.5, 2],
      particles: 500,
      spread: 0.1,
    },
  ],
  record: { every: 1, particles: 50 },
};

/** Seconds one start of `args` takes, wall clock; throws when it fails. */
function timed(args: string[]): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const s = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited with ${r.status}: ${r.stderr}`);
  return s;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

/** Prints `cli start  X s for a 5-step run, Y× node -e 0 (goal ≤ 8×)`. */
export function cliStartRow(out: (line: string) => void): void {
  const dir = mkdtempSync(path.join(tmpdir(), 'sgd-lab-start-'));
  try {
    const file = path.join(dir, 'five.lab.json');
    writeFileSync(file, JSON.stringify(FIVE_STEPS));
    const run = [BIN, 'run', file, '--out', path.join(dir, 'out')];
    const bare: number[] = [];
    const cli: number[] = [];
    for (let k = 0; k < TIMES; k++) {
      bare.push(timed(['-e', '0']));
      cli.push(timed(run));
    }
    const ratio = median(cli) / median(bare);
    out(
      `cli start  ${median(cli).toFixed(2)} s for a 5-step run, ${ratio.toFixed(1)}× node -e 0 ` +
        `(${median(bare).toFixed(3)} s; goal ≤ ${GOAL}×)`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
