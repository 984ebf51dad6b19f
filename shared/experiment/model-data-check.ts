/**
 * The checks between `loss.data` and `loss.model` (SPEC §13) that the schema alone cannot make: a
 * model's data only beside a model, a model only with a model's data, and the output fitting the
 * targets (labels for `logistic`/`softmax`, real values for `linear`; `logistic` has 2 classes). A
 * CSV's number of classes is known only when the file is read (src-main/data/csv-examples.ts).
 */
import type { SpecIssue } from './issues';
import { isModelData, type ModelDataSpec } from './model-data-schema';

/** The number of classes of a named set, or undefined for `sine` (real targets). */
export function classesOfSet(data: { dataset: string; classes?: number }): number | undefined {
  if (data.dataset === 'sine') return undefined;
  if (data.dataset === 'iris') return 3;
  if (data.dataset === 'digits') return 10;
  return data.classes ?? 2;
}

/** Problems of `data` beside `model` (absent for a formula loss), each at its place in the file. */
export function modelDataIssues(data: object | undefined, model: { output: string } | undefined): SpecIssue[] {
  const modelData = data !== undefined && isModelData(data);
  if (!model)
    return modelData
      ? [
          {
            path: 'loss.data',
            message: 'is a model’s data (a data set, or a CSV with inputs and target): give loss.model',
          },
        ]
      : [];
  // No data at all is normalize.ts's to report (a model needs data).
  if (data === undefined) return [];
  if (!modelData)
    return [
      {
        path: 'loss.data',
        message:
          'a model needs a data set ({"dataset": …}) or a CSV with inputs and target, not generated variables or a bare CSV',
      },
    ];
  return outputIssues(data, model.output);
}

function outputIssues(data: ModelDataSpec, output: string): SpecIssue[] {
  const at = 'loss.model.output';
  if ('csv' in data) {
    const columns = typeof data.target === 'string' ? 1 : data.target.length;
    return output !== 'linear' && columns !== 1
      ? [{ path: 'loss.data.target', message: `${output} needs one target column (the labels), not ${columns}` }]
      : [];
  }
  const classes = classesOfSet(data);
  if (classes === undefined)
    return output === 'linear' ? [] : [{ path: at, message: `${data.dataset} has a real target: use linear` }];
  if (output === 'linear')
    return [{ path: at, message: `${data.dataset} has class labels: use logistic (2 classes) or softmax` }];
  if (output === 'logistic' && classes !== 2)
    return [{ path: at, message: `logistic takes 2 classes and ${data.dataset} has ${classes}: use softmax` }];
  return [];
}
