/**
 * `sgd-lab run` on a network (SPEC §13), end to end in a real process: SGD, momentum and Adam train a
 * 2-16-16-1 tanh network on generated two moons from one file. Each run's recording has D = 337
 * numbers per position, the loss falls, training and test accuracy pass 0.9; trace.csv adds
 * test_loss,accuracy,test_accuracy; `--threads` (Adam's 4 networks over 1 or 3 threads) changes no byte.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const BIN = path.resolve(__dirname, '../../bin/sgd-lab.mjs');

function sgdLab(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const SPEC = {
  seed: 2,
  steps: 1500,
  loss: {
    model: { hidden: [16, 16], activation: 'tanh', output: 'logistic' },
    data: { dataset: 'two-moons', n: 300, noise: 0.1, test: 200 },
  },
  runs: [
    { name: 'SGD', optimizer: { type: 'sgd', lr: 0.5 }, gradient: { kind: 'minibatch', batch: 16 } },
    { name: 'momentum', optimizer: { type: 'momentum', lr: 0.05, N: 10 }, gradient: { kind: 'minibatch', batch: 16 } },
    {
      name: 'Adam',
      optimizer: { type: 'adam', lr: 0.01 },
      gradient: { kind: 'minibatch', batch: 16 },
      particles: 4,
      spread: 0.05,
    },
  ],
  record: { every: 500, particles: 2 },
};

describe('sgd-lab run on a model', () => {
  it('trains SGD, momentum and Adam on two moons: accuracy > 0.9, trace.csv with the model columns, --threads changes nothing', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sgd-model-'));
    const file = path.join(dir, 'moons.lab.json');
    writeFileSync(file, JSON.stringify(SPEC));
    const outs = ['1', '3'].map((threads) => {
      const out = path.join(dir, `out-${threads}`);
      const r = sgdLab(['run', file, '--out', out, '--threads', threads]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      return out;
    });
    const text = readFileSync(path.join(outs[0]!, 'recording.json'), 'utf8');
    expect(readFileSync(path.join(outs[1]!, 'recording.json'), 'utf8')).toBe(text);
    const rec = JSON.parse(text) as {
      runs: {
        name: string;
        t: number[];
        loss: number[];
        accuracy: number[];
        testAccuracy: number[];
        testLoss: number[];
        positions: number[][][];
        final: { accuracy: number; testAccuracy: number; positions: number[][] };
      }[];
    };
    for (const run of rec.runs) {
      expect(run.t).toEqual([0, 500, 1000, 1500]);
      expect(run.positions[0]![0]!.length).toBe(337);
      expect(run.positions[0]!.length).toBe(run.name === 'Adam' ? 2 : 1);
      expect(run.loss.at(-1)!).toBeLessThan(0.5 * run.loss[0]!);
      expect(run.accuracy.at(-1)!).toBeGreaterThan(0.9);
      expect(run.testAccuracy.at(-1)!).toBeGreaterThan(0.9);
      expect(run.testLoss).toHaveLength(4);
      expect(run.final.accuracy).toBe(run.accuracy.at(-1));
    }
    // Every run starts from the one Φ₀ drawn from the seed (Adam's networks around it, spread 0.05).
    expect(rec.runs[1]!.positions[0]).toEqual(rec.runs[0]!.positions[0]);
    expect(rec.runs[2]!.final.positions).toHaveLength(4);
    const off = rec.runs[2]!.positions[0]![1]!.map((v, d) => v - rec.runs[0]!.positions[0]![0]![d]!);
    expect(Math.sqrt(off.reduce((a, v) => a + v * v, 0) / off.length)).toBeCloseTo(0.05, 1);
    const trace = readFileSync(path.join(outs[0]!, 'trace.csv'), 'utf8').trim().split('\n');
    expect(trace[0]).toBe('run,t,lr,loss,examples,tau,test_loss,accuracy,test_accuracy');
    const last = trace[4]!.split(',');
    expect(last.slice(0, 2)).toEqual(['SGD', '1500']);
    expect(Number(last[7])).toBe(rec.runs[0]!.accuracy.at(-1));
  }, 120_000);
});
