/**
 * The run workers' scheduling priority. On a machine with few cores the lab's workers and the view
 * that draws their frames (a browser, Electron's renderer, a software rasterizer) share the CPU; the
 * runs step with whatever the view leaves, so the view stays smooth and the runs lose little (the
 * view only needs its frames). Linux gives each thread its own nice value (setpriority on the thread
 * id); elsewhere nothing changes.
 */
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';

/** The nice value of the run workers: below the view, above nothing else of the user's. */
export const WORKER_NICE = 10;

/** The calling thread's id on Linux (`/proc/thread-self` → `<pid>/task/<tid>`), else null. */
export function threadId(): number | null {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    return Number.isInteger(tid) && tid > 0 ? tid : null;
  } catch {
    return null;
  }
}

/** Lowers the calling thread's priority to `nice` (Linux only); whether it did. */
export function lowerThreadPriority(nice = WORKER_NICE): boolean {
  const tid = threadId();
  if (tid === null) return false;
  try {
    setPriority(tid, nice);
    return true;
  } catch {
    return false;
  }
}
