/**
 * Where `sgd-lab run` writes: `--out DIR` checked before anything is computed (a folder, or creatable,
 * and writable), and `recording.json` + `trace.csv` written as a pair that a kill cannot leave
 * mismatched. Both are written and fsynced in a temporary folder inside DIR (same file system); then
 * the old trace.csv is removed, the new recording.json renamed in, then the new trace.csv: at every
 * moment a trace.csv present belongs to the recording.json beside it, and no half-written file is
 * ever seen. The recording is written in chunks (never one giant string).
 */
import { constants } from 'node:fs';
import { access, mkdtemp, open, readdir, rename, rm, rmdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { jsonChunks } from '../../shared/experiment/json-chunks';
import { writeSynced } from '../files/durable';
import { makeDirs } from '../files/make-dirs';

/** Prefix of the temporary folders; a stale one (a killed run) is removed by the next run. */
const TEMP_PREFIX = '.sgd-lab-writing-';

/** Why `dir` cannot take the output, or undefined when it can (created if missing). */
export async function checkOutDir(dir: string): Promise<string | undefined> {
  try {
    const info = await stat(dir).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
    if (info && !info.isDirectory()) return `--out ${dir} is a file, not a folder`;
    if (!info) await makeDirs(dir);
    await access(dir, constants.W_OK | constants.X_OK);
    // The real test: a folder can be made (and removed) where the output will be written.
    await rmdir(await mkdtemp(path.join(dir, TEMP_PREFIX)));
    return undefined;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return `cannot write to --out ${dir}${code ? ` (${code})` : ''}: ${(error as Error).message.replace(/^[A-Z]+: /, '')}`;
  }
}

async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } catch {
    // Some file systems cannot fsync a folder; the renames are still atomic.
  } finally {
    await handle.close();
  }
}

/** Removes temporary folders a killed run left in `dir`. */
async function removeStale(dir: string): Promise<void> {
  for (const name of await readdir(dir).catch(() => [] as string[]))
    if (name.startsWith(TEMP_PREFIX)) await rm(path.join(dir, name), { recursive: true, force: true });
}

/** Writes `DIR/recording.json` (the JSON of `recording`) and `DIR/trace.csv` as a pair (see above). */
export async function writeOutputPair(dir: string, recording: unknown, trace: string): Promise<void> {
  await makeDirs(dir);
  await removeStale(dir);
  const temp = await mkdtemp(path.join(dir, TEMP_PREFIX));
  try {
    await writeSynced(path.join(temp, 'recording.json'), jsonChunks(recording));
    await writeSynced(path.join(temp, 'trace.csv'), [trace]);
    await syncDir(temp);
    await rm(path.join(dir, 'trace.csv'), { force: true });
    await rename(path.join(temp, 'recording.json'), path.join(dir, 'recording.json'));
    await rename(path.join(temp, 'trace.csv'), path.join(dir, 'trace.csv'));
    await syncDir(dir);
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
}
