/**
 * What an experiment will cost, estimated from the file alone before anything runs, and the limits it
 * must fit (issue 12): memory for the particles and their optimizer state, for one step's
 * per-example work (batch or data rows), for the data and for the recording; and work, the number of
 * per-example gradient evaluations. A refusal names the field that costs the most and the limit.
 * Estimates, deliberately simple and a little generous; pure code (the Node side passes the machine's memory).
 */
import { optimizerDescriptor } from '../optim/descriptors';
import { modelEstimate } from '../model/size-estimate';
import type { Experiment, Run } from './experiment';
import type { SpecIssue } from './issues';

const GiB = 2 ** 30;

export interface BudgetLimits {
  /** Bytes the experiment may hold at once (state, a step's work, data, recording). */
  memoryBytes: number;
  /** Per-example gradient evaluations over the whole experiment (steps × particles × examples per step). */
  work: number;
}

/** Limits on a machine with `totalMemoryBytes` of memory: half of it, between 1 GiB and 16 GiB. */
export function machineBudget(totalMemoryBytes: number): BudgetLimits {
  return { memoryBytes: Math.min(16 * GiB, Math.max(GiB, totalMemoryBytes / 2)), work: 1e13 };
}

/** The limits used where the machine is not known (the renderer, tests): those of an 8 GiB machine. */
export const DEFAULT_BUDGET: BudgetLimits = machineBudget(8 * 2 ** 30);

/** Vectors of length D a step works with besides the state (Φ, the gradient, temporaries). */
const WORKING_VECTORS = 6;
/** Bytes a step holds per particle and example: a float32 per coordinate and the loss, forward and backward. */
const bytesPerExample = (D: number) => 2 * 4 * (D + 1);
/**
 * Bytes of one recorded particle at one recorded step, counting the lab's export (issue 18): the
 * recorder's typed array (4 or 8 bytes a coordinate), the one export the lab computes at a time for
 * every page that asks (a packed copy of the same size), and that export's JSON where it is sent as one
 * message (≤ 22 bytes a coordinate and 4 a particle), with room for the JSON of a plain recording that
 * a replay exports. The server also refuses new exports while those it still sends hold more than this
 * budget's memory (src-main/server/export-hub.ts).
 */
const bytesPerRecorded = (D: number) => 48 * D + 96;
/** A CSV in memory: its text, its parsed rows, their float32 copy. */
const CSV_BYTES_PER_BYTE = 3;

/** What a piece of memory holds. */
export type BudgetCategory = 'particles' | 'step' | 'data' | 'recording';

const CATEGORY_WORDS: Record<BudgetCategory, string> = {
  particles: 'the particles and their optimizer state',
  step: "one step's examples",
  data: 'the data',
  recording: 'the recording',
};

/** One thing that costs memory, with the field a user would change to make it smaller. */
export interface BudgetItem {
  path: string;
  category: BudgetCategory;
  what: string;
  bytes: number;
}

export interface BudgetEstimate {
  items: BudgetItem[];
  memoryBytes: number;
  work: number;
  /** The run and step count that dominate the work, for the message. */
  workPath: string;
}

/** Examples one gradient of run `run` reads per particle and step (1 without data). */
function examplesPerStep(run: Run, rows: number | undefined): number {
  const g = run.gradient;
  const base = g.kind === 'minibatch' ? g.batch : (rows ?? 1);
  const substeps = run.dynamics.type === 'sgd' ? 1 : run.dynamics.substeps;
  const sigma = run.dynamics.type === 'langevin' ? run.dynamics.sigmaSample : 0;
  return (base + sigma) * substeps;
}

/**
 * The estimate of `experiment`. `csvBytes` is the size of its CSV file when known (the command line
 * knows it; rows are then taken as one per 8 bytes).
 */
