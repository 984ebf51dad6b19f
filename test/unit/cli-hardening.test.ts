/**
 * `sgd-lab run` refuses what it cannot do before computing (issue 12): deep nesting and budgets with
 * exit 2 and a path, an unusable --out with exit 1, bad flags with exit 2; and writes its output pair
 * without leaving temporary folders. In-process through `main` (one spawn checks the real exit code).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src-main/cli/main';
import { writeFileAtomic } from '../../src-main/files/durable';

const BIN = path.resolve(__dirname, '../../bin/sgd-lab.mjs');

/** Runs `sgd-lab ARGS` in this process, capturing what it prints. */
async function sgdLab(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
  try {
    const code = await main(args);
    return { code, stdout, stderr };
  } finally {
    vi.restoreAllMocks();
  }
}
afterEach(() => vi.restoreAllMocks());

const dir = mkdtempSync(path.join(tmpdir(), 'sgd-cli-hard-'));
function file(name: string, content: unknown): string {
  const p = path.join(dir, name);
  writeFileSync(p, typeof content === 'string' ? content : JSON.stringify(content));
  return p;
}
const small = { seed: 1, steps: 5, loss: { preset: 'rosenbrock' }, runs: [{ optimizer: { type: 'sgd', lr: 0.001 } }] };
const out = (name: string) => path.join(dir, name);

describe('sgd-lab run: refusals before computing', () => {
  it('refuses a schedule nesting warmup.then 1,000 deep with exit 2 and the path (a real process)', () => {
    let schedule: unknown = 'constant';
    for (let i = 0; i < 1000; i++) schedule = { type: 'warmup', then: schedule };
    const spec = file('deep.lab.json', { ...small, runs: [{ optimizer: { type: 'sgd' }, schedule }] });
    const r = spawnSync(process.execPath, [BIN, 'run', spec, '--out', out('deep')], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/runs\[0\]\.schedule\.then\.then.*: nested more than 64 levels deep/);
    expect(r.stderr).not.toMatch(/Maximum call stack|\n\s+at /);
  });

  it('says steps: 1e12 is too large, with the limit, and suggests a mistyped optimizer', async () => {
    const r = await sgdLab([
      'run',
      file('big.lab.json', { ...small, steps: 1e12, runs: [{ optimizer: { type: 'adamm' } }] }),
      '--out',
      out('x'),
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('steps: is too large: at most 100000000');
    expect(r.stderr).toContain(
      'runs[0].optimizer.type: unknown optimizer type adamm: did you mean adam? (sgd, momentum,',
    );
  });

  it('refuses an experiment over the budget by the field that costs most (exit 2); --no-budget lets it through', async () => {
    const spec = file('budget.lab.json', {
      ...small,
      loss: { expr: '(x - u)^2 + y^2', data: { n: 100, vars: { u: { normal: [0, 1] } } } },
      runs: [{ optimizer: { type: 'sgd' }, gradient: { kind: 'minibatch', batch: 1_000_000_000 } }],
    });
    const r = await sgdLab(['run', spec, '--out', out('b')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /runs\[0\]\.gradient\.batch: needs about 22 GB of memory, over the limit of \d+(\.\d)? GB/,
    );
    expect(r.stderr).toContain('--no-budget');
    expect(existsSync(out('b'))).toBe(false);
    // Past the budget, the next check (an --out that is a file) answers: validation let it through.
    const blocker = file('not-a-folder', 'x');
    const passed = await sgdLab(['run', spec, '--out', blocker, '--no-budget']);
    expect(passed.stderr).toContain(`--out ${blocker} is a file, not a folder`);
    expect(passed.code).toBe(1);
  });

  it('checks --out before computing: a file or an unwritable place is exit 1 with nothing run', async () => {
    const spec = file('ok.lab.json', small);
    const blocker = file('blocker', 'x');
    const r = await sgdLab(['run', spec, '--out', path.join(blocker, 'sub')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/cannot write to --out .*blocker\/sub \((ENOTDIR|EEXIST)\)/);
    expect(r.stdout).toBe('');
  });

  it('refuses bad flags with exit 2 and the usage', async () => {
    const spec = file('flags.lab.json', small);
    for (const [args, message] of [
      [['--threads', '0'], /--threads must be a whole number from 1 to 1024/],
      [['--threads', '2.5'], /--threads must be a whole number/],
      [['--backend', 'gpu9000'], /unknown backend gpu9000/],
      [['--frobnicate'], /Unknown option '--frobnicate'/],
      [['--out'], /--out.*argument missing|needs a value/],
    ] as const) {
      const r = await sgdLab(['run', spec, '--out', out('f'), ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).toContain('usage: sgd-lab run');
    }
    const help = await sgdLab(['run', '--help']);
    expect([help.code, help.stdout.startsWith('usage: sgd-lab run FILE.lab.json --out DIR')]).toEqual([0, true]);
    expect((await sgdLab(['serve', '-h'])).stdout).toMatch(/^usage: sgd-lab serve .*--no-budget/);
    const serve = await sgdLab(['serve', '--backend', 'nope']);
    expect(serve.code).toBe(2);
    expect(serve.stderr).toMatch(/unknown backend nope/);
  });
});

describe('sgd-lab run: the output pair', () => {
  it('writes recording.json and trace.csv with --out=DIR and --threads, replaces an old pair, leaves no temporary folder', async () => {
    const target = out('pair');
    mkdirSync(path.join(target, '.sgd-lab-writing-stale'), { recursive: true });
    writeFileSync(path.join(target, 'trace.csv'), 'old\n');
    writeFileSync(path.join(target, 'notes.txt'), 'mine\n');
    const spec = file('pair.lab.json', small);
    const r = await sgdLab(['run', spec, `--out=${target}`, '--threads', '1', '--backend', 'cpu']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(readdirSync(target).sort()).toEqual(['notes.txt', 'recording.json', 'trace.csv']);
    const recording = JSON.parse(readFileSync(path.join(target, 'recording.json'), 'utf8'));
    const trace = readFileSync(path.join(target, 'trace.csv'), 'utf8').trim().split('\n');
    expect(trace).toHaveLength(1 + recording.runs[0].t.length);
    expect(trace[trace.length - 1]!.split(',').slice(0, 2)).toEqual([recording.runs[0].name, '5']);
  });
});

describe('writeFileAtomic', () => {
  it('writes the chunks, and on a failure mid-way keeps the old file and leaves no temporary one', async () => {
    const target = out('atomic.json');
    await writeFileAtomic(target, ['{"a":', '[1,2]', '}']);
    expect(readFileSync(target, 'utf8')).toBe('{"a":[1,2]}');
    function* failing() {
      yield '{"b":';
      throw new RangeError('Invalid string length');
    }
    await expect(writeFileAtomic(target, failing())).rejects.toThrow(/Invalid string length/);
    expect(readFileSync(target, 'utf8')).toBe('{"a":[1,2]}');
    expect(readdirSync(dir).filter((f) => f.includes('atomic.json'))).toEqual(['atomic.json']);
  });
});
