/**
 * The host's side of one sweep worker (sweep-worker.ts): starts the thread with the grid, waits for its
 * verdict on the grid, asks it for one cell at a time. A worker that dies fails what was asked of it
 * with the reason.
 */
import type { SweepCell } from '../../shared/contract/lab';
import type { SpecIssue } from '../../shared/experiment/issues';
import { Worker } from 'node:worker_threads';
import { bundledEntry } from '../files/bundle';
import type { SweepCellRequest, SweepWorkerData, SweepWorkerMessage } from './sweep-protocol';

/** The JS heap a sweep worker may use (as a run worker's: a cell's recording lives there a while). */
const WORKER_HEAP_MB = 4096;

/** Where the sweep worker's code is: the bundled sweep worker (out/cli/sweep-worker.js). */
export function sweepWorkerUrl(): URL {
  return bundledEntry('sweep-worker');
}

export class SweepThread {
  private readonly worker: Worker;
  /** Messages not read yet, oldest first. */
  private readonly inbox: SweepWorkerMessage[] = [];
  private wake: (() => void) | null = null;
  /** Set once the worker is gone, with the reason. */
  private deadReason: string | null = null;

  constructor(url: URL, data: SweepWorkerData) {
    this.worker = new Worker(url, { workerData: data, resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB } });
    this.worker.on('message', (message: SweepWorkerMessage) => this.deliver(message));
    this.worker.on('error', (error) => this.die(`the sweep's worker crashed: ${error.message}`));
    this.worker.on('exit', (code) => this.die(`the sweep's worker stopped (exit code ${code})`));
  }

  /** The worker's verdict on the grid: its number of cells, or the issues of the cells that are not valid. */
  async checked(): Promise<{ total: number } | { issues: SpecIssue[] }> {
    const message = await this.next();
    if (message.type === 'checked') return { total: message.total };
    if (message.type === 'invalid') return { issues: message.issues };
    throw new Error(`the sweep's worker answered ${message.type} before checking the grid`);
  }

  /** Runs cell `index` in the worker; rejects with the cell's failure or the worker's death. */
  async runCell(index: number): Promise<SweepCell> {
    if (this.deadReason) throw new Error(this.deadReason);
    this.worker.postMessage({ type: 'cell', index } satisfies SweepCellRequest);
    const message = await this.next();
    if (message.type === 'cell') return message.cell;
    if (message.type === 'failed') throw new Error(message.error);
    throw new Error(`the sweep's worker answered ${message.type} for a cell`);
  }

  /** Stops the worker (whatever it was doing). */
  async close(): Promise<void> {
    this.deadReason ??= 'the sweep was closed';
    await this.worker.terminate();
  }

  /** The next message, once it arrives; rejects once the worker is gone and nothing is left to read. */
  private async next(): Promise<SweepWorkerMessage> {
    for (;;) {
      const message = this.inbox.shift();
      if (message) return message;
      if (this.deadReason) throw new Error(this.deadReason);
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  private deliver(message: SweepWorkerMessage): void {
    this.inbox.push(message);
    this.wakeReader();
  }

  private die(reason: string): void {
    this.deadReason ??= reason;
    this.wakeReader();
  }

  private wakeReader(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }
}
