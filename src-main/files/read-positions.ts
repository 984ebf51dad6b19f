/**
 * Reads a recording's positions (SPEC §13), inline or from a side file beside the recording
 * (`{"file", "shape"}`, shared/experiment/position-file.ts): the name must be a bare file name, the file a
 * regular one (no device, FIFO or link), its size exactly 8 bytes per number of the shape. Errors
 * are `PositionFileError`s that name the field (`runs[0].positions`), never a server path.
 */
import { open } from 'node:fs/promises';
import path from 'node:path';
import { constants } from 'node:fs';
import type { PackedPositions } from '../../shared/experiment/packed-positions';
import {
  decodePositionFile,
  isPositionFileRef,
  packInlinePositions,
  positionFileBytes,
  positionFileProblem,
} from '../../shared/experiment/position-file';

export class PositionFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PositionFileError';
  }
}

/**
 * The positions `value` of field `where` (e.g. `runs[1].final.positions`) with `dims` coordinates each:
 * inline arrays, or a side file in `dir` (the recording's folder). `rank` 3: [steps][particles][D];
 * 2: [particles][D].
 */
export async function readPositions(
  value: unknown,
  where: string,
  dir: string,
  rank: 2 | 3,
  dims: number,
): Promise<PackedPositions> {
  if (!isPositionFileRef(value)) {
    try {
      return packInlinePositions(value, rank, dims);
    } catch (error) {
      throw new PositionFileError(
        `${where}${(error as Error).message.startsWith('[') ? '' : ': '}${(error as Error).message}`,
      );
    }
  }
  const problem = positionFileProblem(value, rank);
  if (problem) throw new PositionFileError(`${where}.${problem}`);
  if (value.shape[rank - 1] !== dims)
    throw new PositionFileError(`${where}.shape: ${value.shape[rank - 1]} coordinates, the loss has ${dims}`);
  const name = `${where}.file (${value.file})`;
  let handle;
  try {
    handle = await open(path.join(dir, value.file), constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new PositionFileError(`${name}: cannot be read${code ? ` (${code})` : ''}`);
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw new PositionFileError(`${name}: not a regular file`);
    const bytes = positionFileBytes(value.shape);
    if (info.size !== bytes)
      throw new PositionFileError(
        `${name}: holds ${info.size} bytes, its shape [${value.shape.join(', ')}] needs ${bytes}`,
      );
    const buffer = new Uint8Array(bytes);
    for (let at = 0; at < bytes;) {
      const { bytesRead } = await handle.read(buffer, at, bytes - at, at);
      if (bytesRead === 0) throw new PositionFileError(`${name}: ended early`);
      at += bytesRead;
    }
    return decodePositionFile(buffer, value.shape);
  } finally {
    await handle.close();
  }
}
