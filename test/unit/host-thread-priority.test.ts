/**
 * The run workers step below the view's priority: on Linux a run worker's thread has the nice value
 * WORKER_NICE and the host's own thread keeps its own (read back from /proc, not from our code); the
 * prompt worker (Instant mode's short computations) keeps the host's.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { WorkerPool } from '../../src-main/host/worker-pool';
import { WORKER_NICE, threadId } from '../../src-main/host/thread-priority';
import { engineModule } from './lab-fixtures';

/** Each thread of this process with its nice value (field 19 of /proc/self/task/<tid>/stat). */
function niceByThread(): Map<number, number> {
  const out = new Map<number, number>();
  for (const tid of readdirSync('/proc/self/task')) {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(Number(tid), Number(fields[16]));
    } catch {
      // The thread ended meanwhile.
    }
  }
  return out;
}

let pool: WorkerPool | null = null;
afterEach(async () => {
  await pool?.close();
  pool = null;
});

describe.runIf(process.platform === 'linux')('run workers’ priority', () => {
  it('a run worker’s thread gets WORKER_NICE; the host’s thread keeps its own', async () => {
    const main = threadId()!;
    const before = niceByThread();
    const own = before.get(main)!;
    expect(own).toBeLessThan(WORKER_NICE);
    pool = new WorkerPool({ engineModule, size: 1 });
    pool.acquire();
    let lowered: number[] = [];
    for (let k = 0; k < 200 && lowered.length === 0; k++) {
      await new Promise((r) => setTimeout(r, 50));
      lowered = [...niceByThread()].filter(([tid, nice]) => nice === WORKER_NICE && !before.has(tid)).map(([t]) => t);
    }
    expect(lowered).toHaveLength(1);
    expect(niceByThread().get(main)).toBe(own);
  });

  it('the prompt worker (Instant mode’s small runs) keeps the host’s priority', async () => {
    const before = niceByThread();
    const own = before.get(threadId()!)!;
    pool = new WorkerPool({ engineModule, size: 1 });
    // Answered: the worker's start-up (where a run worker lowers itself) has run.
    expect(await pool.prompt().call({ type: 'dispose', id: 1 })).toBeNull();
    const fresh = [...niceByThread()].filter(([tid]) => !before.has(tid));
    expect(fresh.length).toBeGreaterThan(0);
    expect(fresh.filter(([, nice]) => nice !== own)).toEqual([]);
  });
});
