/**
 * Turns what a user wrote into the normalized `Experiment`: schema defaults, preset expansion, the
 * defaults that depend on other fields (start, record), and the cross-field checks. Every problem is
 * reported with its path; nothing is thrown for bad input.
 */
import type { z } from 'zod';
import { findPreset, PRESETS } from '../losses/presets';
import { ExperimentInputSchema, LossInputSchema, type Experiment, type Loss, type Run } from './experiment';
import { averageOf, optimizerDescriptor } from '../optim/descriptors';
import type { OptimizerSettings } from '../optim/entry';
import { fillAverageDefaults, runBatch } from './hyper';
import { formatPath, type SpecIssue } from './issues';
import { modelDataIssues } from './model-data-check';

export type NormalizeResult = { ok: true; experiment: Experiment } | { ok: false; issues: SpecIssue[] };

/** Hooks for checks that live elsewhere (the formula language), so this file stays free of them. */
export interface NormalizeHooks {
  /** Problems of a formula, each message already naming the column; `path` is where it sits. */
  checkFormula?: (expr: string, names: FormulaNames, path: string) => SpecIssue[];
}

export interface FormulaNames {
  params: string[];
  dataVars: string[];
}

function zodIssues(error: z.ZodError): SpecIssue[] {
  const issues = error.issues.map((issue) => {
    let message = issue.message;
    if (issue.code === 'unrecognized_keys')
      message = `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.join(', ')}`;
    if (issue.code === 'invalid_type' && issue.input === undefined) message = 'is required';
    return { path: formatPath(issue.path), message, tooBig: issue.code === 'too_big' };
  });
  // 1e30 is "too large", not also "not an integer" (it is beyond the integers a double holds exactly).
  const tooBig = new Set(issues.filter((i) => i.tooBig).map((i) => i.path));
  return issues
    .filter((i) => !(tooBig.has(i.path) && i.message === 'must be an integer'))
    .map(({ path, message }) => ({ path, message }));
}

function normalizeLoss(input: z.output<typeof ExperimentInputSchema>['loss'], issues: SpecIssue[]): Loss | undefined {
  if (input.model !== undefined) return normalizeModelLoss(input, issues);
  if (input.expr !== undefined && input.preset !== undefined) {
    issues.push({ path: 'loss', message: 'give either expr or preset, not both' });
    return undefined;
  }
  if (input.preset !== undefined) {
    const preset = findPreset(input.preset);
    if (!preset) {
      issues.push({
        path: 'loss.preset',
        message: `unknown preset ${input.preset}: presets are ${PRESETS.map((p) => p.name).join(', ')}`,
      });
      return undefined;
    }
    return {
      expr: preset.expr,
      preset: preset.name,
      params: input.params ?? preset.params,
      ...((input.data ?? preset.data) ? { data: input.data ?? preset.data } : {}),
      domain: input.domain ?? preset.domain,
    };
  }
  if (input.expr === undefined) {
    issues.push({ path: 'loss', message: 'needs expr (a formula) or preset (a built-in loss)' });
    return undefined;
  }
  const params = input.params ?? ['x', 'y'];
  const domain = input.domain ?? params.map((): [number, number] => [-2, 2]);
  return { expr: input.expr, params, ...(input.data ? { data: input.data } : {}), domain };
}

/** A network loss (SPEC §13): a model and its data, no formula. */
function normalizeModelLoss(input: z.output<typeof LossInputSchema>, issues: SpecIssue[]): Loss | undefined {
  const extra = (['expr', 'preset', 'params', 'domain'] as const).filter((k) => input[k] !== undefined);
  for (const k of extra) issues.push({ path: `loss.${k}`, message: `a model loss has no ${k}` });
  if (!input.data) issues.push({ path: 'loss.data', message: 'a model needs data to train on' });
  if (extra.length > 0 || !input.data || !input.model) return undefined;
  return { expr: '', params: [], model: input.model, data: input.data, domain: [] };
}

function dataVarNames(loss: Loss): string[] {
  const data = loss.data;
  if (!data || !('vars' in data)) return [];
  return Object.keys(data.vars);
}

/**
 * When the file as a whole fails the schema, its loss is still checked on its own (a valid `loss`
 * part gets its formula checked), so a user sees every problem at once, not one round at a time.
 */