export function estimateBudget(experiment: Experiment, csvBytes?: number): BudgetEstimate {
  const data = experiment.loss.data;
  const model = experiment.loss.model ? modelEstimate(experiment.loss.model, data) : null;
  const D = model?.D ?? experiment.loss.params.length;
  const items: BudgetItem[] = [];
  let rows: number | undefined;
  if (model?.rows !== undefined) {
    rows = model.rows;
    items.push({
      path: 'loss.data.n',
      category: 'data',
      what: `${rows} examples × ${model.inputs + 1} columns`,
      bytes: rows * (model.inputs + 1) * 8,
    });
  } else if (data && 'vars' in data) {
    rows = data.n;
    const vars = Math.max(1, Object.keys(data.vars).length);
    items.push({
      path: 'loss.data.n',
      category: 'data',
      what: `${data.n} generated rows × ${vars} columns`,
      bytes: data.n * vars * 12,
    });
  } else if (data && 'csv' in data && csvBytes !== undefined) {
    rows = Math.ceil(csvBytes / 8);
    items.push({
      path: 'loss.data.csv',
      category: 'data',
      what: `a ${formatBytes(csvBytes)} CSV file`,
      bytes: csvBytes * CSV_BYTES_PER_BYTE,
    });
  }
  const recordedSteps = Math.floor(experiment.steps / experiment.record.every) + 2;
  let work = 0;
  let workPath = 'steps';
  let heaviest = 0;
  experiment.runs.forEach((run, i) => {
    const at = `runs[${i}]`;
    const P = run.particles;
    // Per-particle vectors of length D the optimizer keeps besides Φ: its state slots (the optimizer table).
    const vectors = WORKING_VECTORS + optimizerDescriptor(run.optimizer.type).kernel.slots.length;
    items.push({
      path: `${at}.particles`,
      category: 'particles',
      what: `${P} particles × ${D} coordinates × ${vectors} vectors (${run.optimizer.type})`,
      bytes: P * D * 4 * vectors,
    });
    const E = examplesPerStep(run, rows);
    if (E > 1)
      items.push({
        path: run.gradient.kind === 'minibatch' ? `${at}.gradient.batch` : `${at}.particles`,
        category: 'step',
        what: `one step of ${P} particles × ${E} examples`,
        bytes: P * E * bytesPerExample(D),
      });
    const recorded = Math.min(experiment.record.particles, P);
    items.push({
      path: recorded * recordedSteps >= P ? 'record' : `${at}.particles`,
      category: 'recording',
      what: `the recording of ${at}: ${recordedSteps} recorded steps × ${recorded} particles, and ${P} final positions`,
      bytes: (recorded * recordedSteps + P) * bytesPerRecorded(D),
    });
    const runWork = experiment.steps * P * E;
    work += runWork;
    if (runWork > heaviest) [heaviest, workPath] = [runWork, E > P ? `${at}.gradient` : `${at}.particles`];
  });
  return { items, memoryBytes: items.reduce((sum, item) => sum + item.bytes, 0), work, workPath };
}

/** What exceeds `limits`, each problem at the field that costs the most, saying the estimate and the limit. */
export function budgetIssues(experiment: Experiment, limits: BudgetLimits, csvBytes?: number): SpecIssue[] {
  const estimate = estimateBudget(experiment, csvBytes);
  const issues: SpecIssue[] = [];
  if (estimate.memoryBytes > limits.memoryBytes) {
    const { path, what, parts } = heaviest(estimate.items);
    issues.push({
      path,
      message:
        `needs about ${formatBytes(estimate.memoryBytes)} of memory, over the limit of ${formatBytes(limits.memoryBytes)} ` +
        `(${parts}); the most is ${what}${path === 'record' ? ' (record.every, record.particles)' : ''}. ` +
        'Make it smaller, or pass --no-budget',
    });
  }
  if (estimate.work > limits.work)
    issues.push({
      path: estimate.workPath,
      message:
        `needs about ${estimate.work.toExponential(1)} gradient evaluations (steps × particles × examples per step), ` +
        `over the limit of ${limits.work.toExponential(0)}; make it smaller, or pass --no-budget`,
    });
  return issues;
}

/**
 * Where most of the memory goes: the category that costs the most, the field of its largest item
 * (or `runs` when it is spread over several runs), and every category's share in words.
 */
function heaviest(items: BudgetItem[]): { path: string; what: string; parts: string } {
  const totals = new Map<BudgetCategory, number>();
  for (const item of items) totals.set(item.category, (totals.get(item.category) ?? 0) + item.bytes);
  const sorted = [...totals].sort((a, b) => b[1] - a[1]);
  const [category, total] = sorted[0]!;
  const inCategory = items.filter((i) => i.category === category);
  const top = inCategory.reduce((a, b) => (b.bytes > a.bytes ? b : a));
  const spread = top.bytes < total / 2;
  return {
    path: spread ? 'runs' : top.path,
    what: spread ? `${CATEGORY_WORDS[category]} of ${inCategory.length} runs` : top.what,
    parts: sorted
      .filter(([, bytes]) => bytes > 0)
      .map(([c, bytes]) => `${CATEGORY_WORDS[c]} ${formatBytes(bytes)}`)
      .join(', '),
  };
}

/** Bytes in words: `512 MB`, `2.8 GB` (powers of 1024). */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB', 'PB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}
