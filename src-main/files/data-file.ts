/**
 * The one reader of data files (`loss.data.csv`): every experiment's data, from any command of the
 * command line, the browser lab or the Electron window, is read here. It
 *
 * - confines a view's paths to the experiment's folder (shared/experiment/data-path.ts), links included
 *   (the real path must stay inside), unless the user named the file themselves;
 * - reads only regular files: a device (`/dev/zero`), a FIFO, a folder or a socket is refused after an
 *   `lstat` and again after opening (`fstat`, without blocking on a FIFO), before a byte is read;
 * - reads at most `MAX_DATA_FILE_BYTES`;
 * - hashes what it read (SHA-256, SPEC §9) and refuses bytes that differ from an expected hash.
 *
 * Errors are `DataError`s naming the file as the experiment wrote it (a view never sees a server path).
 */
import { createHash } from 'node:crypto';
import { constants, type Stats } from 'node:fs';
import { lstat, open, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { confinedPathProblem, dataRootOf, type DataDir, type DataRoot } from '../../shared/experiment/data-path';
import { DataError } from '../engine/loss/data-error';

/** The largest data file read: about what one JavaScript string can hold. */
export const MAX_DATA_FILE_BYTES = 512 * 2 ** 20;

export interface DataFile {
  /** The file's text (UTF-8). */
  text: string;
  /** The SHA-256 of its bytes, hex. */
  sha256: string;
  /** Its size in bytes. */
  size: number;
  /** Where it was read (absolute). */
  path: string;
  /** The name for messages: as written for a confined root, else the absolute path. */
  label: string;
}

export interface ReadDataOptions {
  /** The SHA-256 the bytes must have (a recording's data, SPEC §9). */
  sha256?: string;
  /** At most this many bytes (default `MAX_DATA_FILE_BYTES`). */
  maxBytes?: number;
}

/** The absolute path `name` stands for under `root`. */
export function resolveDataPath(name: string, root: DataDir): string {
  return path.resolve(dataRootOf(root).dir, name);
}

/** Why a view may not name `name` under `root` (by its text alone), or undefined. */
export function dataPathProblem(name: string, root: DataDir): string | undefined {
  const r = dataRootOf(root);
  if (!r.confined || isAllowed(name, r)) return undefined;
  return confinedPathProblem(name);
}

/**
 * What identifies the current contents of a loss's CSV file without reading it (size, modification
 * time, inode), for caches of loaded data; '' for generated data or a file that cannot be seen.
 */
export async function dataFileVersion(data: object | undefined, root: DataDir): Promise<string> {
  const csv = data && 'csv' in data ? data.csv : undefined;
  if (typeof csv !== 'string') return '';
  const info = await stat(resolveDataPath(csv, root)).catch(() => undefined);
  return info ? `${info.size}:${info.mtimeMs}:${info.ino}` : '';
}

/** Reads the data file `name` (as the experiment writes it) under `root`'s rules; see above. */
export async function readDataFile(name: string, root: DataDir, options: ReadDataOptions = {}): Promise<DataFile> {
  const r = dataRootOf(root);
  const file = resolveDataPath(name, r);
  const label = r.confined ? name : file;
  const fail = (why: string): never => {
    throw new DataError(`${label}: ${why}`, label);
  };
  const problem = dataPathProblem(name, r);
  if (problem !== undefined) fail(problem);
  const real = await realpath(file).catch((error: NodeJS.ErrnoException) => fail(cannotRead(error)));
  if (r.confined && !isAllowed(name, r) && !inside(real, await realpath(r.dir).catch(() => r.dir)))
    fail('is a link that leaves the folder of the experiment file');
  const before = await lstat(real).catch((error: NodeJS.ErrnoException) => fail(cannotRead(error)));
  if (!before.isFile()) fail(notRegular(before));
  const maxBytes = options.maxBytes ?? MAX_DATA_FILE_BYTES;
  if (before.size > maxBytes) fail(tooLarge(maxBytes));
  // O_NONBLOCK: a file swapped for a FIFO since the lstat cannot hang the open.
  const flags = constants.O_RDONLY | constants.O_NONBLOCK | (constants.O_NOFOLLOW ?? 0);
  const handle = await open(real, flags).catch((error: NodeJS.ErrnoException) => fail(cannotRead(error)));
  let bytes: Buffer;
  try {
    const info = await handle.stat();
    if (!info.isFile() || info.ino !== before.ino || info.dev !== before.dev) fail(notRegular(info));
    bytes = await readAtMost(handle, maxBytes, info.size).catch((error: NodeJS.ErrnoException) =>
      fail(cannotRead(error)),
    );
  } finally {
    await handle.close();
  }
  if (bytes.length > maxBytes) fail(tooLarge(maxBytes));
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  if (options.sha256 !== undefined && options.sha256.toLowerCase() !== sha256)
    fail('has changed since the recording was made (its SHA-256 differs): restore the original file');
  return { text: bytes.toString('utf8'), sha256, size: bytes.length, path: file, label };
}

/** Up to `maxBytes + 1` bytes of the open file (one more tells that it is too large). */
async function readAtMost(handle: Awaited<ReturnType<typeof open>>, maxBytes: number, size: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const want = Math.min(Math.max(size - total, 1 << 16), maxBytes + 1 - total);
    if (want <= 0) break;
    const buffer = Buffer.allocUnsafe(want);
    const { bytesRead } = await handle.read(buffer, 0, want, null);
    if (bytesRead === 0) break;
    chunks.push(buffer.subarray(0, bytesRead));
    total += bytesRead;
  }
  return Buffer.concat(chunks, total);
}

function isAllowed(name: string, root: DataRoot): boolean {
  return root.allowed?.includes(resolveDataPath(name, root)) ?? false;
}

function inside(file: string, dir: string): boolean {
  const rel = path.relative(dir, file);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

function cannotRead(error: NodeJS.ErrnoException): string {
  return `cannot read the file${error.code ? ` (${error.code})` : ''}`;
}

function notRegular(info: Stats): string {
  const kind = info.isDirectory()
    ? 'a folder'
    : info.isFIFO()
      ? 'a FIFO (named pipe)'
      : info.isCharacterDevice() || info.isBlockDevice()
        ? 'a device'
        : info.isSocket()
          ? 'a socket'
          : 'not a plain file';
  return `is ${kind}, not a regular file: data must be a CSV file`;
}

function tooLarge(maxBytes: number): string {
  return `is larger than ${Math.round(maxBytes / 2 ** 20)} MB, the most a data file may have`;
}
