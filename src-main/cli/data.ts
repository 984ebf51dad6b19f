/**
 * `sgd-lab data FILE.lab.json --out DIR` (SPEC §13): writes the examples a model trains and is tested
 * on, as it sees them, to `DIR/train.csv` and `DIR/test.csv` (inputs, standardized when the data asks,
 * then the label or targets; a header row; `test.csv` has only its header without test rows). Each
 * file is replaced atomically. Exit 0 done, 2 usage, an invalid file or data that cannot be read, 1
 * anything else. No stack traces.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { examplesCsv } from '../../shared/data/examples-csv';
import type { ModelExamples } from '../../shared/data/model-data';
import { validateExperiment } from '../../shared/experiment/validate';
import { modelData } from '../data/load-model-data';
import { DataError } from '../engine/loss/data-error';
import { writeFileAtomic } from '../files/durable';
import { invalid, readExperimentJson } from './experiment-file';
import { checkOutDir } from './output';

const USAGE = 'usage: sgd-lab data FILE.lab.json --out DIR';

function usage(message: string): number {
  process.stderr.write(`sgd-lab data: ${message}\n${USAGE}\n`);
  return 2;
}

function parse(args: string[]): { file: string; out: string } | string {
  try {
    const { values, positionals } = parseArgs({
      args,
      options: { out: { type: 'string' } },
      allowPositionals: true,
      strict: true,
    });
    if (positionals.length === 0) return 'missing FILE';
    if (positionals.length > 1) return `unexpected argument ${positionals[1]}`;
    if (values.out === undefined || values.out === '') return 'missing --out DIR';
    return { file: positionals[0]!, out: values.out };
  } catch (error) {
    return (error as Error).message.replace(/\. To specify a positional argument.*$/s, '');
  }
}

const describe = (e: ModelExamples) =>
  `${e.n} rows × ${e.inputs} input${e.inputs === 1 ? '' : 's'}, ${'classes' in e ? `${e.classes} classes` : `${e.outputs} target${e.outputs === 1 ? '' : 's'}`}`;

export async function dataCommand(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const options = parse(args);
  if (typeof options === 'string') return usage(options);
  const read = await readExperimentJson('data', options.file);
  if (typeof read === 'number') return read;
  const input = read.input;
  // Writing examples runs nothing, so no budget applies.
  const result = validateExperiment(input, { budget: false });
  if (!result.ok) return invalid(options.file, result.issues);
  const experiment = result.experiment;
  if (!experiment.loss.model)
    return invalid(options.file, [
      { path: 'loss', message: 'has no model: sgd-lab data writes the examples of a loss.model (SPEC §13)' },
    ]);
  let data;
  try {
    data = await modelData(experiment, path.dirname(path.resolve(options.file)));
  } catch (error) {
    if (error instanceof DataError) return invalid(options.file, [{ path: 'loss.data', message: error.message }]);
    throw error;
  }
  const outProblem = await checkOutDir(options.out);
  if (outProblem) {
    process.stderr.write(`sgd-lab data: ${outProblem}\n`);
    return 1;
  }
  const test = data.test ?? { ...data.train, n: 0 };
  await writeFileAtomic(path.join(options.out, 'train.csv'), examplesCsv(data.train));
  await writeFileAtomic(path.join(options.out, 'test.csv'), examplesCsv(test));
  const lines = [
    `wrote ${path.join(options.out, 'train.csv')} (${describe(data.train)})`,
    `  and ${path.join(options.out, 'test.csv')} (${data.test ? describe(data.test) : 'no test rows'})`,
  ];
  if (data.standardization) lines.push('  inputs standardized with the training rows’ means and sds');
  process.stdout.write(lines.join('\n') + '\n');
  return 0;
}
