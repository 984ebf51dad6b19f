/**
 * An exported recording's spec (SPEC §9, Electron's Export recording): the lab host writes its CSV
 * relative to the folder the recording is saved in, with the SHA-256 of the file's bytes, and refuses
 * a file that changed from a hash the experiment already carries.
 */
import { appendFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Experiment } from '../../shared/experiment/experiment';
import { LabHost } from '../../src-main/host/lab-host';
import { engineModule } from './lab-fixtures';

const root = mkdtempSync(path.join(tmpdir(), 'sgd-recorded-spec-'));
mkdirSync(path.join(root, 'exp'));
mkdirSync(path.join(root, 'saved'));
writeFileSync(path.join(root, 'exp', 'rows.csv'), 'u\n2\n4\n');
const file = path.join(root, 'exp', 'e.lab.json');
writeFileSync(
  file,
  JSON.stringify({
    steps: 10,
    loss: { expr: '(x - u)^2', params: ['x'], data: { csv: 'rows.csv' }, domain: [[0, 6]] },
    runs: [{ optimizer: { type: 'sgd', lr: 0.1 }, start: [0] }],
  }),
);
// `printf 'u\n2\n4\n' | sha256sum`
const SHA = '1d0e5a5cb5e0393c5693baa96690b83502fd8f013b0a092d142d7f0486c4e785';

const host = new LabHost({ engineModule, size: 1 });
afterAll(() => host.close());

describe('LabHost.recordedSpec', () => {
  it('writes the CSV relative to the recording’s folder with its SHA-256; refuses a changed file', async () => {
    const loaded = await host.loadFile(file);
    expect(loaded.ok).toBe(true);
    const experiment = (loaded as { experiment: Experiment }).experiment;
    const spec = await host.recordedSpec(experiment, path.join(root, 'saved'));
    expect(spec.loss.data).toEqual({ csv: '../exp/rows.csv', sha256: SHA });
    expect(experiment.loss.data).toEqual({ csv: 'rows.csv' }); // the lab's own spec is left as it was

    appendFileSync(path.join(root, 'exp', 'rows.csv'), '6\n');
    const pinned = { ...experiment, loss: { ...experiment.loss, data: { csv: 'rows.csv', sha256: SHA } } };
    await expect(host.recordedSpec(pinned, path.join(root, 'saved'))).rejects.toThrow(
      'rows.csv: has changed since the recording was made',
    );
  });
});
