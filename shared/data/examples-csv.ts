/**
 * A model's examples as CSV text (`sgd-lab data`, SPEC §13): a header naming the inputs then the
 * targets, then one row per example with the inputs as the model sees them (standardized when asked)
 * and its label (0 … K − 1) or real targets. Numbers are written as their shortest text that reads
 * back as the same float64. Given in chunks of rows, so a large set is never one string. Pure.
 */
import { csvText } from '../experiment/csv-cell';
import type { ModelExamples } from './model-data';

/** Rows per chunk of text. */
const CHUNK_ROWS = 1024;

/** The CSV of `examples` (header, then rows), in chunks. */
export function* examplesCsv(examples: ModelExamples): Generator<string> {
  const { x, y, n, inputs } = examples;
  const targets = 'outputs' in examples ? examples.outputs : 1;
  yield [...examples.inputNames, ...examples.targetNames].map(csvText).join(',') + '\n';
  let chunk: string[] = [];
  for (let i = 0; i < n; i++) {
    const cells: number[] = [];
    for (let j = 0; j < inputs; j++) cells.push(x[i * inputs + j]!);
    for (let k = 0; k < targets; k++) cells.push(y[i * targets + k]!);
    chunk.push(cells.join(','));
    if (chunk.length === CHUNK_ROWS || i === n - 1) {
      yield chunk.join('\n') + '\n';
      chunk = [];
    }
  }
}