function lossIssuesAlone(input: unknown, hooks: NormalizeHooks): SpecIssue[] {
  const raw = typeof input === 'object' && input !== null ? (input as { loss?: unknown }).loss : undefined;
  const parsed = LossInputSchema.safeParse(raw);
  if (!parsed.success || !hooks.checkFormula) return [];
  const issues: SpecIssue[] = [];
  const loss = normalizeLoss(parsed.data, issues);
  if (loss && !loss.model)
    issues.push(...hooks.checkFormula(loss.expr, { params: loss.params, dataVars: dataVarNames(loss) }, 'loss.expr'));
  return issues;
}

/**
 * A normalized model loss carries `expr: ""`, `params: []` and `domain: []` (the Loss type's fields);
 * read back (a recording's spec), those empties are dropped before the schema sees them.
 */
function withoutModelEmpties(input: unknown): unknown {
  if (typeof input !== 'object' || input === null) return input;
  const loss = (input as { loss?: unknown }).loss;
  if (typeof loss !== 'object' || loss === null || !('model' in loss)) return input;
  const out = { ...(loss as Record<string, unknown>) };
  if (out.expr === '') delete out.expr;
  for (const k of ['params', 'domain']) if (Array.isArray(out[k]) && (out[k] as unknown[]).length === 0) delete out[k];
  return { ...input, loss: out };
}

export function normalizeExperiment(raw: unknown, hooks: NormalizeHooks = {}): NormalizeResult {
  const input = withoutModelEmpties(raw);
  const parsed = ExperimentInputSchema.safeParse(input, { reportInput: true });
  if (!parsed.success) return { ok: false, issues: [...zodIssues(parsed.error), ...lossIssuesAlone(input, hooks)] };
  const spec = parsed.data;
  const issues: SpecIssue[] = [];
  // A model's data only beside a model, and its targets fitting the model's output (SPEC §13).
  issues.push(...modelDataIssues(spec.loss.data, spec.loss.model));
  const loss = normalizeLoss(spec.loss, issues);
  if (!loss) return { ok: false, issues };
  const D = loss.params.length;

  if (loss.domain.length !== D)
    issues.push({ path: 'loss.domain', message: `needs one [min, max] per parameter (${D})` });
  loss.domain.forEach(([lo, hi], i) => {
    if (!(lo < hi)) issues.push({ path: `loss.domain[${i}]`, message: 'min must be < max' });
  });
  if (new Set(loss.params).size !== D) issues.push({ path: 'loss.params', message: 'parameters must differ' });
  const dataVars = dataVarNames(loss);
  for (const v of dataVars)
    if (loss.params.includes(v)) issues.push({ path: `loss.data.vars.${v}`, message: `${v} is also a parameter` });
  if (loss.data && 'vars' in loss.data) {
    for (const [name, gen] of Object.entries(loss.data.vars))
      if ('uniform' in gen && !(gen.uniform[0] < gen.uniform[1]))
        issues.push({ path: `loss.data.vars.${name}.uniform`, message: 'lo must be < hi' });
  }
  if (hooks.checkFormula && !loss.model)
    issues.push(...hooks.checkFormula(loss.expr, { params: loss.params, dataVars }, 'loss.expr'));

  const preset = loss.preset ? findPreset(loss.preset) : undefined;
  const center = loss.domain.map(([lo, hi]) => (lo + hi) / 2);
  const runs: Run[] = spec.runs.map((run, i) => {
    const at = `runs[${i}]`;
    const given = Array.isArray(run.start) ? run.start : undefined;
    const initSeed = Array.isArray(run.start) ? run.initSeed : (run.start?.initSeed ?? run.initSeed);
    const start = loss.model
      ? (given ?? [])
      : (given ?? (preset && preset.params.length === D ? preset.start : center));
    if (!loss.model && start.length !== D)
      issues.push({ path: `${at}.start`, message: `needs ${D} number${D > 1 ? 's' : ''}, one per parameter` });
    if (!loss.model && initSeed !== undefined)
      issues.push({ path: `${at}.start`, message: "initSeed draws a model's initial weights: give loss.model" });
    if (loss.model && initSeed !== undefined && start.length > 0)
      issues.push({ path: `${at}.start`, message: 'give the weights or initSeed, not both' });
    const opt = run.optimizer as Record<string, unknown>;
    for (const { n, beta: b } of optimizerDescriptor(run.optimizer.type).averages)
      if (opt[n] !== undefined && opt[b] !== undefined)
        issues.push({ path: `${at}.optimizer`, message: `give ${n} or ${b}, not both` });
    const g = run.gradient;
    if (g.kind === 'gaussian' && loss.model) {
      if (g.cov.length !== 1 || g.cov[0]!.length !== 1 || !(g.cov[0]![0]! >= 0))
        issues.push({ path: `${at}.gradient.cov`, message: 'must be one number σ² ≥ 0 for a model (Σ = σ² I)' });
    } else if (g.kind === 'gaussian') {
      const ok = g.cov.length === D && g.cov.every((row) => row.length === D);
      if (!ok) issues.push({ path: `${at}.gradient.cov`, message: `must be a ${D}×${D} matrix` });
      else if (!isSymmetricPsd(g.cov))
        issues.push({ path: `${at}.gradient.cov`, message: 'must be symmetric positive semi-definite' });
    }
    if (g.kind === 'minibatch' && !loss.data)
      issues.push({ path: `${at}.gradient.kind`, message: 'minibatch needs data: give loss.data, or use gaussian' });
    if (run.dynamics.type === 'langevin' && g.kind === 'minibatch' && !loss.data)
      issues.push({ path: `${at}.dynamics`, message: 'langevin with minibatch needs data' });
    if (run.batchScaling && g.kind === 'exact')
      issues.push({ path: `${at}.batchScaling`, message: 'needs a batch: use a minibatch or gaussian gradient' });
    if (run.schedule.type === 'expr' && hooks.checkFormula)
      issues.push(
        ...hooks.checkFormula(run.schedule.expr, { params: ['t', 'lr'], dataVars: [] }, `${at}.schedule.expr`),
      );
    issues.push(...secondMomentIssues(run, at));
    const optimizer = fillAverageDefaults(run.optimizer);
    const { initSeed: _given, ...rest } = run;
    return {
      ...rest,
      optimizer,
      name: run.name ?? `${run.optimizer.type} ${i + 1}`,
      start,
      ...(loss.model && initSeed !== undefined ? { initSeed } : {}),
    };
  });

  const maxP = Math.max(...runs.map((r) => r.particles));
  const record = {
    every: spec.record.every ?? Math.ceil(spec.steps / 1000),
    // A model's positions are D numbers each (SPEC §13): one particle unless asked.
    particles: spec.record.particles ?? (loss.model ? 1 : Math.min(maxP, 100)),
    ...(spec.record.sharpness ? { sharpness: true } : {}),
  };
  if (spec.record.sharpness && !loss.model)
    issues.push({ path: 'record.sharpness', message: "is a model's measure: give loss.model" });
  if (issues.length > 0) return { ok: false, issues };
  const experiment: Experiment = {
    version: 1,
    ...(spec.title !== undefined ? { title: spec.title } : {}),
    ...(spec.description !== undefined ? { description: spec.description } : {}),
    seed: spec.seed,
    steps: spec.steps,
    loss,
    runs,
    record,
  };
  return { ok: true, experiment };
}

