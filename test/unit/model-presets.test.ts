/**
 * The network presets (shared/model/presets.ts) are whole experiments: each validates through the
 * experiment schema and validator, its model is what its title says (D by hand from SPEC §13's layout),
 * and a few hundred steps of it through the engine's `runExperiment` lower every run's training loss.
 */
import { describe, expect, it } from 'vitest';
import { NETWORK_PRESETS, findNetworkPreset } from '../../shared/model/presets';
import { validateExperiment } from '../../shared/experiment/validate';
import { runExperiment } from '../../src-main/engine/experiment-runner';

/** D = Σ (fan_in + 1)·fan_out, written out for each preset's widths. */
const D_BY_HAND: Record<string, number> = {
  'two-moons': 3 * 16 + 17 * 16 + 17 * 1,
  spirals: 3 * 24 + 25 * 24 + 25 * 24 + 25 * 1,
  iris: 5 * 8 + 9 * 3,
  sine: 2 * 16 + 17 * 1,
  digits: 785 * 32 + 33 * 10,
};
const INPUTS: Record<string, [number, number]> = {
  'two-moons': [2, 1],
  spirals: [2, 1],
  iris: [4, 3],
  sine: [1, 1],
  digits: [784, 10],
};

function validated(name: string) {
  const result = validateExperiment(findNetworkPreset(name)!.experiment);
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.experiment;
}

describe('network presets', () => {
  it('are the five the lab offers, each with at least two runs', () => {
    expect(NETWORK_PRESETS.map((p) => p.name)).toEqual(['two-moons', 'spirals', 'iris', 'sine', 'digits']);
    for (const p of NETWORK_PRESETS) expect(p.experiment.runs.length).toBeGreaterThanOrEqual(2);
  });

  it.each(NETWORK_PRESETS.map((p) => p.name))('%s validates with the D its widths give', (name) => {
    const result = validateExperiment(findNetworkPreset(name)!.experiment);
    expect(result.ok ? [] : result.issues).toEqual([]);
    const e = validated(name);
    const [inputs, outputs] = INPUTS[name]!;
    const widths = [inputs, ...e.loss.model!.hidden, outputs];
    let D = 0;
    for (let l = 0; l + 1 < widths.length; l++) D += (widths[l]! + 1) * widths[l + 1]!;
    expect(D).toBe(D_BY_HAND[name]);
  });

  it.each(NETWORK_PRESETS.map((p) => p.name))(
    '%s trains: a few hundred steps lower every run’s training loss by 10 % or more',
    async (name) => {
      // Spirals sit on a plateau longer (its story): 1200 steps; the others 300.
      const steps = name === 'spirals' ? 1200 : 300;
      const e = { ...validated(name), steps, record: { every: steps / 6, particles: 1 } };
      const recording = await runExperiment(e, { baseDir: '.', threads: 1 });
      for (const run of recording.runs) {
        const loss = run.loss as number[];
        expect(loss.length).toBe(7);
        expect(loss[6]!).toBeLessThan(0.9 * loss[0]!);
      }
    },
    120_000,
  );
});
