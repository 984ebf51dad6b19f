/**
 * A real `sgd-lab serve` process confines every experiment's data file (issue 18, security 1): a
 * `surface` (what a page sends by itself for an opened recording), `load` or `sweep` naming
 * `/etc/passwd`, `../../…`, `/dev/zero`, a FIFO, a folder or a link out of the folder is refused at
 * once, by its path, and no byte of the file reaches the reply; the experiment's own data and a file
 * the user named on the command line still load.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServe, type ServeProcess } from './serve-process';
import { openLabSocket, type LabSocketClient } from './serve-socket';

const root = mkdtempSync(path.join(tmpdir(), 'sgd-serve-data-'));
const folder = path.join(root, 'exp');
mkdirSync(path.join(folder, 'sub'), { recursive: true });
mkdirSync(path.join(root, 'elsewhere'));
// u = 2 everywhere: (x − u)² + y² has its minimum 0 at x = 2.
writeFileSync(path.join(folder, 'rows.csv'), 'u\n2\n2\n');
writeFileSync(path.join(root, 'elsewhere', 'named.csv'), 'u\n1\n1\n');
writeFileSync(path.join(root, 'elsewhere', 'secret.csv'), 'u,topsecret\n3,4\n');
execFileSync('mkfifo', [path.join(folder, 'pipe.csv')]);
symlinkSync('/etc/passwd', path.join(folder, 'link.csv'));
symlinkSync('/dev/zero', path.join(folder, 'zero.csv'));
const loss = (csv: string) => ({
  expr: '(x - u)^2 + y^2',
  data: { csv },
  domain: [
    [0, 4],
    [-2, 2],
  ],
});
const spec = (csv: string) => ({ steps: 10, loss: loss(csv), runs: [{ optimizer: { type: 'sgd' }, start: [0, 0] }] });
// The experiment the user opens names a file outside its folder: theirs, so it stays readable.
writeFileSync(path.join(folder, 'exp.lab.json'), JSON.stringify(spec('../elsewhere/named.csv')));
/** The first line of /etc/passwd: no reply may carry it. */
const passwdLine = readFileSync('/etc/passwd', 'utf8').split('\n')[0]!;

let serve: ServeProcess;
let lab: LabSocketClient;
const ask = (command: unknown) => lab.ask(command);

beforeAll(async () => {
  serve = await startServe(['--experiment', path.join(folder, 'exp.lab.json')]);
  lab = await openLabSocket(serve);
}, 60_000);
afterAll(async () => {
  lab?.close();
  if (serve) await serve.stop();
});

describe('sgd-lab serve: data files', () => {
  it('refuses a surface naming /etc/passwd or ../../ by the path, with no line of the file', async () => {
    const climb = path.relative(folder, '/etc/passwd');
    for (const [csv, why] of [
      ['/etc/passwd', 'must be relative to the experiment file'],
      [climb, 'must stay in the folder of the experiment file'],
      ['../elsewhere/secret.csv', 'must stay in the folder of the experiment file'],
    ]) {
      const { reply, ms, text } = await ask({ type: 'surface', resolution: 8, spec: spec(csv!) });
      expect(reply.ok).toBe(false);
      expect(reply.error).toBe(
        `invalid experiment:\nloss.data.csv: ${why} in the lab (no ${csv!.startsWith('/') ? 'absolute path' : '..'})`,
      );
      expect(text).not.toContain(passwdLine);
      expect(text).not.toContain('topsecret');
      expect(ms).toBeLessThan(5000);
    }
  });

  it('refuses /dev/zero, a FIFO, a folder and links out of the folder as no regular file, at once', async () => {
    const cases: [string, RegExp][] = [
      ['/dev/zero', /^invalid experiment:\nloss\.data\.csv: must be relative/],
      ['pipe.csv', /^pipe\.csv: is a FIFO \(named pipe\), not a regular file/],
      ['sub', /^sub: is a folder, not a regular file/],
      ['link.csv', /^link\.csv: is a link that leaves the folder of the experiment file$/],
      ['zero.csv', /^zero\.csv: is a link that leaves the folder of the experiment file$/],
    ];
    for (const [csv, message] of cases) {
      const { reply, ms, text } = await ask({ type: 'surface', resolution: 8, spec: spec(csv) });
      expect([csv, reply.ok]).toEqual([csv, false]);
      expect(reply.error).toMatch(message);
      expect(text).not.toContain(passwdLine);
      expect(text).not.toContain(folder); // no server path
      expect(ms).toBeLessThan(5000);
    }
  });

  it('refuses load and sweep naming files out of the folder; the server stays up', async () => {
    for (const csv of ['/etc/shadow', '../../.env', 'data/../../x.csv']) {
      const { reply } = await ask({ type: 'load', spec: spec(csv) });
      expect(reply.error).toMatch(/^invalid experiment:\nloss\.data\.csv: must (be relative|stay in the folder)/);
    }
    const experiment = { steps: 10, loss: { ...loss('rows.csv'), params: ['x'], domain: [[0, 4]] } };
    const grids = [
      {
        experiment: { ...experiment, loss: { ...experiment.loss, data: { csv: '/etc/shadow' } } },
        vary: [{ path: 'seed', values: [1] }],
      },
      { experiment, vary: [{ path: 'loss.data.csv', values: ['rows.csv', '../../.env'] }] },
    ];
    for (const grid of grids) {
      const { reply } = await ask({ type: 'sweep', grid });
      expect(reply.error).toMatch(/^invalid sweep:\nloss\.data\.csv: must (be relative|stay in the folder)/);
    }
    expect(serve.child.exitCode).toBeNull();
  });

  it('refuses a recording’s data whose SHA-256 differs (a recording opened in the page), by name', async () => {
    // `printf 'u\n2\n2\n' | sha256sum`: the bytes of rows.csv; then a digest they do not have.
    const ROWS_SHA256 = '4faeb1251dea344191c11c527e678ee32ab2b512af908e8b53fca9bac8b39cce';
    const recorded = (hash: string) => ({
      ...spec('rows.csv'),
      loss: { ...loss('rows.csv'), data: { csv: 'rows.csv', sha256: hash } },
    });
    const same = await ask({ type: 'surface', resolution: 5, spec: recorded(ROWS_SHA256) });
    expect(same.reply.surface?.values[2 * 5 + 2]).toBe(0);
    const changed = await ask({ type: 'surface', resolution: 5, spec: recorded('0'.repeat(64)) });
    expect(changed.reply.error).toBe(
      'rows.csv: has changed since the recording was made (its SHA-256 differs): restore the original file',
    );
  });

  it('still draws the folder’s own data and the file the user opened', async () => {
    // (x − 2)² + y² at x = 2, y = 0 and (x − 1)² + y² there: 0 and 1 on the 5×5 grid over [0, 4] × [−2, 2].
    const own = await ask({ type: 'surface', resolution: 5, spec: spec('rows.csv') });
    expect(own.reply.surface?.values[2 * 5 + 2]).toBe(0);
    const named = await ask({ type: 'surface', resolution: 5, spec: spec('../elsewhere/named.csv') });
    expect(named.reply.surface?.values[2 * 5 + 2]).toBe(1);
  });
});
