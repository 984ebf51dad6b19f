/**
 * resources/theory/momentum.lab.json (issue #18, numerics 5): its two runs draw their own noise, so
 * they are the same in distribution, not one trajectory; with the same noise (each run alone as run 0
 * of the same seed, as every cell of the sweep is) they are one trajectory.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ExperimentInput } from '../../shared/experiment/experiment';
import { runExperiment } from '../../src-main/engine/experiment-runner';
import { experimentOf } from './theory-fixtures';

const file = resolve(import.meta.dirname, '../../resources/theory/momentum.lab.json');
const input = JSON.parse(readFileSync(file, 'utf8')) as ExperimentInput;

/** The final positions of every run of an experiment (compiled backend, one thread). */
async function finals(spec: ExperimentInput): Promise<number[][]> {
  const rec = await runExperiment(experimentOf(spec), { baseDir: '.', backend: 'compiled', threads: 1 });
  return rec.runs.map((r) => r.final.positions.map((p) => p[0]!));
}

const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;
const variance = (a: number[]) => a.reduce((s, v) => s + (v - mean(a)) ** 2, 0) / (a.length - 1);

describe('momentum.lab.json', () => {
  it('says "the same in distribution", not "one trajectory"', () => {
    expect(input.description).toContain('the same in distribution');
    expect(input.description).not.toMatch(/: one trajectory/);
  });

  it('its two runs differ particle by particle but agree in distribution (mean, variance)', async () => {
    const [a, b] = (await finals(input)) as [number[], number[]];
    expect(Math.max(...a.map((v, i) => Math.abs(v - b[i]!)))).toBeGreaterThan(0.01);
    const P = a.length;
    // Two-sample checks at about 4 standard errors: the means, and the log of the variance ratio
    // (its sd is √(2/(P − 1) · 2) for two clouds of P).
    expect(Math.abs(mean(a) - mean(b))).toBeLessThan(4 * Math.sqrt((variance(a) + variance(b)) / P));
    expect(Math.abs(Math.log(variance(a) / variance(b)))).toBeLessThan(4 * Math.sqrt(4 / (P - 1)));
  });

  it('with the same noise (each run alone, as in the sweep) the two are one trajectory', async () => {
    const alone = async (k: number) => (await finals({ ...input, runs: input.runs.slice(k, k + 1) }))[0]!;
    const [a, b] = [await alone(0), await alone(1)];
    a.forEach((v, i) => expect(Math.abs(v - b[i]!)).toBeLessThan(1e-12));
  });
});
