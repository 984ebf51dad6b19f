/** `sgd-lab run` (SPEC §10): exit codes 0/1/2, errors by path without stack traces, trace.csv. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const BIN = path.resolve(__dirname, '../../bin/sgd-lab.mjs');

function sgdLab(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    env: { ...process.env, SGD_LAB_BACKEND: 'cpu' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function file(dir: string, name: string, content: unknown): string {
  const p = path.join(dir, name);
  writeFileSync(p, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return p;
}

describe('sgd-lab run', () => {
  it('runs a file: exit 0, recording.json and trace.csv, no temporary files left', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sgd-cli-'));
    const spec = file(dir, 'a.lab.json', {
      seed: 1,
      steps: 20,
      loss: { preset: 'rosenbrock' },
      runs: [
        { name: 'SGD', optimizer: { type: 'sgd', lr: 0.001 } },
        { name: 'Adam', optimizer: { type: 'adam', lr: 0.01 }, particles: 3, spread: 0.1 },
      ],
      record: { every: 8 },
    });
    const out = path.join(dir, 'out', 'nested');
    const r = sgdLab(['run', spec, '--out', out]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/backend cpu/);
    const csv = readFileSync(path.join(out, 'trace.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toBe('run,t,lr,loss,examples,tau');
    // SGD at lr 0.001, exact gradient (B = 1): examples = t, τ = 0.001 t.
    expect(csv[3]!.split(',').slice(4).map(Number)).toEqual([16, expect.closeTo(0.016, 12)]);
    expect(csv.slice(1).map((l) => l.split(',').slice(0, 2).join(','))).toEqual([
      'SGD,0',
      'SGD,8',
      'SGD,16',
      'SGD,20',
      'Adam,0',
      'Adam,8',
      'Adam,16',
      'Adam,20',
    ]);
    const rec = JSON.parse(readFileSync(path.join(out, 'recording.json'), 'utf8'));
    expect(rec.format).toBe('sgd-lab/recording');
    expect(rec.version).toBe(1);
    expect(rec.backend).toBe('cpu');
    expect(rec.runs[1].final.positions).toHaveLength(3);
    expect(rec.runs[0].lr[0]).toBe(0.001);
    expect(rec.spec.record).toEqual({ every: 8, particles: 3 });
    expect(readdirSync(out).sort()).toEqual(['recording.json', 'trace.csv']);
  });

  it('refuses an invalid file with exit 2, every problem by path, no stack trace', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sgd-cli-'));
    const spec = file(dir, 'bad.lab.json', {
      steps: 10,
      loss: { expr: '(1-x)^2 + 100*(y-x^2)^2' },
      runs: [
        { optimizer: { type: 'sgd' } },
        { optimizer: { type: 'momentum', N: 0 } },
        { optimizer: { type: 'nope' } },
      ],
    });
    const r = sgdLab(['run', spec, '--out', path.join(dir, 'o')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('runs[1].optimizer.N: must be ≥ 1');
    expect(r.stderr).toContain('runs[2].optimizer');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('reports a JSON syntax error with its line and column (exit 2), a missing file with exit 1', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sgd-cli-'));
    const spec = file(dir, 'syntax.lab.json', '{\n  "steps": 10,\n  "loss": }\n');
    const r = sgdLab(['run', spec, '--out', path.join(dir, 'o')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/line 3, column 11/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const missing = sgdLab(['run', path.join(dir, 'none.lab.json'), '--out', path.join(dir, 'o')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).not.toMatch(/\n\s+at /);
  });
});
