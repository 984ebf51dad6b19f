/**
 * `sgd-lab run FILE.lab.json --out DIR [--backend NAME]` (SPEC §10): validates the file, runs every
 * run, writes DIR/recording.json and DIR/trace.csv atomically, prints a short summary.
 * Exit 0 done, 2 invalid file or usage, 1 anything else. No stack traces.
 */
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { formatIssue, type SpecIssue } from '../../shared/spec/issues';
import { parseJson } from '../../shared/spec/json';
import type { Recording } from '../../shared/spec/recording';
import { validateExperiment } from '../../shared/spec/validate';
import { isBackendName } from '../engine/backend';
import { runExperiment } from '../engine/experiment-runner';
import { DataError } from '../engine/loss/data';

const USAGE = 'usage: sgd-lab run FILE.lab.json --out DIR [--backend tensorflow-gpu|tensorflow|wasm|cpu|auto]';

interface RunArgs {
  file: string;
  out: string;
  backend?: string;
}

function parseArgs(args: string[]): RunArgs | string {
  let file: string | undefined;
  let out: string | undefined;
  let backend: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const [flag, inline] =
      a.startsWith('--') && a.includes('=')
        ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)]
        : [a, undefined];
    if (flag === '--out' || flag === '--backend') {
      const value = inline ?? args[++i];
      if (value === undefined || value === '') return `${flag} needs a value`;
      if (flag === '--out') out = value;
      else backend = value;
    } else if (a.startsWith('-')) return `unknown option ${a}`;
    else if (file === undefined) file = a;
    else return `unexpected argument ${a}`;
  }
  if (file === undefined) return 'missing FILE';
  if (out === undefined) return 'missing --out DIR';
  return { file, out, ...(backend !== undefined ? { backend } : {}) };
}

/** Writes a file so that a kill never leaves it half-written: a temporary file in DIR, then a rename. */
export async function writeAtomic(file: string, content: string): Promise<void> {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`);
  try {
    await writeFile(tmp, content);
    await rename(tmp, file);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
}

/** trace.csv: `run,t,lr,loss,examples,tau`, one row per run and recorded step (SPEC §10). */
export function traceCsv(recording: Recording): string {
  const lines = ['run,t,lr,loss,examples,tau'];
  recording.runs.forEach((run) => {
    const name = /[",\n\r]/.test(run.name) ? `"${run.name.replace(/"/g, '""')}"` : run.name;
    run.t.forEach((t, k) =>
      lines.push(`${name},${t},${run.lr[k]},${run.loss[k] ?? 'NaN'},${run.examples[k]},${run.tau[k]}`),
    );
  });
  return lines.join('\n') + '\n';
}

function invalid(file: string, issues: SpecIssue[]): number {
  process.stderr.write(`${file} is invalid:\n${issues.map((i) => `  ${formatIssue(i)}`).join('\n')}\n`);
  return 2;
}

export async function runCommand(args: string[]): Promise<number> {
  const parsed = parseArgs(args);
  if (typeof parsed === 'string') {
    process.stderr.write(`sgd-lab run: ${parsed}\n${USAGE}\n`);
    return 2;
  }
  if (parsed.backend !== undefined && parsed.backend !== 'auto' && !isBackendName(parsed.backend)) {
    process.stderr.write(`sgd-lab run: unknown backend ${parsed.backend}\n${USAGE}\n`);
    return 2;
  }
  let text: string;
  try {
    text = await readFile(parsed.file, 'utf8');
  } catch (error) {
    process.stderr.write(`sgd-lab run: cannot read ${parsed.file}: ${(error as Error).message}\n`);
    return 1;
  }
  let input: unknown;
  try {
    input = parseJson(text);
  } catch (error) {
    return invalid(parsed.file, [{ path: '', message: (error as Error).message }]);
  }
  const result = validateExperiment(input);
  if (!result.ok) return invalid(parsed.file, result.issues);

  const started = performance.now();
  let recording: Recording;
  try {
    recording = await runExperiment(result.experiment, {
      baseDir: path.dirname(path.resolve(parsed.file)),
      ...(parsed.backend !== undefined ? { backend: parsed.backend as 'auto' } : {}),
    });
  } catch (error) {
    if (error instanceof DataError) return invalid(parsed.file, [{ path: 'loss.data', message: error.message }]);
    throw error;
  }
  const seconds = (performance.now() - started) / 1000;
  await mkdir(parsed.out, { recursive: true });
  await writeAtomic(path.join(parsed.out, 'recording.json'), JSON.stringify(recording));
  await writeAtomic(path.join(parsed.out, 'trace.csv'), traceCsv(recording));

  const lines = [`backend ${recording.backend}, ${seconds.toFixed(2)} s, ${result.experiment.steps} steps`];
  for (const run of recording.runs) {
    const div = run.diverged ? `, ${run.diverged.particles} diverged (first at step ${run.diverged.step})` : '';
    lines.push(`  ${run.name}: final loss ${run.final.loss === null ? 'NaN' : run.final.loss.toPrecision(6)}${div}`);
  }
  lines.push(`wrote ${path.join(parsed.out, 'recording.json')} and trace.csv`);
  process.stdout.write(lines.join('\n') + '\n');
  return 0;
}
