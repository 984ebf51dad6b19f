/**
 * The one data reader (files/data-file.ts): regular files only (a device, a FIFO, a folder refused
 * before a byte is read, on the command line too), a size limit, the SHA-256 of what it read and the
 * refusal of a file whose hash differs; a view's root confined to its folder, links included.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readDataFile } from '../../src-main/files/data-file';
import { DataError } from '../../src-main/engine/loss/data-error';

const dir = mkdtempSync(path.join(tmpdir(), 'sgd-data-file-'));
mkdirSync(path.join(dir, 'folder'));
mkdirSync(path.join(dir, 'inner'));
writeFileSync(path.join(dir, 'rows.csv'), 'u\n1\n2\n');
writeFileSync(path.join(dir, 'inner', 'deep.csv'), 'u\n5\n');
execFileSync('mkfifo', [path.join(dir, 'pipe')]);
symlinkSync(path.join(dir, 'rows.csv'), path.join(dir, 'inner', 'back.csv'));
symlinkSync('/etc/hostname', path.join(dir, 'out.csv'));

async function refusal(name: string, root: Parameters<typeof readDataFile>[1], options = {}): Promise<string> {
  const started = performance.now();
  const error = await readDataFile(name, root, options).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DataError);
  expect(performance.now() - started).toBeLessThan(2000);
  return (error as Error).message;
}

describe('readDataFile', () => {
  it('reads a regular file with its SHA-256 (as sha256sum gives it)', async () => {
    const file = await readDataFile('rows.csv', dir);
    expect(file.text).toBe('u\n1\n2\n');
    expect(file.size).toBe(6);
    // `printf 'u\n1\n2\n' | sha256sum`
    expect(file.sha256).toBe('0fcf15be4dbf8c05bb71e43348ffc4f16ff805d7ee95c7812ac678339d9feb39');
  });

  it('refuses a device, a FIFO and a folder on the command line too, before reading', async () => {
    expect(await refusal('/dev/zero', dir)).toBe('/dev/zero: is a device, not a regular file: data must be a CSV file');
    expect(await refusal('pipe', dir)).toBe(
      `${path.join(dir, 'pipe')}: is a FIFO (named pipe), not a regular file: data must be a CSV file`,
    );
    expect(await refusal('folder', dir)).toBe(
      `${path.join(dir, 'folder')}: is a folder, not a regular file: data must be a CSV file`,
    );
  });

  it('refuses a file over the size limit and one whose SHA-256 differs', async () => {
    expect(await refusal('rows.csv', dir, { maxBytes: 5 })).toMatch(/rows\.csv: is larger than 0 MB/);
    const other = '0'.repeat(64);
    expect(await refusal('rows.csv', { dir, confined: true }, { sha256: other })).toBe(
      'rows.csv: has changed since the recording was made (its SHA-256 differs): restore the original file',
    );
  });

  it('confines a view to its folder: no absolute path, no .., no link out; a link inside is fine', async () => {
    const root = { dir, confined: true };
    expect(await refusal('/etc/hostname', root)).toMatch(/^\/etc\/hostname: must be relative/);
    expect(await refusal('inner/../../x.csv', root)).toMatch(/must stay in the folder/);
    expect(await refusal('out.csv', root)).toBe('out.csv: is a link that leaves the folder of the experiment file');
    expect((await readDataFile('inner/back.csv', root)).text).toBe('u\n1\n2\n');
    expect((await readDataFile('deep.csv', { dir: path.join(dir, 'inner'), confined: true })).text).toBe('u\n5\n');
    // A file the user named is readable from a confined root outside its folder.
    const allowed = { dir: path.join(dir, 'inner'), confined: true, allowed: [path.join(dir, 'rows.csv')] };
    expect((await readDataFile('../rows.csv', allowed)).text).toBe('u\n1\n2\n');
    expect(await refusal('../folder', allowed)).toMatch(/must stay in the folder/);
  });
});
