/**
 * One run on the compiled backend: its plan and its compiled kernel (cached by source), reading the
 * data's float64 columns as they are. Every random draw is keyed by particle and step, so how particles are split
 * over threads changes nothing.
 */
import type { Experiment, Run } from '../../../shared/experiment/experiment';
import type { DataSet } from '../api';
import { compileKernel, kernelSource, type RunKernel } from '../kernel/js-kernel';
import { planRun, type KernelPlan } from '../kernel/plan';
import { zigguratTables } from '../random/counter-js';

let zig: ReturnType<typeof zigguratTables> | undefined;
/** Compiled kernels by source: the same run compiled twice (a hot change that changes nothing) is reused. */
const kernels = new Map<string, { data: DataSet; kernel: RunKernel }>();

/** The plan and kernel of run `runIndex` (with `run` as its current settings). */
export function compileRun(
  experiment: Experiment,
  run: Run,
  runIndex: number,
  data: DataSet,
): { plan: KernelPlan; kernel: RunKernel; source: string } {
  const plan = planRun(experiment, run, runIndex, data);
  const source = kernelSource(plan, run.start, run.spread);
  const found = kernels.get(source);
  if (found && found.data === data) return { plan, kernel: found.kernel, source };
  zig ??= zigguratTables();
  const kernel = compileKernel(source, { cols: data.columns, zig });
  if (kernels.size > 64) kernels.clear();
  kernels.set(source, { data, kernel });
  return { plan, kernel, source };
}
