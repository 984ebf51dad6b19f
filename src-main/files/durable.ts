/**
 * Durable file writes, the one place the main side replaces or appends files: a whole file replaced
 * atomically (a temporary file beside it, fsynced, renamed over it, removed again on any failure), so
 * that a kill leaves the old contents or the new, never half; and lines appended with an fsync (at
 * worst an unfinished last line, which a resumed sweep drops). Contents may come as chunks, so that a
 * recording of gigabytes is never one string.
 */
import { open, rename, rm } from 'node:fs/promises';
import path from 'node:path';

/** Distinguishes temporary files of one process made in the same millisecond. */
let serial = 0;

/** Writes `content` (text, or its chunks in order) to a new `file` and fsyncs it; an existing file is an error. */
export async function writeSynced(file: string, content: string | Iterable<string>): Promise<void> {
  const handle = await open(file, 'wx');
  try {
    if (typeof content === 'string') await handle.writeFile(content);
    else for (const chunk of content) await handle.write(chunk);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Replaces `file` with `content` (text, or its chunks in order) in one step; its folder must exist. */
export async function writeFileAtomic(file: string, content: string | Iterable<string>): Promise<void> {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${Date.now()}.${serial++}.tmp`);
  try {
    await writeSynced(temp, content);
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
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
