/**
 * The shipped examples are files users run first: every `examples/*.lab.json` validates, and the
 * networks example is the model SPEC §13 describes (D = Σ (fan_in + 1)·fan_out = 337 weights).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { modelLayout } from '../../shared/model/layout';
import { validateExperiment } from '../../shared/experiment/validate';

const dir = path.join(import.meta.dirname, '../../examples');
const files = readdirSync(dir).filter((f) => f.endsWith('.lab.json'));

describe('examples', () => {
  it.each(files)('%s validates', (file) => {
    const result = validateExperiment(JSON.parse(readFileSync(path.join(dir, file), 'utf8')));
    expect(result.ok ? [] : result.issues).toEqual([]);
  });

  it('two-moons trains SGD, momentum and Adam on a 2-16-16-1 tanh network', () => {
    const input = JSON.parse(readFileSync(path.join(dir, 'two-moons.lab.json'), 'utf8'));
    const result = validateExperiment(input);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const { loss, runs } = result.experiment;
    expect(loss.model).toMatchObject({ hidden: [16, 16], activation: 'tanh', output: 'logistic' });
    expect(runs.map((r) => r.optimizer.type)).toEqual(['sgd', 'momentum', 'adam']);
    // (2 + 1)·16 + (16 + 1)·16 + (16 + 1)·1, by hand.
    expect(modelLayout(loss.model!, 2, 1).D).toBe(337);
  });
});
