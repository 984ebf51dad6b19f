/**
 * `trace.csv` from a recording, the one writer of `sgd-lab run` and the page's export: one row per run
 * and recorded step, `run,t,lr,loss,examples,tau` (SPEC §10; a loss with no live particle is `NaN`),
 * and for a network `test_loss,accuracy,test_accuracy`, empty where not defined (SPEC §13). A writer
 * may add columns of its own after these (`TraceColumns`). Pure: no Node, no DOM.
 */
import { csvText } from './csv-cell';
import { MODEL_MEASURES, type Recording, type RunRecording } from './recording';

/** Columns a writer adds after the command line's: their names, and each row's cells (already CSV text). */
export interface TraceColumns {
  head: string[];
  row(run: RunRecording, k: number): string[];
}

export function traceCsv(recording: Recording, extra?: TraceColumns): string {
  const model = recording.spec.loss.model !== undefined;
  const head = `run,t,lr,loss,examples,tau${model ? ',test_loss,accuracy,test_accuracy' : ''}`;
  const lines = [extra ? [head, ...extra.head.map(csvText)].join(',') : head];
  recording.runs.forEach((run) => {
    const name = csvText(run.name);
    run.t.forEach((t, k) => {
      const measures = model ? MODEL_MEASURES.map((m) => `,${run[m]?.[k] ?? ''}`).join('') : '';
      const more = extra ? [''].concat(extra.row(run, k)).join(',') : '';
      lines.push(
        `${name},${t},${run.lr[k]},${run.loss[k] ?? 'NaN'},${run.examples[k]},${run.tau[k]}${measures}${more}`,
      );
    });
  });
  return lines.join('\n') + '\n';
}
