/**
 * Durable file writes for analyze and sweep: whole files replaced atomically (temporary file, fsync,
 * rename), and lines appended with an fsync, so that a kill never leaves a half-written file behind
 * (at worst an unfinished last line, which a resumed sweep drops).
 */
import { open, rename, rm } from 'node:fs/promises';
import path from 'node:path';

/** Replaces `file` with `content` in one step. */
export async function writeFileAtomic(file: string, content: string): Promise<void> {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`);
  try {
    const handle = await open(tmp, 'w');
    try {
      await handle.writeFile(content);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, file);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
}

/** Appends `content` to `file` (created if missing) and waits until it is on disk. */
export async function appendDurable(file: string, content: string): Promise<void> {
  const handle = await open(file, 'a');
  try {
    await handle.writeFile(content);
    await handle.sync();
  } finally {
    await handle.close();
  }
}