/** Symmetric and positive semi-definite, checked by a Cholesky-like pivot test (D ≤ 2 in practice). */
function isSymmetricPsd(m: number[][]): boolean {
  const n = m.length;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (Math.abs(m[i]![j]! - m[j]![i]!) > 1e-12) return false;
  if (n === 1) return m[0]![0]! >= 0;
  if (n === 2) {
    const [a, b, d] = [m[0]![0]!, m[0]![1]!, m[1]![1]!];
    return a >= 0 && d >= 0 && a * d - b * b >= -1e-12;
  }
  return true;
}

/**
 * secondMoment "examples" averages over N_s examples: a step of B examples needs N_s ≥ B. N_s is the
 * optimizer's average that batch scaling leaves alone (its second moment, in the optimizer table).
 */
function secondMomentIssues(run: Omit<Run, 'name' | 'start'>, at: string): SpecIssue[] {
  const opt = run.optimizer as OptimizerSettings;
  const f = optimizerDescriptor(opt.type).averages.find((a) => !a.scalesWithBatch);
  if (opt.secondMoment !== 'examples' || !f) return [];
  const B = runBatch(run);
  const key = opt[f.beta] !== undefined ? f.beta : f.n;
  return averageOf(opt, f) >= B
    ? []
    : [{ path: `${at}.optimizer.${key}`, message: `must be ≥ the batch (${B}): N_s counts examples` }];
}
