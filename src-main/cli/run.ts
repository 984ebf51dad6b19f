/**
 * `sgd-lab run FILE.lab.json --out DIR [--backend NAME] [--threads N] [--no-budget]` (SPEC §10):
 * validates the file (and its budget), checks DIR, runs every run, writes DIR/recording.json and
 * DIR/trace.csv as a pair, prints a short summary. Exit 0 done, 2 invalid file or usage, 1 anything
 * else. No stack traces. A CSV the loss reads is pinned by its SHA-256 and written into the recording
 * relative to DIR (SPEC §9).
 */
import { totalmem } from 'node:os';
import path from 'node:path';
import { machineBudget } from '../../shared/experiment/budget';
import type { Recording } from '../../shared/experiment/recording';
import { traceCsv } from '../../shared/experiment/trace-csv';
import { validateExperiment } from '../../shared/experiment/validate';
import { runExperiment } from '../engine/experiment-runner';
import { DataError } from '../engine/loss/loss-data';
import { experimentDataFile, relativeToRecording, withDataHash } from '../files/data-reference';
import { BACKEND_NAMES, parseRunArgs, UsageError, type RunOptions } from './args';
import { invalid, readExperimentJson } from './experiment-file';
import { checkOutDir, writeOutputPair } from './output';

const USAGE = `usage: sgd-lab run FILE.lab.json --out DIR [--backend ${BACKEND_NAMES}] [--threads N] [--no-budget]`;

/** trace.csv (SPEC §10, §13): the one writer the page's export shares. */
export { traceCsv };

export async function runCommand(args: string[]): Promise<number> {
  let options: RunOptions;
  try {
    options = parseRunArgs(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`sgd-lab run: ${error.message}\n${USAGE}\n`);
    return 2;
  }
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const read = await readExperimentJson('run', options.file);
  if (typeof read === 'number') return read;
  const input = read.input;
  const baseDir = path.dirname(path.resolve(options.file));
  const dataFile = await experimentDataFile(input, baseDir);
  const result = validateExperiment(input, {
    budget: options.budget ? machineBudget(totalmem()) : false,
    ...(dataFile && !(dataFile instanceof DataError) ? { csvBytes: dataFile.size } : {}),
  });
  if (!result.ok) return invalid(options.file, result.issues);
  if (dataFile instanceof DataError)
    return invalid(options.file, [{ path: 'loss.data.csv', message: dataFile.message }]);
  const experiment = dataFile ? withDataHash(result.experiment, dataFile.sha256) : result.experiment;
  const outProblem = await checkOutDir(options.out);
  if (outProblem) {
    process.stderr.write(`sgd-lab run: ${outProblem}\n`);
    return 1;
  }

  const started = performance.now();
  let recording: Recording;
  try {
    recording = await runExperiment(experiment, {
      baseDir,
      ...(options.backend !== undefined ? { backend: options.backend as 'auto' } : {}),
      ...(options.threads !== undefined ? { threads: options.threads } : {}),
      onRunFailed: (i, t, error) => {
        const name = result.experiment.runs[i]?.name ?? `run ${i}`;
        process.stderr.write(
          `sgd-lab run: runs[${i}] (${name}) stopped at t = ${t}: ${error.message}; the other runs went on\n`,
        );
      },
    });
  } catch (error) {
    if (error instanceof DataError) return invalid(options.file, [{ path: 'loss.data', message: error.message }]);
    throw error;
  }
  const seconds = (performance.now() - started) / 1000;
  recording = { ...recording, spec: relativeToRecording(recording.spec, baseDir, options.out) };
  await writeOutputPair(options.out, recording, traceCsv(recording));

  const on = recording.adapter ? ` (${recording.adapter})` : '';
  const lines = [`backend ${recording.backend}${on}, ${seconds.toFixed(2)} s, ${result.experiment.steps} steps`];
  for (const run of recording.runs) {
    const div = run.diverged ? `, ${run.diverged.particles} diverged (first at step ${run.diverged.step})` : '';
    lines.push(`  ${run.name}: final loss ${run.final.loss === null ? 'NaN' : run.final.loss.toPrecision(6)}${div}`);
  }
  lines.push(`wrote ${path.join(options.out, 'recording.json')} and trace.csv`);
  process.stdout.write(lines.join('\n') + '\n');
  return 0;
}
