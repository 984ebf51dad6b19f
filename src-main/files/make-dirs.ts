/**
 * Creates a folder and its missing parents one level at a time. Node's `mkdir(dir, {recursive: true})`
 * never returns on some pseudo file systems (`/proc/x` on Linux: mkdir says ENOENT for a parent that
 * exists, and Node retries forever); here every level is tried once and a failure is reported at once.
 */
import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';

/** Makes `dir` (and its missing parents); throws an error naming the level that could not be made. */
export async function makeDirs(dir: string): Promise<void> {
  const missing: string[] = [];
  let at = path.resolve(dir);
  for (;;) {
    const info = await stat(at).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return undefined;
      throw error;
    });
    if (info) {
      if (!info.isDirectory()) throw folderError(at, 'ENOTDIR', 'is a file, not a folder');
      break;
    }
    missing.unshift(at);
    const parent = path.dirname(at);
    if (parent === at) break;
    at = parent;
  }
  for (const level of missing) {
    try {
      await mkdir(level);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST' && (await stat(level).catch(() => undefined))?.isDirectory()) continue;
      // The parent exists, yet it says ENOENT: a file system that takes no new folders (/proc, /sys).
      const why = code === 'ENOENT' ? 'this file system does not take new folders' : 'cannot be created';
      throw folderError(level, code ?? 'EIO', why);
    }
  }
}

function folderError(dir: string, code: string, why: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${dir} ${why}`), { code });
}
